import Fluent
import Foundation
import SQLKit

/// Donors and the money that serves her (issue 18): donors, gifts (cash and items), pledges, receipts, funds and
/// what the committee approved from them, in-kind stock, and payment batches to her IBAN. Money is integer halalas.
struct M0039CreateMoney: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("donors")
            .id()
            .field("number", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("contact_person", .string, .required)
            .field("identifier", .string, .required)
            .field("mobile", .string, .required)
            .field("email", .string, .required)
            .field("city", .string, .required)
            .field("preferred_channel", .string, .required)
            .field("consents_to_contact", .bool, .required)
            .field("consent_at", .datetime)
            .field("is_anonymous", .bool, .required)
            .field("branch_id", .uuid, .required)
            .field("notes", .sql(.text), .required)
            .field("is_active", .bool, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.createIndex("donors_branch", on: "donors", "branch_id, is_active")
        try await database.createIndex("donors_mobile", on: "donors", "mobile")

        try await database.schema("funds")
            .id()
            .field("code", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("designation", .string, .required)
            .field("support_type_id", .uuid)
            .field("purpose", .string, .required)
            .field("is_active", .bool, .required)
            .field("sort_order", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .create()

        try await database.schema("donations")
            .id()
            .field("donor_id", .uuid, .required, .references("donors", "id"))
            .field("branch_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("method", .string, .required)
            .field("amount", .int64, .required)
            .field("designation", .string, .required)
            .field("fund_id", .uuid, .references("funds", "id"))
            .field("pledge_id", .uuid)
            .field("received_on", .string, .required)
            .field("reference", .string, .required)
            .field("note", .string, .required)
            .field("status", .string, .required)
            .field("cancel_reason", .string, .required)
            .field("cancelled_by", .uuid)
            .field("cancelled_at", .datetime)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.createIndex("donations_donor", on: "donations", "donor_id, received_on")
        try await database.createIndex("donations_fund", on: "donations", "fund_id, status")
        try await database.createIndex("donations_branch", on: "donations", "branch_id, received_on")

        try await database.schema("stock_items")
            .id()
            .field("code", .string, .required)
            .field("name_ar", .string, .required)
            .field("name_en", .string, .required)
            .field("unit", .string, .required)
            .field("is_active", .bool, .required)
            .field("sort_order", .int, .required)
            .unique(on: "code")
            .create()

        try await database.schema("donation_items")
            .id()
            .field("donation_id", .uuid, .required, .references("donations", "id"))
            .field("item_id", .uuid, .required, .references("stock_items", "id"))
            .field("quantity", .int, .required)
            .field("unit_value", .int64, .required)
            .create()
        try await database.createIndex("donation_items_donation", on: "donation_items", "donation_id")

        try await database.schema("stock_movements")
            .id()
            .field("item_id", .uuid, .required, .references("stock_items", "id"))
            .field("branch_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("quantity", .int, .required)
            .field("donation_id", .uuid)
            .field("delivery_id", .uuid)
            .field("note", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.createIndex("stock_movements_item", on: "stock_movements", "item_id, branch_id")

        try await database.schema("pledges")
            .id()
            .field("donor_id", .uuid, .required, .references("donors", "id"))
            .field("branch_id", .uuid, .required)
            .field("designation", .string, .required)
            .field("fund_id", .uuid)
            .field("amount", .int64, .required)
            .field("frequency_months", .int, .required)
            .field("instalments", .int, .required)
            .field("starts_on", .string, .required)
            .field("next_due_on", .string, .required)
            .field("status", .string, .required)
            .field("note", .string, .required)
            .field("last_reminded_at", .datetime)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("pledges_due", on: "pledges", "status, next_due_on")

        try await database.schema("donation_receipts")
            .id()
            .field("number", .string, .required)
            .field("donation_id", .uuid, .required, .references("donations", "id"))
            .field("branch_id", .uuid, .required)
            .field("token_hash", .string, .required)
            .field("status", .string, .required)
            .field("cancel_reason", .string, .required)
            .field("cancelled_by", .uuid)
            .field("cancelled_at", .datetime)
            .field("issued_by", .uuid, .required)
            .field("issued_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "number")
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("donation_receipts_donation", on: "donation_receipts", "donation_id")

        try await database.schema("zakat_eligible_categories")
            .id()
            .field("category_id", .uuid, .required)
            .field("marked_by", .uuid)
            .field("marked_at", .datetime, .required)
            .unique(on: "category_id")
            .create()

        try await database.schema("fund_commitments")
            .id()
            .field("fund_id", .uuid, .required, .references("funds", "id"))
            .field("request_id", .uuid, .required)
            .field("beneficiary_id", .uuid, .required)
            .field("branch_id", .uuid, .required)
            .field("decision_id", .uuid)
            .field("amount", .int64, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("note", .string, .required)
            .create()
        try await database.createIndex("fund_commitments_fund", on: "fund_commitments", "fund_id, status")
        try await database.createIndex("fund_commitments_request", on: "fund_commitments", "request_id")

        try await database.schema("payment_batches")
            .id()
            .field("number", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("status", .string, .required)
            .field("debit_account", .string, .required)
            .field("note", .string, .required)
            .field("control_total", .int64, .required)
            .field("payment_count", .int, .required)
            .field("made_by", .uuid, .required)
            .field("made_at", .datetime, .required)
            .field("submitted_at", .datetime)
            .field("approved_by", .uuid)
            .field("approved_at", .datetime)
            .field("exported_by", .uuid)
            .field("exported_at", .datetime)
            .field("file_sha256", .string, .required)
            .field("closed_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.createIndex("payment_batches_branch", on: "payment_batches", "branch_id, status")

        try await database.schema("payments")
            .id()
            .field("batch_id", .uuid, .required, .references("payment_batches", "id"))
            .field("commitment_id", .uuid, .required, .references("fund_commitments", "id"))
            .field("request_id", .uuid, .required)
            .field("beneficiary_id", .uuid, .required)
            .field("branch_id", .uuid, .required)
            .field("payee_name", .string, .required)
            .field("iban", .string, .required)
            .field("amount", .int64, .required)
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("failure_reason", .string, .required)
            .field("bank_reference", .string, .required)
            .field("result_by", .uuid)
            .field("result_at", .datetime)
            .field("delivery_id", .uuid)
            .create()
        try await database.createIndex("payments_batch", on: "payments", "batch_id")
        try await database.createIndex("payments_commitment", on: "payments", "commitment_id, status")

        // The fund a cash decision is paid from.
        try await database.schema("request_decisions").field("fund_id", .uuid).update()

        for counter in ["donor", "receipt", "payment_batch"] {
            try await database.sql.raw("INSERT INTO counters (name, value) VALUES (\(bind: counter), 0)").run()
        }
        try await seed(on: database)
    }

    /// A starting point the administrator edits: the usual funds, the usual in-kind items, and divorced women and
    /// widows marked as entitled to zakat (DOMAIN.md: they usually fall under the poor and the needy).
    private func seed(on database: any Database) async throws {
        let now = Date()
        let types = try await database.sql.raw("SELECT id, code FROM support_types").all()
        let typeID = Dictionary(uniqueKeysWithValues: try types.map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "id", as: UUID.self)) })
        let funds: [(String, String, String, String, String?, String)] = [
            ("zakat", "صندوق الزكاة", "Zakat fund", "zakat", nil, ""),
            ("general", "الصندوق العام", "General fund", "general", nil, ""),
            ("sadaqa", "صندوق الصدقات", "Sadaqa fund", "sadaqa", nil, ""),
            ("rent", "صندوق دعم الإيجار", "Rent support fund", "restricted", "rent", "سداد الإيجار المتأخر"),
            ("ramadan", "سلال رمضان", "Ramadan baskets", "restricted", "food_basket", "سلال غذائية في رمضان"),
            ("school", "العودة للمدارس", "Back to school", "restricted", "education", "احتياجات أبنائها المدرسية"),
        ]
        for (index, fund) in funds.enumerated() {
            try await database.insert(into: "funds", [
                "id": UUID(), "code": fund.0, "name_ar": fund.1, "name_en": fund.2, "designation": fund.3,
                "support_type_id": fund.4.flatMap { typeID[$0] } as UUID?, "purpose": fund.5, "is_active": true,
                "sort_order": index + 1, "created_at": now,
            ])
        }
        let items = [("food_basket", "سلة غذائية", "Food basket", "سلة"), ("school_bag", "حقيبة مدرسية", "School bag", "حقيبة"),
                     ("blanket", "بطانية", "Blanket", "قطعة"), ("eid_clothes", "كسوة العيد", "Eid clothes", "طقم"),
                     ("voucher", "قسيمة شرائية", "Shopping voucher", "قسيمة")]
        for (index, item) in items.enumerated() {
            try await database.insert(into: "stock_items", [
                "id": UUID(), "code": item.0, "name_ar": item.1, "name_en": item.2, "unit": item.3, "is_active": true, "sort_order": index + 1,
            ])
        }
        let categories = try await database.sql.raw("SELECT id FROM beneficiary_categories WHERE code IN ('divorced', 'widow')").all()
        for row in categories {
            try await database.insert(into: "zakat_eligible_categories", [
                "id": UUID(), "category_id": try row.decode(column: "id", as: UUID.self), "marked_at": now,
            ])
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM counters WHERE name IN ('donor', 'receipt', 'payment_batch')").run()
        try await database.schema("request_decisions").deleteField("fund_id").update()
        for table in ["payments", "payment_batches", "fund_commitments", "zakat_eligible_categories", "donation_receipts", "pledges",
                      "stock_movements", "donation_items", "stock_items", "donations", "funds", "donors"] {
            try await database.schema(table).delete()
        }
    }
}
