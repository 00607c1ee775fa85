import LamasatCore
import Vapor

/// A one-box action form (an answer, a reason, her acknowledgement, the change adopted, a refusal's reason):
/// what was typed, its check and its field, so each such box is validated and rendered the same way.
struct NoteForm {
    /// The box: its posted name, label and hint; `limit` is the server's check, `maxlength` what the page offers.
    struct Box {
        let name: String
        let label: String
        var kind = "text"
        var hint: String?
        var required = true
        var limit: Int?
        var maxlength: Int?
        var wide = false
    }

    let box: Box
    var text = ""

    init(_ box: Box) { self.box = box }

    init(_ box: Box, request req: Request) {
        self.box = box
        text = req.formText(box.name)
    }

    /// The text, or `error` (the action's own message) on the box when it is empty though required, or too long.
    func validate(_ req: Request, error: String) -> (String?, FieldErrors) {
        let missing = box.required && text.isEmpty
        let tooLong = box.limit.map { text.count > $0 } ?? false
        return missing || tooLong ? (nil, [box.name: error]) : (text, [:])
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] { [field(errors: errors)].prepared() }

    /// The box alone, for a form that has it beside other fields.
    func field(errors: FieldErrors) -> FormField {
        FormField(name: box.name, label: box.label, kind: box.kind, value: text, hint: box.hint, error: errors[box.name],
                  required: box.required, maxlength: box.maxlength, wide: box.wide)
    }
}

extension NoteForm.Box {
    /// The same box on the page that shows it and in the action that reads it.
    static func complaint(_ action: ComplaintStatus.Action, _ req: Request) -> Self {
        switch action {
        case .respond: Self(name: "response", label: req.t("complaint.response"), kind: "textarea", limit: 4000, maxlength: 4000)
        case .close: Self(name: "acknowledgement", label: req.t("complaint.acknowledgement"), hint: req.t("complaint.acknowledgementHint"), limit: 4000, maxlength: 500)
        case .reopen: Self(name: "reason", label: req.t("complaint.reopenReason"), limit: 4000, maxlength: 500, wide: true)
        }
    }

    static func escalation(_ req: Request) -> Self { Self(name: "reason", label: req.t("complaint.escalateReason"), required: false, maxlength: 500, wide: true) }
    static func adoption(_ req: Request) -> Self { Self(name: "change", label: req.t("complaint.adoptedChange"), limit: 1000, maxlength: 1000, wide: true) }
    static func contactChangeRefusal(_ req: Request) -> Self {
        Self(name: "reason", label: req.t("contactChange.reason"), kind: "textarea", limit: 500, maxlength: 500)
    }
    static func inquiryAnswer(_ req: Request) -> Self { Self(name: "answer", label: req.t("inquiry.answer"), kind: "textarea", limit: 4000, maxlength: 4000) }
}
