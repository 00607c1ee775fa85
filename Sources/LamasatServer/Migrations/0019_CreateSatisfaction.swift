import Fluent
import Foundation
import SQLKit

/// Satisfaction surveys, their invitations and links, anonymous-capable answers, service recovery, improvement
/// actions; the invitation message and the survey reminder rule.
struct M0019CreateSatisfaction: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_templates")
            .id()
            .field("name", .string, .required)
            .field("is_default", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("survey_questions")
            .id()
            .field("template_id", .uuid, .required, .references("survey_templates", "id"))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("aspect", .string, .required)
            .field("text_ar", .string, .required)
            .field("text_en", .string, .required)
            .field("choices_ar", .string, .required)
            .field("choices_en", .string, .required)
            .field("is_required", .bool, .required)
            .field("is_active", .bool, .required)
            .create()
        try await database.schema("survey_invitations")
            .id()
            .field("template_id", .uuid, .required, .references("survey_templates", "id"))
            .field("source_type", .string, .required)
            .field("source_id", .uuid, .required)
            .field("reference", .string, .required)
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required)
            .field("service_type", .string, .required)
            .field("service_channel", .string, .required)
            .field("staff_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("is_answered", .bool, .required)
            .field("reminded_at", .datetime)
            .unique(on: "source_type", "source_id")
            .create()
        try await database.createIndex("survey_invitations_open", on: "survey_invitations", "is_answered, created_at")
        try await database.schema("survey_links")
            .id()
            .field("invitation_id", .uuid, .required, .references("survey_invitations", "id"))
            .field("token_hash", .string, .required)
            .field("medium", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("survey_responses")
            .id()
            .field("template_id", .uuid, .required, .references("survey_templates", "id"))
            .field("month", .string, .required)
            .field("branch_id", .uuid, .required)
            .field("service_type", .string, .required)
            .field("is_anonymous", .bool, .required)
            .field("invitation_id", .uuid)
            .field("channel", .string)
            .field("staff_id", .uuid)
            .field("answered_at", .datetime)
            .field("contact_consent", .bool, .required)
            .create()
        try await database.createIndex("survey_responses_month", on: "survey_responses", "month, branch_id")
        try await database.schema("survey_answers")
            .id()
            .field("response_id", .uuid, .required, .references("survey_responses", "id"))
            .field("question_id", .uuid, .required, .references("survey_questions", "id"))
            .field("score", .int)
            .field("text", .string, .required)
            .create()
        try await database.createIndex("survey_answers_response", on: "survey_answers", "response_id")
        try await database.schema("survey_followups")
            .id()
            .field("response_id", .uuid, .required, .references("survey_responses", "id"))
            .field("invitation_id", .uuid, .required)
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required)
            .field("is_done", .bool, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .field("done_by", .uuid)
            .field("done_at", .datetime)
            .create()
        try await database.schema("improvement_actions")
            .id()
            .field("branch_id", .uuid, .required)
            .field("title", .string, .required)
            .field("you_said", .string, .required)
            .field("we_did", .string, .required)
            .field("owner_id", .uuid)
            .field("status", .string, .required)
            .field("due_on", .string, .required)
            .field("done_on", .string, .required)
            .field("is_published", .bool, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("improvement_links")
            .id()
            .field("action_id", .uuid, .required, .references("improvement_actions", "id"))
            .field("kind", .string, .required)
            .field("target_id", .uuid, .required)
            .field("label", .string, .required)
            .unique(on: "action_id", "kind", "target_id")
            .create()
        try await DefaultSurvey.create(at: Date(), on: database)
        for template in SurveyInvitations.messageTemplates {
            try await MessageTemplate(code: template.code, arabic: template.arabic, english: template.english, at: Date()).create(on: database)
        }
        // A database created before the reminder rule existed gets it here; a new one got it from 0017's defaults.
        if try await OutreachRule.query(on: database).filter(\.$code == OutreachRule.Code.surveyReminder.rawValue).count() == 0,
           let reminder = OutreachRule.defaults.first(where: { $0.code == .surveyReminder }) {
            let row = OutreachRule()
            row.code = reminder.code.rawValue
            row.enabled = false
            row.days = reminder.days
            row.calendar = ""
            row.windowStart = ""
            row.windowEnd = ""
            row.messageArabic = reminder.message
            row.lastRunOn = ""
            row.sortOrder = OutreachRule.defaults.count
            try await row.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["improvement_links", "improvement_actions", "survey_followups", "survey_answers", "survey_responses", "survey_links",
                      "survey_invitations", "survey_questions", "survey_templates"] {
            try await database.schema(table).delete()
        }
        try await MessageTemplate.query(on: database).filter(\.$code ~~ SurveyInvitations.messageTemplates.map(\.code)).delete()
        try await OutreachRule.query(on: database).filter(\.$code == OutreachRule.Code.surveyReminder.rawValue).delete()
    }
}
