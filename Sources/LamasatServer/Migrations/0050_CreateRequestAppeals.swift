import Fluent
import Foundation
import SQLKit

/// Appeals (تظلم) of the committee's rejections (issue 20): her reasons, the committee's final answer kept beside the
/// first decision (which stays as it was, for the reports), the agenda item that carries an appeal, and her messages.
struct M0050CreateRequestAppeals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("request_appeals")
            .id()
            .field("request_id", .uuid, .required, .references("support_requests", "id"))
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("status", .string, .required)
            .field("reasons", .string, .required)
            .field("source", .string, .required)
            .field("lodged_by", .uuid, .required)
            .field("lodged_at", .datetime, .required)
            .field("meeting_id", .uuid, .references("committee_meetings", "id"))
            .field("approved_amount", .int64, .required)
            .field("fund_id", .uuid)
            .field("reason_id", .uuid)
            .field("decision_note", .string, .required)
            .field("letter_number", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .unique(on: "request_id")
            .create()
        try await database.createIndex("request_appeals_queue", on: "request_appeals", "status, branch_id, lodged_at")
        try await database.schema("committee_agenda").field("appeal_id", .uuid).update()
        let written = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01, as the other seeded settings
        let templates = [
            ("appeal.accepted",
             "جمعية لمسات: أهلًا {name}، قبلت لجنة البحث تظلمك في طلبك رقم {tracking} {amount}، وهذا قرار نهائي. سنتواصل معك لترتيب تقديم الخدمة. رقم الخطاب {letter}.",
             "Lamasat: Dear {name}, the research committee accepted your appeal on request {tracking} {amount}; this decision is final. We will contact you to arrange the service. Letter {letter}."),
            ("appeal.refused",
             "جمعية لمسات: أهلًا {name}، نظرت لجنة البحث في تظلمك في طلبك رقم {tracking} وأبقت قرار الرفض، وهذا قرار نهائي. السبب: {reason}. رقم الخطاب {letter}.",
             "Lamasat: Dear {name}, the research committee considered your appeal on request {tracking} and kept the rejection; this decision is final. Reason: {reason}. Letter {letter}."),
        ]
        for (code, arabic, english) in templates {
            try await database.insert(into: "message_templates", ["id": UUID(), "code": code, "body_ar": arabic, "body_en": english, "updated_at": written])
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DELETE FROM message_templates WHERE code IN ('appeal.accepted', 'appeal.refused')").run()
        try await database.schema("committee_agenda").deleteField("appeal_id").update()
        try await database.schema("request_appeals").delete()
    }
}
