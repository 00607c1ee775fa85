import Fluent

/// Changes of mobile or address she asks for from her portal, waiting for an officer; and volunteer applications from
/// the website.
struct M0021CreateContactChangesAndVolunteers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contact_changes")
            .id()
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .create()
        try await database.createIndex("contact_changes_status", on: "contact_changes", "status, branch_id")
        try await database.schema("volunteer_applications")
            .id()
            .field("name", .string, .required)
            .field("phone", .string, .required)
            .field("email", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("skills", .string, .required)
            .field("availability", .string, .required)
            .field("status", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .field("handled_by", .uuid)
            .field("handled_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("volunteer_applications").delete()
        try await database.schema("contact_changes").delete()
    }
}
