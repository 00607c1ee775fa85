import Fluent
import Foundation

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
        // Amounts in halalas; the kind as stored (the raw values of `SupportKind` when this landed).
        let defaults: [(String, String, String, String, String, Int64, Int)] = [
            ("financial_aid", "مساعدة مالية", "Financial aid", "financial", "iban_certificate", 500_000, 6),
            ("rent", "دعم الإيجار", "Rent support", "financial", "lease_contract,iban_certificate", 1_500_000, 12),
            ("bills", "سداد فواتير", "Bills", "financial", "", 200_000, 6),
            ("food_basket", "سلة غذائية", "Food basket", "inKind", "", 0, 3),
            ("education", "دعم تعليمي", "Education support", "service", "", 300_000, 12),
            ("health", "دعم صحي", "Health support", "service", "medical_report", 500_000, 12),
            ("training", "تدريب وتمكين", "Training and empowerment", "training", "", 0, 0),
            ("counselling", "استشارة قانونية أو أسرية", "Legal or family counselling", "counselling", "", 0, 0),
            ("seasonal", "برامج موسمية", "Seasonal programmes", "seasonal", "", 0, 12),
        ]
        for (index, item) in defaults.enumerated() {
            try await database.insert(into: "support_types", [
                "id": UUID(), "code": item.0, "name_ar": item.1, "name_en": item.2, "kind": item.3, "required_documents": item.4,
                "maximum_amount": item.5, "frequency_months": item.6, "is_active": true, "sort_order": index + 1,
            ])
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("support_types").delete()
    }
}
