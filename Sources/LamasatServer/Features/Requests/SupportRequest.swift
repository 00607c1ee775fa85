import Fluent
import Foundation
import LamasatCore

/// A support request of a beneficiary. Its status changes only through `SupportRequestStatus.applying` and every
/// change leaves a `RequestTransition`.
final class SupportRequest: Model, @unchecked Sendable {
    static let schema = "support_requests"

    @ID(key: .id) var id: UUID?
    /// Given at submission: "R-2026-000123".
    @OptionalField(key: "tracking_number") var trackingNumber: String?
    @Parent(key: "beneficiary_id") var beneficiary: Beneficiary
    @Field(key: "branch_id") var branchID: UUID
    @Parent(key: "support_type_id") var supportType: SupportType
    @Field(key: "channel") var channel: ContactChannel
    @Field(key: "description") var description: String
    @Field(key: "requested_amount") var requestedAmount: Int64
    @Field(key: "status") var status: SupportRequestStatus
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "expected_decision_at") var expectedDecisionAt: Date?
    @Field(key: "declaration_signed") var declarationSigned: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One change of a request's status: who, when, from, to, and why.
final class RequestTransition: Model, @unchecked Sendable {
    static let schema = "request_transitions"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @OptionalField(key: "from_status") var fromStatus: SupportRequestStatus?
    @Field(key: "to_status") var toStatus: SupportRequestStatus
    @Field(key: "action") var action: String
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "note") var note: String

    init() {}

    init(requestID: UUID, from: SupportRequestStatus?, to: SupportRequestStatus, action: String, actorID: UUID, at: Date, note: String) {
        self.requestID = requestID
        self.fromStatus = from
        self.toStatus = to
        self.action = action
        self.actorID = actorID
        self.at = at
        self.note = note
    }
}
