import Fluent
import Foundation

/// Proactive rules with their runs, campaigns, and call lists ([P-4]).
struct M0017CreateOutreach: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outreach_rules")
            .id()
            .field("code", .string, .required)
            .field("enabled", .bool, .required)
            .field("days", .int, .required)
            .field("calendar", .string, .required)
            .field("window_start", .string, .required)
            .field("window_end", .string, .required)
            .field("message_ar", .string, .required)
            .field("last_run_on", .string, .required)
            .field("sort_order", .int, .required)
            .unique(on: "code")
            .create()
        try await database.schema("outreach_runs")
            .id()
            .field("rule_code", .string, .required)
            .field("ran_at", .datetime, .required)
            .field("matched", .int, .required)
            .field("queued", .int, .required)
            .field("listed", .int, .required)
            .field("ran_by", .string, .required)
            .create()
        try await database.createIndex("outreach_runs_rule", on: "outreach_runs", "rule_code, ran_at")
        try await database.schema("call_lists")
            .id()
            .field("name", .string, .required)
            .field("source", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("assigned_to", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("call_entries")
            .id()
            .field("list_id", .uuid, .required, .references("call_lists", "id"))
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("entry_key", .string, .required)
            .field("reason", .string, .required)
            .field("is_done", .bool, .required)
            .field("contact_id", .uuid)
            .unique(on: "entry_key")
            .create()
        try await database.createIndex("call_entries_list", on: "call_entries", "list_id, is_done")
        try await database.schema("campaigns")
            .id()
            .field("name", .string, .required)
            .field("segment", .string, .required)
            .field("channel", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("scheduled_at", .datetime, .required)
            .field("total", .int, .required)
            .field("queued", .int, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Every rule starts switched off. code, days, season calendar, season start and end (month-day), message.
        let rules = [
            ("documentsExpiring", 30, "", "", "",
             "جمعية لمسات: أهلًا {name}، ينتهي مستند «{document}» في ملفك خلال {days} يومًا. نرجو تجديده وإحضاره أو رفعه عبر البوابة."),
            ("overdueDecision", 0, "", "", "",
             "جمعية لمسات: أهلًا {name}، تأخر قرار طلبك رقم {tracking} عن الموعد المتوقع {expected}. نعتذر، وما زال الطلب قيد الدراسة وسنبلغك فور صدور القرار."),
            ("notDelivered", 14, "", "", "", ""),
            ("noContact", 90, "", "", "", ""),
            ("schoolSeason", 0, "gregorian", "08-01", "08-20",
             "جمعية لمسات: أهلًا {name}، يبدأ العام الدراسي قريبًا، ولأبنائك في سن الدراسة برنامج دعم مدرسي. تواصلي معنا للتسجيل."),
            ("ramadan", 0, "hijri", "08-15", "09-01",
             "جمعية لمسات: أهلًا {name}، يقترب شهر رمضان المبارك، وبرنامج السلال الرمضانية مفتوح للأسر المسجلة. تواصلي معنا."),
            ("eid", 0, "hijri", "09-20", "09-28",
             "جمعية لمسات: أهلًا {name}، برنامج كسوة العيد مفتوح للأسر المسجلة التي لديها أطفال. تواصلي معنا."),
            ("surveyReminder", 3, "", "", "",
             "جمعية لمسات: أهلًا {name}، ما زال تقييمك لخدمتنا ({tracking}) متاحًا إن رغبتِ، وهو تذكير واحد فقط. رأيك يساعدنا على التحسين: {link}"),
        ]
        for (index, rule) in rules.enumerated() {
            try await database.insert(into: "outreach_rules", [
                "id": UUID(), "code": rule.0, "enabled": false, "days": rule.1, "calendar": rule.2, "window_start": rule.3,
                "window_end": rule.4, "message_ar": rule.5, "last_run_on": "", "sort_order": index + 1,
            ])
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["campaigns", "call_entries", "call_lists", "outreach_runs", "outreach_rules"] { try await database.schema(table).delete() }
    }
}
