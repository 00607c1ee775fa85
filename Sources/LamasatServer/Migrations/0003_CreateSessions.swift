import Fluent

struct M0003CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("staff_users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("staff_sessions_user", on: "staff_sessions", "user_id")
        try await database.schema("sign_in_failures")
            .id()
            .field("key", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await database.createIndex("sign_in_failures_key", on: "sign_in_failures", "key, failed_at")
        try await database.schema("setup_tokens")
            .id()
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("setup_tokens").delete()
        try await database.schema("sign_in_failures").delete()
        try await database.schema("staff_sessions").delete()
    }
}
