import Fluent
import Foundation
import LamasatCore

/// A meeting of the research committee ([P-22]).
final class CommitteeMeeting: Model, @unchecked Sendable {
    static let schema = "committee_meetings"

    @ID(key: .id) var id: UUID?
    /// "C-2026-0007", used on the minutes.
    @Field(key: "number") var number: String
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "scheduled_at") var scheduledAt: Date
    @Field(key: "location") var location: String
    @Field(key: "quorum") var quorum: Int
    @Field(key: "is_closed") var isClosed: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class CommitteeMember: Model, @unchecked Sendable {
    static let schema = "committee_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "is_chair") var isChair: Bool

    init() {}

    init(meetingID: UUID, userID: UUID, isChair: Bool) {
        self.meetingID = meetingID
        self.userID = userID
        self.isChair = isChair
    }
}

final class AgendaItem: Model, @unchecked Sendable {
    static let schema = "committee_agenda"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "position") var position: Int
    /// The member who presides over this item when the chair declared a conflict of interest in it.
    @OptionalField(key: "acting_chair_id") var actingChairID: UUID?
    /// Set when the item is her appeal of the request's rejection, not the request's first study.
    @OptionalField(key: "appeal_id") var appealID: UUID?

    init() {}

    init(meetingID: UUID, requestID: UUID, position: Int, appealID: UUID? = nil) {
        self.meetingID = meetingID
        self.requestID = requestID
        self.position = position
        self.appealID = appealID
    }
}

/// A member's vote on a request, or her declared conflict of interest, which keeps her out of that vote.
final class MemberVote: Model, @unchecked Sendable {
    static let schema = "committee_votes"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "member_id") var memberID: UUID
    @OptionalField(key: "vote") var vote: CommitteeVote?
    @Field(key: "has_conflict") var hasConflict: Bool
    @Field(key: "note") var note: String
    @Field(key: "at") var at: Date

    init() {}
}

/// The committee's answer to a request, with the outgoing number of its letter.
final class RequestDecision: Model, @unchecked Sendable {
    static let schema = "request_decisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "outcome") var outcome: SupportRequestStatus
    @Field(key: "approved_amount") var approvedAmount: Int64
    /// The fund an approved cash amount is paid from (issue 18).
    @OptionalField(key: "fund_id") var fundID: UUID?
    @OptionalField(key: "reason_id") var reasonID: UUID?
    @Field(key: "note") var note: String
    @Field(key: "letter_number") var letterNumber: String
    @Field(key: "decided_by") var decidedBy: UUID
    @Field(key: "decided_at") var decidedAt: Date

    init() {}
}

/// Why a request may be rejected; a catalog the association edits, so letters use consistent words.
enum RejectionReasons: CatalogKind {
    static let schema = "rejection_reasons"
}

typealias RejectionReason = CatalogEntry<RejectionReasons>
