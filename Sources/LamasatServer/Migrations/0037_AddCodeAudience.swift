import Fluent
import SQLKit

/// One-time sign-in codes serve the volunteer area as well as the portal (issue 17): a challenge says whom it is for,
/// and a volunteer's challenge names her record instead of a beneficiary's file.
struct M0037AddCodeAudience: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("portal_challenges").field("audience", .string, .required, .sql(.default("portal"))).update()
        try await database.schema("portal_challenges").field("volunteer_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("portal_challenges").deleteField("volunteer_id").update()
        try await database.schema("portal_challenges").deleteField("audience").update()
    }
}
