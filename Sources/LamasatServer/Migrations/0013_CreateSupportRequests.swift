import Fluent
import SQLKit

struct M0013CreateSupportRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("support_requests")
            .id()
            .field("tracking_number", .string)
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required)
            .field("support_type_id", .uuid, .required, .references("support_types", "id"))
            .field("channel", .string, .required)
            .field("description", .string, .required)
            .field("requested_amount", .int64, .required)
            .field("status", .string, .required)
            .field("submitted_at", .datetime)
            .field("expected_decision_at", .datetime)
            .field("declaration_signed", .bool, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "tracking_number")
            .create()
        try await database.createIndex("support_requests_beneficiary", on: "support_requests", "beneficiary_id")
        try await database.createIndex("support_requests_branch_status", on: "support_requests", "branch_id, status")
        try await database.schema("request_transitions")
            .id()
            .field("request_id", .uuid, .required, .references("support_requests", "id"))
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("action", .string, .required)
            .field("actor_id", .uuid, .required)
            .field("at", .datetime, .required)
            .field("note", .string, .required)
            .create()
        try await database.createIndex("request_transitions_request", on: "request_transitions", "request_id, at")
        try await database.sql.raw("INSERT INTO counters (name, value) VALUES ('support_request', 0)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("request_transitions").delete()
        try await database.schema("support_requests").delete()
        try await database.sql.raw("DELETE FROM counters WHERE name = 'support_request'").run()
    }
}
