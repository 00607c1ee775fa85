import Fluent

/// Whose a message is, so that her portal and her file list exactly her messages even when a number is shared; and
/// the counters that limit sign-in codes atomically.
struct M0022AddMessageOwnerAndPortalRates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages").field("beneficiary_id", .uuid).update()
        try await database.createIndex("outbox_messages_beneficiary", on: "outbox_messages", "beneficiary_id")
        try await database.schema("portal_rates")
            .id()
            .field("bucket", .string, .required)
            .field("window_index", .int, .required)
            .field("count", .int, .required)
            .unique(on: "bucket")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("portal_rates").delete()
        try await database.schema("outbox_messages").deleteField("beneficiary_id").update()
    }
}
