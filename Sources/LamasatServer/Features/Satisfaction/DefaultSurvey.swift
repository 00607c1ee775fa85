import Fluent
import Foundation
import LamasatCore

/// The survey the association starts with: one question per part of the policy it measures, an overall score and
/// a free comment.
enum DefaultSurvey {
    static let questions: [(aspect: SurveyAspect, kind: SurveyQuestionKind, arabic: String, english: String)] = [
        (.courtesy, .scale, "هل عاملك موظفونا باحترام ولطف؟", "Did our staff treat you with respect and courtesy?"),
        (.ease, .scale, "هل كانت الإجراءات سهلة وواضحة الخطوات؟", "Were the procedures easy to follow?"),
        (.speed, .scale, "هل كانت سرعة إنجاز طلبك مناسبة؟", "Was your request handled quickly enough?"),
        (.clarity, .scale, "هل كانت المعلومات التي قدمناها لك واضحة؟", "Was the information we gave you clear?"),
        (.overall, .scale, "بشكل عام، ما مدى رضاك عن خدمتنا؟", "Overall, how satisfied are you with our service?"),
        (.comment, .text, "هل لديك ملاحظة أو اقتراح تحبين أن تشاركينا إياه؟", "Is there anything you would like to tell us or suggest?"),
    ]

    static func create(at now: Date, on db: any Database) async throws {
        let template = SurveyTemplate()
        template.id = UUID()
        template.name = "الاستبانة الأساسية"
        template.isDefault = true
        template.createdAt = now
        template.updatedAt = now
        try await template.create(on: db)
        for (index, item) in questions.enumerated() {
            let question = SurveyQuestion()
            question.templateID = template.id!
            question.position = index + 1
            question.kind = item.kind
            question.aspect = item.aspect
            question.textArabic = item.arabic
            question.textEnglish = item.english
            question.choicesArabic = ""
            question.choicesEnglish = ""
            question.isRequired = item.kind == .scale
            question.isActive = true
            try await question.create(on: db)
        }
    }
}
