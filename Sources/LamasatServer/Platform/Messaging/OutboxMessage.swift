import Fluent
import Foundation
import LamasatCore

/// A message to a person, queued inside the transaction of the feature that decided to send it, then delivered by
/// the job worker through a provider. The idempotency key makes a second enqueue of the same message a no-op.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String, Codable, CaseIterable, Sendable {
        case queued, sent, failed
        /// Not sent on purpose: she opted out or gave no consent.
        case skipped
        /// The provider's receipts (issue 16): it reached her phone, then she opened it.
        case delivered, read
        var localizationKey: String { "outbox.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "channel") var channel: MessageChannel
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "status") var status: Status
    @OptionalField(key: "provider") var provider: String?
    @Field(key: "idempotency_key") var idempotencyKey: String
    @Field(key: "attempts") var attempts: Int
    @OptionalField(key: "last_error") var lastError: String?
    /// A letter's outgoing number (L-YYYY-NNNNNN), given once when it is printed and sent.
    @OptionalField(key: "letter_number") var letterNumber: String?
    @OptionalField(key: "related_type") var relatedType: String?
    @OptionalField(key: "related_id") var relatedID: String?
    @OptionalField(key: "branch_id") var branchID: UUID?
    /// The beneficiary it is for (unset on messages older than migration 0022 and on sign-in codes).
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// The provider's id of the sent message, which its receipts name: WhatsApp's `wamid…`, the SMS gateway's reference
    /// (our idempotency key).
    @OptionalField(key: "provider_message_id") var providerMessageID: String?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    /// The body as staff see it on screens: a survey link's code and a portal sign-in code are hidden, so nobody can
    /// answer or sign in in her name.
    /// A recipient shown without the part that identifies her: the last three characters of a number, the domain
    /// of an e-mail address.
    static func maskedRecipient(_ recipient: String) -> String {
        if let at = recipient.firstIndex(of: "@") { return "•••" + recipient[at...] }
        return recipient.count <= 3 ? "•••" : "•••" + recipient.suffix(3)
    }

    /// A subject without what points to a person: "قرار طلب R-2026-000123" → "قرار طلب •••", "survey:…" → "survey".
    static func subjectKind(_ subject: String) -> String {
        let kind = subject.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return kind.replacingOccurrences(of: #"[A-Za-z]*-?\d[\d-]*"#, with: "•••", options: .regularExpression)
    }

    /// Messages that carry a one-time code: staff screens hide it; the development console prints it.
    static let codeKinds: Set<String> = ["portal_code", "survey_confirm"]

    var shownBody: String {
        let text = body.replacingOccurrences(of: #"/s/[0-9A-Z]{16}"#, with: "/s/••••", options: .regularExpression)
        return Self.codeKinds.contains(relatedType ?? "") ? text.replacingOccurrences(of: #"\d{6}"#, with: "••••••", options: .regularExpression) : text
    }
}
