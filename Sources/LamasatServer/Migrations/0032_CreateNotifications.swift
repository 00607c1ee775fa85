import Fluent

/// Notices for staff (issue 16): work assigned to her, escalations, overdue decisions, what waits for her check, and
/// each person's choice of e-mail per kind. A notice carries only a case or request number and a link: the record
/// behind it checks its own permission when opened.
struct M0032CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_notifications")
            .id()
            .field("user_id", .uuid, .required, .references("staff_users", "id"))
            .field("kind", .string, .required)
            .field("reference", .string, .required)
            .field("link", .string, .required)
            .field("branch_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("emailed_at", .datetime)
            // The event and the person: the same event never notifies her twice (a retried job, a replayed webhook).
            .field("dedupe_key", .string, .required)
            .unique(on: "dedupe_key")
            .create()
        // The bell on every page counts her unread notices; the list reads them newest first.
        try await database.createIndex("staff_notifications_user_unread", on: "staff_notifications", "user_id, read_at, created_at")
        try await database.schema("notification_preferences")
            .id()
            .field("user_id", .uuid, .required, .references("staff_users", "id"))
            .field("kind", .string, .required)
            .field("email", .string, .required)
            .unique(on: "user_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notification_preferences").delete()
        try await database.schema("staff_notifications").delete()
    }
}
