import Fluent
import SQLKit

/// Beneficiary files, the counters that number them, and the name index: an FTS5 trigram table on SQLite (any
/// substring of three letters or more is found through the index) and a pg_trgm GIN index on PostgreSQL.
struct M0009CreateBeneficiaries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("counters")
            .field("name", .string, .identifier(auto: false))
            .field("value", .int64, .required)
            .create()
        try await database.sql.raw("INSERT INTO counters (name, value) VALUES ('beneficiary_file', 0)").run()

        try await database.schema("beneficiaries")
            .id()
            .field("file_sequence", .int64, .required)
            .field("national_id", .string, .required)
            .field("name_first", .string, .required)
            .field("name_father", .string, .required)
            .field("name_grandfather", .string, .required)
            .field("name_family", .string, .required)
            .field("name_latin", .string, .required)
            .field("name_normalized", .string, .required)
            .field("birth_date", .string, .required)
            .field("birth_calendar", .string, .required)
            .field("category_id", .uuid, .required, .references("beneficiary_categories", "id"))
            .field("nationality", .string, .required)
            .field("mobile", .string, .required)
            .field("alternate_phone", .string, .required)
            .field("email", .string, .required)
            .field("address_building", .string, .required)
            .field("address_street", .string, .required)
            .field("address_district", .string, .required)
            .field("address_city", .string, .required)
            .field("address_postal_code", .string, .required)
            .field("address_additional", .string, .required)
            .field("address_short", .string, .required)
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("education", .string, .required)
            .field("employment", .string, .required)
            .field("monthly_income", .int64, .required)
            .field("income_sources", .string, .required)
            .field("housing", .string, .required)
            .field("monthly_rent", .int64, .required)
            .field("health_notes", .string, .required)
            .field("has_disability", .bool, .required)
            .field("iban", .string, .required)
            .field("consent_given", .bool, .required)
            .field("consent_method", .string, .required)
            .field("consent_notice_version", .string, .required)
            .field("consent_at", .datetime)
            .field("consent_by", .uuid)
            .field("status", .string, .required)
            .field("status_reason", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("created_by", .uuid, .required)
            .field("updated_by", .uuid, .required)
            .unique(on: "national_id")
            .unique(on: "file_sequence")
            .create()
        try await database.createIndex("beneficiaries_mobile", on: "beneficiaries", "mobile")
        try await database.createIndex("beneficiaries_name_birth", on: "beneficiaries", "name_normalized, birth_date")
        try await database.createIndex("beneficiaries_branch_status", on: "beneficiaries", "branch_id, status")
        try await database.createIndex("beneficiaries_created", on: "beneficiaries", "created_at")

        if database.isPostgres {
            try await database.sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            try await database.sql.raw(
                "CREATE INDEX beneficiaries_name_trgm ON beneficiaries USING gin (name_normalized gin_trgm_ops)").run()
        } else {
            try await database.sql.raw("CREATE VIRTUAL TABLE beneficiary_names USING fts5(name, tokenize='trigram')").run()
        }
    }

    func revert(on database: any Database) async throws {
        if !database.isPostgres { try await database.sql.raw("DROP TABLE beneficiary_names").run() }
        try await database.schema("beneficiaries").delete()
        try await database.schema("counters").delete()
    }
}
