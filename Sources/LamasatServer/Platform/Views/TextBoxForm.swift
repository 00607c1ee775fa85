import LamasatCore
import Vapor

/// A form of one text box (an answer, a reason, her acknowledgement, a survey's name, what a manager did): what
/// was typed, its check and its field, so each such box is validated and rendered the same way. Features name
/// their boxes in an extension of `TextBoxForm.Box`.
struct TextBoxForm {
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
        /// The message for an empty required box, when the action does not give its own.
        var missing: String?
    }

    let box: Box
    var text = ""

    init(_ box: Box) { self.box = box }

    init(_ box: Box, request req: Request) {
        self.box = box
        text = req.formText(box.name)
    }

    /// The text, or on the box `error` (the action's own message) when it is empty though required or too long;
    /// without one, the box's `missing` message or "required", and "too long".
    func validate(_ req: Request, error: String? = nil) -> (String?, FieldErrors) {
        if box.required && text.isEmpty { return (nil, [box.name: error ?? box.missing ?? req.t("validation.required")]) }
        if let limit = box.limit, text.count > limit { return (nil, [box.name: error ?? req.t("validation.tooLong")]) }
        return (text, [:])
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] { [field(errors: errors)].prepared() }

    /// The box alone, for a form that has it beside other fields.
    func field(errors: FieldErrors) -> FormField {
        FormField(name: box.name, label: box.label, kind: box.kind, value: text, hint: box.hint, error: errors[box.name],
                  required: box.required, maxlength: box.maxlength, wide: box.wide)
    }
}
