import Fluent
import Foundation
import LamasatCore

/// Work the coordinator publishes for volunteers: a delivery at her location, a home visit with the researcher, a
/// distribution day, tutoring, an event.
final class VolunteerOpportunity: Model, @unchecked Sendable {
    static let schema = "volunteer_opportunities"

    @ID(key: .id) var id: UUID?
    /// "VO-2026-000123" (`Counters` "volunteer_opportunity").
    @Field(key: "number") var number: String
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "kind") var kind: OpportunityKind
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "place") var place: String
    @Field(key: "district") var district: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    /// How many volunteers it needs.
    @Field(key: "slots") var slots: Int
    /// `VolunteerSkill` codes it requires.
    @Field(key: "skills") var skills: String
    @Field(key: "status") var status: OpportunityStatus
    /// The support request a delivery or a home visit serves.
    @OptionalField(key: "request_id") var requestID: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var skillList: [VolunteerSkill] { CodeList.parse(skills).compactMap(VolunteerSkill.init(rawValue:)) }
}
