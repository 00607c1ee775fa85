import Fluent
import Foundation
import LamasatCore

/// Which case a message belongs to: an inquiry, or a complaint or suggestion.
enum CaseKind: String, Codable, CaseIterable, Sendable {
    case inquiry, complaint
}

/// One message of a case's conversation with her: an answer sent to her (with the outbox message that carries it) or
/// a reply she sent back (from `/status`, an SMS, WhatsApp). Her replies are what puts a case back in the queue.
final class CaseMessage: Model, @unchecked Sendable {
    static let schema = "case_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_kind") var caseKind: CaseKind
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @Field(key: "direction") var direction: ContactDirection
    /// How it travelled: "sms", "whatsapp", "email", "status" (her reply on the public page), "phone" (answered by phone).
    @Field(key: "via") var via: String
    @Field(key: "body") var body: String
    @OptionalField(key: "outbox_message_id") var outboxMessageID: UUID?
    /// The provider's id of an incoming message ("whatsapp:wamid…"), unique: a webhook delivered twice is kept once.
    @OptionalField(key: "source_key") var sourceKey: String?
    /// The staff member who sent it; unset for her replies.
    @OptionalField(key: "author_id") var authorID: UUID?
    @Field(key: "at") var at: Date

    init() {}
}
