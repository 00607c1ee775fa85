import Fluent
import Foundation

struct M0004CreateOrganizationSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organization_settings")
            .field("id", .int, .identifier(auto: false))
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("licence_number", .string, .required)
            .field("phone", .string, .required)
            .field("social_media", .string, .required)
            .field("email", .string, .required)
            .field("decision_period_days", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid)
            .create()
        // The policy's identity of the association (shared/policy) and its two-week decision period.
        try await database.insert(into: "organization_settings", [
            "id": 1, "name_ar": "جمعية لمسات للمطلقات والأرامل وذويهم",
            "name_en": "Lamasat Association for Divorced Women, Widows and their Families", "licence_number": "1000586000",
            "phone": "0507142560", "social_media": "@LMSAT1000", "email": "", "decision_period_days": 14, "updated_at": Date(),
        ])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organization_settings").delete()
    }
}
