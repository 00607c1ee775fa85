import Fluent
import Foundation

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
            try await database.insert(into: "beneficiary_categories", [
                "id": UUID(), "code": item.0, "name_ar": item.1, "name_en": item.2, "is_active": true, "sort_order": index + 1,
            ])
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("beneficiary_categories").delete()
    }
}
