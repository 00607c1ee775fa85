import Fluent
import Foundation
import SQLKit

/// Message templates in Arabic and English, and the language a beneficiary reads her messages in.
struct M0018CreateMessageTemplates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("message_templates")
            .id()
            .field("code", .string, .required)
            .field("body_ar", .string, .required)
            .field("body_en", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        for template in MessageTemplate.defaults {
            try await MessageTemplate(code: template.code, arabic: template.arabic, english: template.english, at: Date()).create(on: database)
        }
        try await database.sql.raw("ALTER TABLE message_preferences ADD COLUMN language VARCHAR(2) NOT NULL DEFAULT 'ar'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("message_templates").delete()
        try await database.sql.raw("ALTER TABLE message_preferences DROP COLUMN language").run()
    }
}
