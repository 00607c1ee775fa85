import Fluent

/// The social-media inbox (issue 16, [P-16] channel 3): messages an officer pastes from a platform, waiting until
/// they become a contact, an inquiry, a complaint or a suggestion, or are dismissed with a reason.
struct M0031CreateSocialInbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("social_messages")
            .id()
            .field("platform", .string, .required)
            .field("handle", .string, .required)
            .field("text", .sql(.text), .required)
            // Empty when none was given; otherwise an http(s) address, checked on entry.
            .field("link", .string, .required)
            .field("received_at", .datetime, .required)
            // What makes a repeated paste the same message (`SocialMessageRules.fingerprint`), hashed.
            .field("fingerprint", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("status", .string, .required)
            .field("outcome_kind", .string)
            .field("outcome_id", .uuid)
            .field("beneficiary_id", .uuid)
            .field("entered_by", .uuid, .required)
            .field("entered_at", .datetime, .required)
            .field("handled_by", .uuid)
            .field("handled_at", .datetime)
            .field("dismiss_reason", .string, .required)
            .create()
        try await database.createIndex("social_messages_queue", on: "social_messages", "branch_id, status, received_at")
        try await database.createIndex("social_messages_fingerprint", on: "social_messages", "fingerprint, entered_at")
        try await database.createIndex("social_messages_outcome", on: "social_messages", "outcome_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("social_messages").delete()
    }
}
