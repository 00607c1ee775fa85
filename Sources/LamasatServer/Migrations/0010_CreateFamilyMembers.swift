import Fluent

struct M0010CreateFamilyMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("family_members")
            .id()
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("relation", .string, .required)
            .field("full_name", .string, .required)
            .field("national_id", .string, .required)
            .field("birth_date", .string, .required)
            .field("sex", .string, .required)
            .field("schooling", .string, .required)
            .field("health_notes", .string, .required)
            .field("monthly_income", .int64, .required)
            .field("is_dependant", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.createIndex("family_members_beneficiary", on: "family_members", "beneficiary_id")
        try await database.schema("duplicate_decisions")
            .id()
            .field("beneficiary_id", .uuid, .required)
            .field("similar_beneficiary_id", .uuid, .required)
            .field("matched_on", .string, .required)
            .field("decided_by", .uuid, .required)
            .field("decided_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("duplicate_decisions").delete()
        try await database.schema("family_members").delete()
    }
}
