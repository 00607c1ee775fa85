import Fluent
import Foundation

/// A volunteer's status history (issue 17): every pause, end and return, with its reason and who decided it, so
/// that her record tells how she came to stand where she stands.
struct M0035CreateVolunteerStatusChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteer_status_changes")
            .id()
            .field("volunteer_id", .uuid, .required, .references("volunteers", "id"))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("reason", .string, .required)
            .field("changed_by", .uuid)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.createIndex("volunteer_status_changes_volunteer", on: "volunteer_status_changes", "volunteer_id, changed_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("volunteer_status_changes").delete()
    }
}
