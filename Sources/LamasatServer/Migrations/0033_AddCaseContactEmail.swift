import Fluent

/// The e-mail a visitor may give on the public form (issue 16): answers to her case then go there instead of by SMS.
struct M0033AddCaseContactEmail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for table in ["inquiries", "complaints"] {
            try await database.schema(table).field("contact_email", .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["inquiries", "complaints"] {
            try await database.schema(table).deleteField("contact_email").update()
        }
    }
}
