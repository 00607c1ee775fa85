import Fluent
import LamasatCore

struct M0012CreateSupportTypes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("support_types")
            .id()
            .field("code", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("kind", .string, .required)
            .field("required_documents", .string, .required)
            .field("maximum_amount", .int64, .required)
            .field("frequency_months", .int, .required)
            .field("is_active", .bool, .required)
            .field("sort_order", .int, .required)
            .unique(on: "code")
            .create()
        // The catalog of shared/DOMAIN.md, as a starting point the association edits.
        let defaults: [(String, String, String, SupportKind, String, Int64, Int)] = [
            ("financial_aid", "مساعدة مالية", "Financial aid", .financial, "iban_certificate", 500_000, 6),
            ("rent", "دعم الإيجار", "Rent support", .financial, "lease_contract,iban_certificate", 1_500_000, 12),
            ("bills", "سداد فواتير", "Bills", .financial, "", 200_000, 6),
            ("food_basket", "سلة غذائية", "Food basket", .inKind, "", 0, 3),
            ("education", "دعم تعليمي", "Education support", .service, "", 300_000, 12),
            ("health", "دعم صحي", "Health support", .service, "medical_report", 500_000, 12),
            ("training", "تدريب وتمكين", "Training and empowerment", .training, "", 0, 0),
            ("counselling", "استشارة قانونية أو أسرية", "Legal or family counselling", .counselling, "", 0, 0),
            ("seasonal", "برامج موسمية", "Seasonal programmes", .seasonal, "", 0, 12),
        ]
        for (index, item) in defaults.enumerated() {
            try await SupportType(code: item.0, nameArabic: item.1, nameEnglish: item.2, kind: item.3, requiredDocuments: item.4,
                                  maximumAmount: item.5, frequencyMonths: item.6, sortOrder: index + 1).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("support_types").delete()
    }
}
