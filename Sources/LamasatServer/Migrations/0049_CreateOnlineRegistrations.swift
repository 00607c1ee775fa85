import Fluent
import SQLKit

/// Online self-registration (issue 20): her start on the website, the mobile she proved with a code, and what became
/// of it (a new applicant's file, or a note to an officer when a file already has her ID).
struct M0049CreateOnlineRegistrations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("online_registrations")
            .id()
            .field("status", .string, .required)
            .field("national_id", .string, .required)
            .field("mobile", .string, .required)
            .field("token_hash", .string)
            .field("token_expires_at", .datetime)
            .field("branch_id", .uuid, .references("branches", "id"))
            .field("beneficiary_id", .uuid, .references("beneficiaries", "id"))
            .field("existing_beneficiary_id", .uuid, .references("beneficiaries", "id"))
            .field("answers", .string, .required)
            .field("typed_name", .string, .required)
            .field("declaration_version", .int)
            .field("created_at", .datetime, .required)
            .field("verified_at", .datetime)
            .field("submitted_at", .datetime)
            .field("reviewed_by", .uuid)
            .field("reviewed_at", .datetime)
            .field("review_note", .string, .required)
            .create()
        try await database.createIndex("online_registrations_queue", on: "online_registrations", "status, branch_id, submitted_at")
        try await database.createIndex("online_registrations_token", on: "online_registrations", "token_hash")
        try await database.schema("portal_challenges").field("registration_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("portal_challenges").deleteField("registration_id").update()
        try await database.schema("online_registrations").delete()
    }
}
