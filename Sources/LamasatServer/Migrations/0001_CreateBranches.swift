import Fluent
import Foundation

struct M0001CreateBranches: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("branches")
            .id()
            .field("code", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("city", .string, .required)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code")
            .create()
        // Every association has a head office; the first administrator belongs to it.
        let now = Date()
        try await database.insert(into: "branches", [
            "id": UUID(), "code": "HQ", "name_ar": "المركز الرئيسي", "name_en": "Head office", "city": "", "is_active": true,
            "created_at": now, "updated_at": now,
        ])
    }

    func revert(on database: any Database) async throws {
        try await database.schema("branches").delete()
    }
}
