import Fluent
import Foundation
import SQLKit

/// The retention schedule and its batches (issue 20): months per record kind, the batches the daily job proposes
/// (each file listed, the other kinds counted up to a cut-off), the administrator's approval, and when a file was
/// anonymised.
struct M0052CreateRetention: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("retention_rules")
            .field("kind", .string, .identifier(auto: false))
            .field("months", .int, .required)
            .field("is_enabled", .bool, .required)
            .field("updated_by", .uuid)
            .field("updated_at", .datetime, .required)
            .create()
        // Starts switched off: nothing is anonymised before the administrator has looked at the schedule.
        let written = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01, as the other seeded settings
        for (kind, months) in [("closedFiles", 60), ("unregisteredApplicants", 24), ("onlineRegistrations", 12), ("sentMessages", 24), ("importFiles", 3)] {
            try await database.insert(into: "retention_rules", ["kind": kind, "months": months, "is_enabled": false, "updated_at": written])
        }
        try await database.schema("retention_batches")
            .id()
            .field("number", .int64, .required)
            .field("status", .string, .required)
            .field("cutoffs", .string, .required)
            .field("counts", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("note", .string, .required)
            .field("applied_at", .datetime)
            .field("applied", .string, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.createIndex("retention_batches_status", on: "retention_batches", "status")
        try await database.schema("retention_items")
            .id()
            .field("batch_id", .uuid, .required, .references("retention_batches", "id"))
            .field("kind", .string, .required)
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required)
            .field("last_activity", .datetime, .required)
            .field("status", .string, .required)
            .field("keep_reason", .string, .required)
            .field("decided_at", .datetime)
            .unique(on: "batch_id", "beneficiary_id")
            .create()
        try await database.createIndex("retention_items_file", on: "retention_items", "beneficiary_id")
        try await database.schema("beneficiaries").field("anonymised_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("beneficiaries").deleteField("anonymised_at").update()
        try await database.schema("retention_items").delete()
        try await database.schema("retention_batches").delete()
        try await database.schema("retention_rules").delete()
    }
}
