import Fluent
import Foundation

struct M0011CreateDocuments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("document_types")
            .id()
            .field("code", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("has_expiry", .bool, .required)
            .field("required_for", .string, .required)
            .field("is_active", .bool, .required)
            .field("sort_order", .int, .required)
            .unique(on: "code")
            .create()
        // The catalog of shared/DOMAIN.md; the association edits it.
        let defaults: [(String, String, String, Bool, String)] = [
            ("id_card", "الهوية الوطنية / الإقامة", "National ID / iqama", true, "*"),
            ("divorce_deed", "صك الطلاق", "Divorce deed", false, "divorced"),
            ("death_certificate", "شهادة وفاة الزوج", "Husband's death certificate", false, "widow"),
            ("custody_deed", "صك الحضانة", "Custody deed", false, ""),
            ("lease_contract", "عقد الإيجار", "Lease contract", true, ""),
            ("income_certificate", "تعريف بالراتب / الدخل", "Salary or income certificate", true, ""),
            ("iban_certificate", "شهادة الآيبان", "IBAN certificate", false, ""),
            ("medical_report", "تقرير طبي", "Medical report", true, ""),
        ]
        for (index, item) in defaults.enumerated() {
            try await database.insert(into: "document_types", [
                "id": UUID(), "code": item.0, "name_ar": item.1, "name_en": item.2, "has_expiry": item.3, "required_for": item.4,
                "is_active": true, "sort_order": index + 1,
            ])
        }
        try await database.schema("documents")
            .id()
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("type_id", .uuid, .required, .references("document_types", "id"))
            .field("issue_date", .string, .required)
            .field("expiry_date", .string, .required)
            .field("display_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .required)
            .field("uploaded_at", .datetime, .required)
            .field("verification", .string, .required)
            .field("verification_reason", .string, .required)
            .field("verified_by", .uuid)
            .field("verified_at", .datetime)
            .create()
        try await database.createIndex("documents_beneficiary", on: "documents", "beneficiary_id")
        try await database.createIndex("documents_expiry", on: "documents", "expiry_date")
        try await database.schema("document_contents")
            .field("document_id", .uuid, .identifier(auto: false), .references("documents", "id"))
            .field("data", .data, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("document_contents").delete()
        try await database.schema("documents").delete()
        try await database.schema("document_types").delete()
    }
}
