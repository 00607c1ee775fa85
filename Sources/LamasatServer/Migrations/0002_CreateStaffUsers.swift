import Fluent

struct M0002CreateStaffUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_users")
            .id()
            .field("username", .string, .required)
            .field("full_name", .string, .required)
            .field("email", .string)
            .field("role", .string, .required)
            .field("scope", .string, .required)
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("is_active", .bool, .required)
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("last_sign_in_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "username")
            .create()
        try await database.createIndex("staff_users_branch", on: "staff_users", "branch_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("staff_users").delete()
    }
}
