import Fluent

/// Replies that come back in (issue 16): the log of every inbound webhook message, kept once per provider message id;
/// the provider's id and the delivery receipts on each outbox message; and how an inbound contact travelled.
struct M0030CreateInboundMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inbound_messages")
            .id()
            .field("provider", .string, .required)
            .field("provider_message_id", .string, .required)
            .field("sender", .string, .required)
            .field("kind", .string, .required)
            .field("received_at", .datetime, .required)
            .field("result_type", .string, .required)
            .field("result_id", .string)
            .field("note", .string, .required)
            .unique(on: "provider", "provider_message_id")
            .create()
        try await database.createIndex("inbound_messages_received", on: "inbound_messages", "received_at")
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema("outbox_messages").field("provider_message_id", .string).update()
        try await database.schema("outbox_messages").field("delivered_at", .datetime).update()
        try await database.schema("outbox_messages").field("read_at", .datetime).update()
        try await database.createIndex("outbox_messages_provider_message", on: "outbox_messages", "provider_message_id")
        // The eight policy channels say where she reached us; this says by what (sms, whatsapp) when it was a message.
        try await database.schema("contacts").field("transport", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contacts").deleteField("transport").update()
        for column in ["provider_message_id", "delivered_at", "read_at"] {
            try await database.schema("outbox_messages").deleteField(.string(column)).update()
        }
        try await database.schema("inbound_messages").delete()
    }
}
