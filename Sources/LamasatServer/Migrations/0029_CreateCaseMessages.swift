import Fluent

/// A case's conversation with her (issue 16): answers sent and her replies; and on each case the time her reply began
/// waiting for an officer.
struct M0029CreateCaseMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_messages")
            .id()
            .field("case_kind", .string, .required)
            .field("case_id", .uuid, .required)
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("beneficiary_id", .uuid, .references("beneficiaries", "id"))
            .field("direction", .string, .required)
            .field("via", .string, .required)
            .field("body", .sql(.text), .required)
            .field("outbox_message_id", .uuid, .references("outbox_messages", "id"))
            .field("source_key", .string)
            .field("author_id", .uuid)
            .field("at", .datetime, .required)
            .unique(on: "source_key")
            .create()
        try await database.createIndex("case_messages_case", on: "case_messages", "case_kind, case_id, at")
        try await database.createIndex("case_messages_beneficiary", on: "case_messages", "beneficiary_id, at")
        for table in ["inquiries", "complaints"] {
            try await database.schema(table).field("reply_waiting_at", .datetime).update()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["inquiries", "complaints"] {
            try await database.schema(table).deleteField("reply_waiting_at").update()
        }
        try await database.schema("case_messages").delete()
    }
}
