import Fluent

/// The beneficiary portal's sign-in codes and sessions, and the public look-ups counted per address.
struct M0020CreatePortal: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("portal_challenges")
            .id()
            .field("ticket_hash", .string, .required)
            .field("identity_hash", .string, .required)
            .field("address_hash", .string, .required)
            .field("beneficiary_id", .uuid)
            .field("code_hash", .string, .required)
            .field("tries", .int, .required)
            .field("is_used", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "ticket_hash")
            .create()
        try await database.createIndex("portal_challenges_identity", on: "portal_challenges", "identity_hash, created_at")
        try await database.createIndex("portal_challenges_address", on: "portal_challenges", "address_hash, created_at")
        try await database.schema("portal_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("public_lookups")
            .id()
            .field("address_hash", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.createIndex("public_lookups_address", on: "public_lookups", "address_hash, at")
    }

    func revert(on database: any Database) async throws {
        for table in ["public_lookups", "portal_sessions", "portal_challenges"] { try await database.schema(table).delete() }
    }
}
