import Fluent
import Foundation
import SQLKit

/// The import of the association's existing lists (issue 19): each uploaded list, its dry run and its import job,
/// and the column mappings remembered by header names.
struct M0041CreateImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("imports")
            .id()
            .field("kind", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("file_name", .string, .required)
            .field("stored_path", .string, .required)
            .field("sheet", .int, .required)
            .field("headers", .string, .required)
            .field("mapping", .string, .required)
            .field("status", .string, .required)
            .field("total_rows", .int, .required)
            .field("good_rows", .int, .required)
            .field("bad_rows", .int, .required)
            .field("existing_rows", .int, .required)
            .field("processed_rows", .int, .required)
            .field("written_rows", .int, .required)
            // The dry run's problems (JSON, capped): the page and the XLSX report read them.
            .field("problems", .string, .required)
            .field("cancel_requested", .bool, .required)
            .field("error", .string)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        try await database.createIndex("imports_branch_created", on: "imports", "branch_id, created_at")

        try await database.schema("import_mappings")
            .id()
            .field("signature", .string, .required)
            .field("mapping", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "signature")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("import_mappings").delete()
        try await database.schema("imports").delete()
    }
}
