import Fluent
import Foundation
import SQLKit

/// What 0019 inserts, written out as it inserts it: the survey the association starts with (one question per part
/// of the policy it measures, an overall score and a free comment), the invitation message, and the survey reminder
/// rule for a database whose 0017 predates it.
extension M0019CreateSatisfaction {
    func seed(on database: any Database) async throws {
        let now = Date()
        let templateID = UUID()
        try await database.insert(into: "survey_templates", [
            "id": templateID, "name": "الاستبانة الأساسية", "is_default": true, "created_at": now, "updated_at": now,
        ])
        // aspect, kind, Arabic, English, required (every scale question is)
        let questions = [
            ("courtesy", "scale", "هل عاملك موظفونا باحترام ولطف؟", "Did our staff treat you with respect and courtesy?", true),
            ("ease", "scale", "هل كانت الإجراءات سهلة وواضحة الخطوات؟", "Were the procedures easy to follow?", true),
            ("speed", "scale", "هل كانت سرعة إنجاز طلبك مناسبة؟", "Was your request handled quickly enough?", true),
            ("clarity", "scale", "هل كانت المعلومات التي قدمناها لك واضحة؟", "Was the information we gave you clear?", true),
            ("overall", "scale", "بشكل عام، ما مدى رضاك عن خدمتنا؟", "Overall, how satisfied are you with our service?", true),
            ("comment", "text", "هل لديك ملاحظة أو اقتراح تحبين أن تشاركينا إياه؟", "Is there anything you would like to tell us or suggest?", false),
        ]
        for (index, item) in questions.enumerated() {
            try await database.insert(into: "survey_questions", [
                "id": UUID(), "template_id": templateID, "position": index + 1, "kind": item.1, "aspect": item.0,
                "text_ar": item.2, "text_en": item.3, "choices_ar": "", "choices_en": "", "is_required": item.4, "is_active": true,
            ])
        }
        try await database.insert(into: "message_templates", [
            "id": UUID(), "code": "survey.invite",
            "body_ar": "جمعية لمسات: أهلًا {name}، تقييمك لخدمتنا ({tracking}) حق لك، ونستعمله لنتحسن لا لمحاسبة أحد. دقيقة واحدة: {link}",
            "body_en": "Lamasat: Dear {name}, rating our service ({tracking}) is your right; we use it to improve, never to blame anyone. One minute: {link}",
            "updated_at": Date(),
        ])
        // A database created before the reminder rule existed gets it here; a new one got it from 0017.
        if try await database.sql.raw("SELECT code FROM outreach_rules WHERE code = 'surveyReminder'").first() == nil {
            try await database.insert(into: "outreach_rules", [
                "id": UUID(), "code": "surveyReminder", "enabled": false, "days": 3, "calendar": "", "window_start": "",
                "window_end": "", "message_ar": "جمعية لمسات: أهلًا {name}، ما زال تقييمك لخدمتنا ({tracking}) متاحًا إن رغبتِ، وهو تذكير واحد فقط. رأيك يساعدنا على التحسين: {link}",
                "last_run_on": "", "sort_order": 8,
            ])
        }
    }
}
