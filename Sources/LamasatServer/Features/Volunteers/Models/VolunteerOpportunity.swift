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

extension VolunteerOpportunity {
    /// Creates an opportunity numbered from the counter (inside the caller's transaction, so a rollback gives the
    /// number back): for the demo and the tests, which write what the coordinator's form would.
    static func numbered(_ kind: OpportunityKind, _ title: String, description: String = "", place: String, district: String, branch: UUID,
                         starts: Date, ends: Date, slots: Int = 1, skills: [VolunteerSkill] = [], status: OpportunityStatus = .published,
                         requestID: UUID? = nil, by creator: UUID, at created: Date, on db: any Database) async throws -> VolunteerOpportunity {
        let opportunity = VolunteerOpportunity()
        opportunity.number = ReferenceNumber("VO", sequence: try await Counters.next("volunteer_opportunity", on: db), at: created).description
        opportunity.branchID = branch
        opportunity.kind = kind
        opportunity.title = title
        opportunity.description = description
        opportunity.place = place
        opportunity.district = district
        opportunity.startsAt = starts
        opportunity.endsAt = ends
        opportunity.slots = slots
        opportunity.skills = CodeList.join(skills.map(\.rawValue))
        opportunity.status = status
        opportunity.requestID = requestID
        opportunity.createdBy = creator
        opportunity.createdAt = created
        try await opportunity.create(on: db)
        return opportunity
    }
}
