import LamasatCore
import Vapor

/// The FAQ entry form: what was typed (or the entry's values), its checks, and its fields.
struct FAQForm {
    var category = ""
    var questionArabic = ""
    var answerArabic = ""
    var questionEnglish = ""
    var answerEnglish = ""
    var isPublished = false

    init() {}

    init(_ entry: FAQEntry) {
        category = entry.category
        questionArabic = entry.questionArabic
        answerArabic = entry.answerArabic
        questionEnglish = entry.questionEnglish
        answerEnglish = entry.answerEnglish
        isPublished = entry.isPublished
    }

    init(request req: Request) {
        category = req.formText("category")
        questionArabic = req.formText("questionArabic")
        answerArabic = req.formText("answerArabic")
        questionEnglish = req.formText("questionEnglish")
        answerEnglish = req.formText("answerEnglish")
        isPublished = req.formCheckbox("isPublished")
    }

    /// The Arabic question and answer are required; the English ones are optional. Limits: 300 and 4,000.
    func validate(_ req: Request) -> (FAQCategory?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = FAQCategory(rawValue: category)
        if chosen == nil { errors["category"] = req.t("validation.choose") }
        for (name, text, limit, required) in [("questionArabic", questionArabic, 300, true), ("answerArabic", answerArabic, 4000, true),
                                              ("questionEnglish", questionEnglish, 300, false), ("answerEnglish", answerEnglish, 4000, false)] {
            if required && text.isEmpty { errors[name] = req.t("validation.required") } else if text.count > limit { errors[name] = req.t("validation.tooLong") }
        }
        return (errors.isEmpty ? chosen : nil, errors)
    }

    func apply(to entry: FAQEntry, category: FAQCategory) {
        entry.category = category.rawValue
        entry.questionArabic = questionArabic
        entry.answerArabic = answerArabic
        entry.questionEnglish = questionEnglish
        entry.answerEnglish = answerEnglish
        entry.isPublished = isPublished
        entry.isMisconception = category == .misconceptions
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "category", label: req.t("faq.category"), kind: "select", error: errors["category"], required: true,
                      options: FormField.Option.choices(FAQCategory.allCases, selected: category, req)),
            FormField(name: "questionArabic", label: req.t("faq.questionArabic"), value: questionArabic, error: errors["questionArabic"], required: true, maxlength: 300),
            FormField(name: "answerArabic", label: req.t("faq.answerArabic"), kind: "textarea", value: answerArabic, error: errors["answerArabic"], required: true, maxlength: 4000),
            FormField(name: "questionEnglish", label: req.t("faq.questionEnglish"), value: questionEnglish, error: errors["questionEnglish"], dir: "ltr", maxlength: 300),
            FormField(name: "answerEnglish", label: req.t("faq.answerEnglish"), kind: "textarea", value: answerEnglish, error: errors["answerEnglish"], dir: "ltr", maxlength: 4000),
            FormField(name: "isPublished", label: req.t("faq.published"), kind: "checkbox", hint: req.t("faq.publishedHint"), checked: isPublished),
        ].prepared()
    }
}
