import Fluent
import SQLKit

/// The breach register (issue 20, PDPL): each incident with what happened, when it was found, who and what it touched,
/// its risk, the drafts of the notifications, when the authority and the people were told, and its closure with lessons.
struct M0045CreateBreachIncidents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("breach_incidents")
            .id()
            .field("number", .int64, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("occurred_at", .datetime)
            .field("discovered_at", .datetime, .required)
            .field("records_affected", .int, .required)
            .field("people_affected", .int, .required)
            .field("data_categories", .string, .required)
            .field("risk", .string, .required)
            .field("containment", .string, .required)
            .field("authority_draft", .string, .required)
            .field("people_draft", .string, .required)
            .field("authority_notified_at", .datetime)
            .field("authority_reference", .string, .required)
            .field("people_notified_at", .datetime)
            .field("people_method", .string, .required)
            .field("not_notifiable_reason", .string, .required)
            .field("lessons", .string, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .uuid)
            .field("recorded_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.sql.raw("INSERT INTO counters (name, value) VALUES ('breach_incident', 0)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("breach_incidents").delete()
        try await database.sql.raw("DELETE FROM counters WHERE name = 'breach_incident'").run()
    }
}
