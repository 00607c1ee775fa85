import Fluent
import Foundation
import SQLKit

/// The JSON API's tokens (issue 19): one per named integration, stored as a hash, with its scopes, branch scope
/// (through the integration's own staff account, which can never sign in), expiry and last use.
struct M0040CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // An integration's account: it acts, and is audited, under its own name; it has no password to sign in with.
        try await database.schema("staff_users").field("is_integration", .bool, .required, .sql(.default(false))).update()

        try await database.schema("api_tokens")
            .id()
            .field("name", .string, .required)
            // SHA-256 of the secret, hex: the secret itself is shown once and never kept.
            .field("token_hash", .string, .required)
            // The first characters of the token, so the administrator can tell tokens apart.
            .field("prefix", .string, .required)
            .field("user_id", .uuid, .required)
            .field("scopes", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("revoked_by", .uuid)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("api_tokens_user", on: "api_tokens", "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
        try await database.schema("staff_users").deleteField("is_integration").update()
    }
}
