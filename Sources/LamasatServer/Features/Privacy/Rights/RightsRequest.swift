import Fluent
import Foundation
import LamasatCore

/// One of her rights requests: what she asked and how it came, the legal deadline (and its one extension), how her
/// identity was confirmed, the decision with its reasons, and how the answer reached her.
final class RightsRequest: Model, @unchecked Sendable {
    static let schema = "rights_requests"

    enum Source: String, Codable, CaseIterable { case portal, staff
        var localizationKey: String { "rights.source.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int64
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "kind") var kind: RightsRequestKind
    @Field(key: "details") var details: String
    @Field(key: "source") var source: Source
    @Field(key: "status") var status: RightsRequestStatus
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "extended_due_at") var extendedDueAt: Date?
    @Field(key: "extension_reason") var extensionReason: String
    /// How her identity was confirmed: "" until it is.
    @Field(key: "identity_method") var identityMethod: String
    @OptionalField(key: "identity_checked_at") var identityCheckedAt: Date?
    @OptionalField(key: "identity_checked_by") var identityCheckedBy: UUID?
    @OptionalField(key: "decision") var decision: RightsDecision?
    @Field(key: "decision_reasons") var decisionReasons: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @Field(key: "answer_method") var answerMethod: String
    @Field(key: "answer_note") var answerNote: String
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    /// The officer who recorded it; nil when she asked from her portal.
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "version") var version: Int

    init() {}

    var reference: String { ReferenceNumber("PD", sequence: number, at: receivedAt).description }

    /// The deadline in force: the extended one once extended.
    var deadline: Date { extendedDueAt ?? dueAt }

    /// Answered by the deadline in force (nil while open).
    var answeredInTime: Bool? { answeredAt.map { $0 <= deadline } }

    func isOverdue(now: Date) -> Bool { status.isOpen && now > deadline }
}

/// How her identity is confirmed before anything about her is given or changed.
enum RightsIdentityMethod: String, CaseIterable {
    /// She signed in to her portal with the code sent to her file's mobile.
    case portalCode
    /// Her ID card seen at the office.
    case idSeen
    /// A call back to the mobile on her file, with questions only she can answer.
    case callBack

    var localizationKey: String { "rights.identity.\(rawValue)" }
}

/// How the answer reached her.
enum RightsAnswerMethod: String, CaseIterable {
    case portal, inPerson, sms, email, post

    var localizationKey: String { "rights.answer.\(rawValue)" }
}
