import Fluent
import Foundation
import SQLKit

/// Recognition of volunteers (issue 17, part D): the coordinator's decisions on logged hours (kept as history, the
/// assignment holding only the latest), certificates with a public verification code, the short survey after an
/// assignment, and the volunteer who carried a volunteer-service contact ([P-16] channel 6).
struct M0038CreateVolunteerRecognition: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteer_hours_decisions")
            .id()
            .field("assignment_id", .uuid, .required)
            .field("branch_id", .uuid, .required)
            // approved or rejected
            .field("decision", .string, .required)
            .field("minutes_logged", .int, .required)
            .field("minutes_approved", .int, .required)
            // Why it was rejected or corrected; empty for a plain approval.
            .field("reason", .string, .required)
            .field("decided_by", .uuid, .required)
            .field("decided_at", .datetime, .required)
            .create()
        try await database.createIndex("volunteer_hours_decisions_assignment", on: "volunteer_hours_decisions", "assignment_id")

        try await database.schema("volunteer_certificates")
            .id()
            // What /verify/<code> takes: 10 Crockford base32 characters, unique.
            .field("code", .string, .required)
            .field("volunteer_id", .uuid, .required)
            .field("branch_id", .uuid, .required)
            // Days "yyyy-mm-dd" (Riyadh), both included.
            .field("from_day", .string, .required)
            .field("to_day", .string, .required)
            .field("minutes", .int, .required)
            // `OpportunityKind` codes she served in the period.
            .field("roles", .string, .required)
            .field("issued_by", .uuid, .required)
            .field("issued_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_by", .uuid)
            .field("revoke_reason", .string, .required)
            .unique(on: "code")
            .create()
        try await database.createIndex("volunteer_certificates_volunteer", on: "volunteer_certificates", "volunteer_id")

        try await database.schema("volunteer_surveys")
            .id()
            .field("assignment_id", .uuid, .required)
            .field("volunteer_id", .uuid, .required)
            .field("branch_id", .uuid, .required)
            // The SHA-256 of the link's code (`SessionTokens.hash`), never the code.
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("rating", .int)
            .field("felt_safe", .bool)
            .field("felt_prepared", .bool)
            .field("comment", .sql(.text), .required)
            .unique(on: "assignment_id")
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("volunteer_surveys_branch", on: "volunteer_surveys", "branch_id, answered_at")

        try await database.schema("contacts").field("volunteer_id", .uuid).update()
        try await database.createIndex("contacts_volunteer", on: "contacts", "volunteer_id")
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX contacts_volunteer").run()
        try await database.schema("contacts").deleteField("volunteer_id").update()
        for table in ["volunteer_surveys", "volunteer_certificates", "volunteer_hours_decisions"] {
            try await database.schema(table).delete()
        }
    }
}
