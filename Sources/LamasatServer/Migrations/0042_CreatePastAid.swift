import Fluent
import Foundation
import SQLKit

/// Aid a household received before Lamasat, imported from the association's lists (issue 19): it belongs to her
/// entitlement history without being a request's delivery, so the service reports of Lamasat's own work stay as
/// they were.
struct M0042CreatePastAid: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("past_aid")
            .id()
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("support_type_id", .uuid, .required, .references("support_types", "id"))
            .field("description", .string, .required)
            .field("amount", .int64, .required)
            .field("quantity", .int, .required)
            .field("delivered_on", .string, .required)
            .field("import_id", .uuid)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.createIndex("past_aid_beneficiary_day", on: "past_aid", "beneficiary_id, delivered_on")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("past_aid").delete()
    }
}
