import Fluent

struct M0008CreateBeneficiaryCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("beneficiary_categories")
            .id()
            .field("code", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("is_active", .bool, .required)
            .field("sort_order", .int, .required)
            .unique(on: "code")
            .create()
        let defaults = [("divorced", "مطلقة", "Divorced"), ("widow", "أرملة", "Widow"), ("dependant", "من ذويهم", "Dependant")]
        for (index, item) in defaults.enumerated() {
            try await BeneficiaryCategory(code: item.0, nameArabic: item.1, nameEnglish: item.2, sortOrder: index + 1).create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("beneficiary_categories").delete()
    }
}
