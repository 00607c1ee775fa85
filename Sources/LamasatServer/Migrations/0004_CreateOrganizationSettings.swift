import Fluent
import Foundation
import LamasatCore

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
        try await OrganizationSettings(profile: .policyDefaults, now: Date()).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organization_settings").delete()
    }
}
