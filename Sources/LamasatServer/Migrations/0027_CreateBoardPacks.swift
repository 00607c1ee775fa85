import Fluent

/// Board packs as generated (issue 15): the board's copy is kept as the page it was, so it opens again unchanged
/// whatever the data became since.
struct M0027CreateBoardPacks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("board_packs")
            .id()
            .field("period_token", .string, .required)
            .field("period_label", .string, .required)
            // Nil: every branch (only a reader who reaches every branch generates or opens it).
            .field("branch_id", .uuid)
            .field("language", .string, .required)
            .field("html", .sql(.text), .required)
            .field("sha256", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("board_packs_created", on: "board_packs", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("board_packs").delete()
    }
}
