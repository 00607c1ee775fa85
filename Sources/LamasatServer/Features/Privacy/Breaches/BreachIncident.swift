import Fluent
import Foundation
import LamasatCore

/// One personal-data breach in the register: what happened and whom it touched, the 72-hour clock to notify the
/// authority, the notifications sent, and its closure with the lessons drawn.
final class BreachIncident: Model, @unchecked Sendable {
    static let schema = "breach_incidents"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int64
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    @OptionalField(key: "occurred_at") var occurredAt: Date?
    @Field(key: "discovered_at") var discoveredAt: Date
    @Field(key: "records_affected") var recordsAffected: Int
    @Field(key: "people_affected") var peopleAffected: Int
    @Field(key: "data_categories") var dataCategories: String
    @Field(key: "risk") var risk: BreachRisk
    @Field(key: "containment") var containment: String
    @Field(key: "authority_draft") var authorityDraft: String
    @Field(key: "people_draft") var peopleDraft: String
    @OptionalField(key: "authority_notified_at") var authorityNotifiedAt: Date?
    @Field(key: "authority_reference") var authorityReference: String
    @OptionalField(key: "people_notified_at") var peopleNotifiedAt: Date?
    @Field(key: "people_method") var peopleMethod: String
    @Field(key: "not_notifiable_reason") var notNotifiableReason: String
    @Field(key: "lessons") var lessons: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: UUID?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var reference: String { "BR-\(zeroPadded(number, width: 4))" }

    func clock(now: Date) -> BreachClock {
        BreachClock(discovered: discoveredAt, authorityNotified: authorityNotifiedAt, notRequired: !notNotifiableReason.isEmpty, now: now)
    }
}

extension QueryBuilder where Model == BreachIncident {
    /// Open incidents whose 72-hour clock still runs: the authority not told, nor the incident judged not notifiable.
    @discardableResult
    func awaitingAuthority() -> Self {
        filter(\.$closedAt == nil).filter(\.$authorityNotifiedAt == nil).filter(\.$notNotifiableReason == "")
    }
}
