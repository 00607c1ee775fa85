import Fluent
import Foundation
import SQLKit

/// One message a provider's webhook brought in (a reply, a photo, a delivery receipt) and what it became. The pair
/// (provider, provider message id) is unique: a webhook delivered again finds its row and changes nothing.
final class InboundMessage: Model, @unchecked Sendable {
    static let schema = "inbound_messages"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case text, media, status
        var localizationKey: String { "inbound.kind.\(rawValue)" }
    }

    /// What the message became; `pending` only inside the transaction that routes it.
    enum Result: String, Codable, CaseIterable, Sendable {
        case pending, stop, caseReply, contact, inquiry, receipt, ignored, mediaRefused
        var localizationKey: String { "inbound.result.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    /// "sms-gateway" or "whatsapp".
    @Field(key: "provider") var provider: String
    @Field(key: "provider_message_id") var providerMessageID: String
    /// The sender's mobile in E.164, or the number as given when it is not a Saudi mobile.
    @Field(key: "sender") var sender: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "result_type") var result: Result
    /// The id of the case, contact, inquiry or outbox message it became.
    @OptionalField(key: "result_id") var resultID: String?
    /// A short reason for the admin page: why a media was refused, a receipt's status.
    @Field(key: "note") var note: String

    init() {}
}

enum InboundLog {
    /// Claims the provider's message in the caller's transaction, as its first write (SQLite takes the write lock at
    /// once). Returns nil when it was already received: the caller then does nothing.
    static func claim(provider: String, id: String, sender: String, kind: InboundMessage.Kind, at now: Date, on db: any Database) async throws -> UUID? {
        let row = UUID()
        let claimed = try await db.sql.raw("""
            INSERT INTO inbound_messages (id, provider, provider_message_id, sender, kind, received_at, result_type, note)
            VALUES (\(bind: row), \(bind: provider), \(bind: String(id.prefix(200))), \(bind: String(sender.prefix(40))), \(bind: kind.rawValue), \(bind: now),
                    \(bind: InboundMessage.Result.pending.rawValue), '')
            ON CONFLICT (provider, provider_message_id) DO NOTHING RETURNING id
            """).all()
        return claimed.isEmpty ? nil : row
    }

    static func settle(_ row: UUID, _ result: InboundMessage.Result, id: UUID?, note: String = "", on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE inbound_messages SET result_type = \(bind: result.rawValue), result_id = \(bind: id?.uuidString), note = \(bind: String(note.prefix(300)))
            WHERE id = \(bind: row)
            """).run()
    }
}
