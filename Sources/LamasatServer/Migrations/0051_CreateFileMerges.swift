import Fluent
import SQLKit

/// Merged duplicate files (issue 20): which file stayed, which became its tombstone, what was chosen field by field
/// and what moved.
struct M0051CreateFileMerges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("file_merges")
            .id()
            .field("survivor_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("merged_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("chosen", .string, .required)
            .field("moved", .string, .required)
            .field("merged_by", .uuid, .required)
            .field("merged_at", .datetime, .required)
            .unique(on: "merged_id")
            .create()
        try await database.createIndex("file_merges_survivor", on: "file_merges", "survivor_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("file_merges").delete()
    }
}
