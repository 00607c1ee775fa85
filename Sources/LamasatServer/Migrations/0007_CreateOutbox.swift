import Fluent

struct M0007CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages")
            .id()
            .field("channel", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("provider", .string)
            .field("idempotency_key", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("related_type", .string)
            .field("related_id", .string)
            .field("branch_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
        try await database.createIndex("outbox_messages_created", on: "outbox_messages", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox_messages").delete()
    }
}
