import Fluent
import SQLKit

/// Her rights requests under PDPL (issue 20): what she asked and how, the legal deadline and its one extension, the
/// identity check, the decision with its reasons and the answer delivered.
struct M0046CreateRightsRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rights_requests")
            .id()
            .field("number", .int64, .required)
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("kind", .string, .required)
            .field("details", .string, .required)
            .field("source", .string, .required)
            .field("status", .string, .required)
            .field("received_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("extended_due_at", .datetime)
            .field("extension_reason", .string, .required)
            .field("identity_method", .string, .required)
            .field("identity_checked_at", .datetime)
            .field("identity_checked_by", .uuid)
            .field("decision", .string)
            .field("decision_reasons", .string, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid)
            .field("answered_at", .datetime)
            .field("answer_method", .string, .required)
            .field("answer_note", .string, .required)
            .field("answered_by", .uuid)
            .field("recorded_by", .uuid)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.sql.raw("CREATE INDEX rights_requests_open ON rights_requests (status, due_at)").run()
        try await database.sql.raw("CREATE INDEX rights_requests_file ON rights_requests (beneficiary_id)").run()
        try await database.sql.raw("INSERT INTO counters (name, value) VALUES ('rights_request', 0)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rights_requests").delete()
        try await database.sql.raw("DELETE FROM counters WHERE name = 'rights_request'").run()
    }
}
