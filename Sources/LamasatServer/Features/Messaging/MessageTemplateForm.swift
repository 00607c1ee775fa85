import LamasatCore
import Vapor

/// One message template's Arabic and English text, as typed, with its checks and its two boxes.
struct MessageTemplateForm {
    var arabic = ""
    var english = ""

    init() {}

    init(_ template: MessageTemplate) {
        arabic = template.arabic
        english = template.english
    }

    init(request req: Request) {
        arabic = req.formText("arabic")
        english = req.formText("english")
    }

    /// The Arabic text is required; both at most 600 characters, using only the variables a message can fill.
    func validate(_ req: Request) -> FieldErrors {
        var errors: FieldErrors = [:]
        for (name, text, required) in [("arabic", arabic, true), ("english", english, false)] {
            if (required && text.isEmpty) || text.count > 600 {
                errors[name] = req.t("templates.error.length")
                continue
            }
            let unknown = ReplyTemplate.unknownVariables(in: text).filter { !MessageTemplate.variables.contains($0) }
            if !unknown.isEmpty { errors[name] = req.t("reply.error.variables", unknown.joined(separator: "، ")) }
        }
        return errors
    }

    /// `key` is the template's id: every template has its own form on the page.
    func fields(_ req: Request, key: String, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "arabic", label: req.t("declaration.textArabic"), kind: "textarea", value: arabic, error: errors["arabic"],
                      required: true, maxlength: 600, key: key),
            FormField(name: "english", label: req.t("declaration.textEnglish"), kind: "textarea", value: english, error: errors["english"],
                      dir: "ltr", maxlength: 600, key: key),
        ].prepared()
    }
}
