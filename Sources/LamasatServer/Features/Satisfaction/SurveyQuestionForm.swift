import LamasatCore
import Vapor

/// One survey question as typed: its text in both languages, kind, aspect, choices, and whether it is required.
struct SurveyQuestionForm {
    var textArabic = ""
    var textEnglish = ""
    var kind = SurveyQuestionKind.scale.rawValue
    var aspect = SurveyAspect.other.rawValue
    var choicesArabic = ""
    var choicesEnglish = ""
    var isRequired = true

    init() {}

    init(_ question: SurveyQuestion) {
        textArabic = question.textArabic
        textEnglish = question.textEnglish
        kind = question.kind.rawValue
        aspect = question.aspect.rawValue
        choicesArabic = question.choicesArabic
        choicesEnglish = question.choicesEnglish
        isRequired = question.isRequired
    }

    init(request req: Request) {
        textArabic = req.formText("textArabic")
        textEnglish = req.formText("textEnglish")
        kind = req.formText("kind")
        aspect = req.formText("aspect")
        choicesArabic = req.formText("choicesArabic")
        choicesEnglish = req.formText("choicesEnglish")
        isRequired = req.formCheckbox("isRequired")
    }

    struct Valid {
        let kind: SurveyQuestionKind
        let aspect: SurveyAspect
        let choicesArabic: [String]
        let choicesEnglish: [String]
    }

    /// `locked` is a question with answers: it keeps its kind and its number of choices, so past results keep their meaning.
    func validate(_ req: Request, locked existing: SurveyQuestion?) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if textArabic.isEmpty { errors["textArabic"] = req.t("validation.required") } else if textArabic.count > 300 { errors["textArabic"] = req.t("validation.tooLong") }
        if textEnglish.count > 300 { errors["textEnglish"] = req.t("validation.tooLong") }
        let kind = existing?.kind ?? SurveyQuestionKind(rawValue: self.kind)
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        let aspect = SurveyAspect(rawValue: self.aspect)
        if aspect == nil { errors["aspect"] = req.t("validation.choose") }
        if aspect == .overall && kind != .scale { errors["aspect"] = req.t("survey.error.overallScale") }
        let arabic = SurveyQuestion.lines(choicesArabic), english = SurveyQuestion.lines(choicesEnglish)
        if kind == .choice {
            if !(2...8).contains(arabic.count) { errors["choicesArabic"] = req.t("survey.error.choices") }
            if !english.isEmpty && english.count != arabic.count { errors["choicesEnglish"] = req.t("survey.error.choicesEnglish") }
            if let existing, arabic.count != SurveyQuestion.lines(existing.choicesArabic).count { errors["choicesArabic"] = req.t("survey.error.choicesLocked") }
        }
        if choicesArabic.count > 1000 { errors["choicesArabic"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let kind, let aspect else { return (nil, errors) }
        return (Valid(kind: kind, aspect: aspect, choicesArabic: arabic, choicesEnglish: english), [:])
    }

    func apply(_ valid: Valid, to question: SurveyQuestion) {
        question.kind = valid.kind
        question.aspect = valid.aspect
        question.textArabic = textArabic
        question.textEnglish = textEnglish
        question.choicesArabic = valid.kind == .choice ? valid.choicesArabic.joined(separator: "\n") : ""
        question.choicesEnglish = valid.kind == .choice ? valid.choicesEnglish.joined(separator: "\n") : ""
        question.isRequired = valid.kind != .text && isRequired
    }

    /// `key` is the question's id (nil for the new one); a `locked` question offers no kind to change.
    func fields(_ req: Request, errors: FieldErrors, key: String?, locked: Bool) -> [FormField] {
        var list = [
            FormField(name: "textArabic", label: req.t("survey.field.textArabic"), value: textArabic, error: errors["textArabic"],
                      required: true, maxlength: 300, key: key),
            FormField(name: "textEnglish", label: req.t("survey.field.textEnglish"), value: textEnglish, error: errors["textEnglish"],
                      dir: "ltr", maxlength: 300, key: key),
        ]
        if !locked {
            list.append(FormField(name: "kind", label: req.t("survey.field.kind"), kind: "select", error: errors["kind"], required: true,
                                  options: FormField.Option.choices(SurveyQuestionKind.allCases, selected: kind, req), key: key))
        }
        list += [
            FormField(name: "aspect", label: req.t("survey.field.aspect"), kind: "select", error: errors["aspect"], required: true,
                      options: FormField.Option.choices(SurveyAspect.allCases, selected: aspect, req), key: key),
            FormField(name: "choicesArabic", label: req.t("survey.field.choicesArabic"), kind: "textarea", value: choicesArabic,
                      hint: req.t("survey.field.choicesHint"), error: errors["choicesArabic"], maxlength: 1000, key: key),
            FormField(name: "choicesEnglish", label: req.t("survey.field.choicesEnglish"), kind: "textarea", value: choicesEnglish,
                      error: errors["choicesEnglish"], dir: "ltr", maxlength: 1000, key: key),
            FormField(name: "isRequired", label: req.t("survey.field.required"), kind: "checkbox", checked: isRequired, key: key),
        ]
        return list.prepared()
    }
}
