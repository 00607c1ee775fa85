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
        for (index, rule) in OutreachRule.defaults.enumerated() {
            let row = OutreachRule()
            row.code = rule.code.rawValue
            row.enabled = false
            row.days = rule.days
            row.calendar = rule.window?.calendar.rawValue ?? ""
            row.windowStart = rule.window?.start.description ?? ""
            row.windowEnd = rule.window?.end.description ?? ""
            row.messageArabic = rule.message
            row.lastRunOn = ""
            row.sortOrder = index + 1
            try await row.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["campaigns", "call_entries", "call_lists", "outreach_runs", "outreach_rules"] { try await database.schema(table).delete() }
    }
}
