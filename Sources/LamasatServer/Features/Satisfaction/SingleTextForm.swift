import Vapor

/// A form of one required text, as typed: a survey template's name, or what a manager did on a follow-up.
struct SingleTextForm {
    struct Spec {
        let name: String
        let label: String
        var kind = "text"
        var hint: String?
        let limit: Int
        /// The error when nothing is typed.
        let missing: String

        static let templateName = Spec(name: "name", label: "survey.templateName", limit: 120, missing: "survey.error.name")
        static let followUpNote = Spec(name: "note", label: "satisfaction.whatWasDone", kind: "textarea", hint: "satisfaction.noteHint",
                                       limit: 2000, missing: "satisfaction.error.note")
    }

    let spec: Spec
    var text = ""

    init(_ spec: Spec) { self.spec = spec }

    init(_ spec: Spec, request req: Request) {
        self.spec = spec
        text = req.formText(spec.name)
    }

    /// The text, required and within its limit.
    func validate(_ req: Request) -> (String?, FieldErrors) {
        if text.isEmpty { return (nil, [spec.name: req.t(spec.missing)]) }
        if text.count > spec.limit { return (nil, [spec.name: req.t("validation.tooLong")]) }
        return (text, [:])
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [FormField(name: spec.name, label: req.t(spec.label), kind: spec.kind, value: text, hint: spec.hint.map { req.t($0) },
                   error: errors[spec.name], required: true, maxlength: spec.limit)].prepared()
    }
}
