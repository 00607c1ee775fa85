import LamasatCore
import Vapor

/// Her answers as typed: one per question (named `q-<question id>`), the confirmation code of a printed code, and
/// whether she answers anonymously and agrees to be contacted.
struct SurveyAnswerForm {
    var answers: [UUID: String] = [:]
    var confirmation = ""
    var anonymous = false
    var contact = false

    init() {}

    init(request req: Request, questions: [SurveyQuestion]) {
        for question in questions {
            if let id = question.id { answers[id] = req.formText(Self.name(id)) }
        }
        confirmation = req.formText(SurveyPaperCode.fieldName)
        anonymous = req.formCheckbox("anonymous")
        contact = req.formCheckbox("contact")
    }

    static func name(_ questionID: UUID) -> String { "q-\(questionID.uuidString)" }

    typealias Given = (question: SurveyQuestion, score: Int?, text: String)

    /// Each answer read as its kind asks; the printed code's confirmation is checked by `SurveyPaperCode.check`.
    func validate(_ req: Request, questions: [SurveyQuestion]) throws -> ([Given]?, FieldErrors) {
        var errors: FieldErrors = [:]
        var given: [Given] = []
        for question in questions {
            let id = try question.requireID(), typed = answers[id] ?? ""
            switch (SurveyAnswerRule.score(typed, kind: question.kind, choices: question.choices(in: .ar).count, required: question.isRequired),
                    question.kind == .text ? SurveyAnswerRule.text(typed) : .success("")) {
            case (.success(let score), .success(let text)): given.append((question, score, text))
            case (.failure(let problem), _), (_, .failure(let problem)): errors[Self.name(id)] = req.t(problem.localizationKey)
            }
        }
        return (errors.isEmpty ? given : nil, errors)
    }

    /// One field per question: a group of radio buttons, or a box for a text question.
    func fields(_ req: Request, questions: [SurveyQuestion], errors: FieldErrors) throws -> [FormField] {
        try questions.map { question in
            let id = try question.requireID(), name = Self.name(id), value = answers[id] ?? ""
            let choices: [(String, String)] = switch question.kind {
            case .scale: (1...5).reversed().map { (String($0), "\($0) — " + req.t("survey.scale.\($0)")) }
            case .yesNo: ["yes", "no"].map { ($0, req.t("survey.\($0)")) }
            case .choice: question.choices(in: req.language).enumerated().map { (String($0.offset), $0.element) }
            case .text: []
            }
            return FormField(name: name, label: question.text(in: req.language), kind: question.kind == .text ? "textarea" : "radios",
                             value: value, error: errors[name], required: question.isRequired && question.kind != .text,
                             options: choices.map { FormField.Option(value: $0.0, label: $0.1, selected: value == $0.0) },
                             maxlength: question.kind == .text ? SurveyAnswerRule.textLimit : nil)
        }.prepared()
    }

    /// The confirmation code of a printed code, asked above the questions.
    func confirmationFields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [FormField(name: SurveyPaperCode.fieldName, label: req.t("survey.confirmation"), hint: req.t("survey.confirmationHint"),
                   error: errors[SurveyPaperCode.fieldName], required: true, autocomplete: "one-time-code", inputmode: "numeric", dir: "ltr",
                   maxlength: 10)].prepared()
    }

    /// Anonymity and consent, below the questions.
    func choiceFields(_ req: Request) -> [FormField] {
        [
            FormField(name: "anonymous", label: req.t("survey.anonymous"), kind: "checkbox", hint: req.t("survey.anonymousHint"), checked: anonymous),
            FormField(name: "contact", label: req.t("survey.contact"), kind: "checkbox", hint: req.t("survey.contactHint"), checked: contact),
        ].prepared()
    }
}
