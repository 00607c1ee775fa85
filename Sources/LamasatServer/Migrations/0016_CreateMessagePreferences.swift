import Fluent

/// A beneficiary's preferred channel and her "stop messages" ([P-4], [P-6]).
struct M0016CreateMessagePreferences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("message_preferences")
            .id()
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("channel", .string, .required)
            .field("opted_out", .bool, .required)
            .field("opted_out_at", .datetime)
            .field("note", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "beneficiary_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("message_preferences").delete()
    }
}
