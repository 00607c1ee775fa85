import Fluent
import Foundation
import LamasatCore

/// One volunteer on one opportunity, from the offer to its close, with the hours she logged on it.
final class VolunteerAssignment: Model, @unchecked Sendable {
    static let schema = "volunteer_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "opportunity_id") var opportunityID: UUID
    @Field(key: "volunteer_id") var volunteerID: UUID
    /// The opportunity's branch, kept here so that lists scope without a join.
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "status") var status: AssignmentStatus
    @Field(key: "offered_by") var offeredBy: UUID
    @Field(key: "offered_at") var offeredAt: Date
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalField(key: "confirmed_by") var confirmedBy: UUID?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// When she confirmed she was there.
    @OptionalField(key: "attended_at") var attendedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "close_reason") var closeReason: String
    /// Minutes she logged (0 until she does).
    @Field(key: "minutes") var minutes: Int
    @Field(key: "hours_status") var hoursStatus: HoursStatus
    @Field(key: "hours_note") var hoursNote: String
    @OptionalField(key: "hours_decided_by") var hoursDecidedBy: UUID?
    @OptionalField(key: "hours_decided_at") var hoursDecidedAt: Date?
    /// The delivery she handed over on this assignment.
    @OptionalField(key: "delivery_id") var deliveryID: UUID?

    init() {}

    static func offered(_ opportunity: VolunteerOpportunity, to volunteer: Volunteer, by staff: UUID, at now: Date) throws -> VolunteerAssignment {
        let assignment = VolunteerAssignment()
        assignment.opportunityID = try opportunity.requireID()
        assignment.volunteerID = try volunteer.requireID()
        assignment.branchID = opportunity.branchID
        assignment.status = .offered
        assignment.offeredBy = staff
        assignment.offeredAt = now
        assignment.closeReason = ""
        assignment.minutes = 0
        assignment.hoursStatus = .none
        assignment.hoursNote = ""
        return assignment
    }
}
