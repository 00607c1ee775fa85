import LamasatCore
import Vapor

/// A new wording of the declaration: Arabic required, English optional, 4,000 characters each.
struct DeclarationTextForm {
    var arabic = ""
    var english = ""

    init() {}

    init(_ text: DeclarationText?) {
        arabic = text?.arabic ?? ""
        english = text?.english ?? ""
    }

    init(request req: Request) {
        arabic = req.formText("arabic")
        english = req.formText("english")
    }

    /// Publishing the wording in force again would only add a version; it is refused on the Arabic text.
    func validate(_ req: Request, current: DeclarationText) -> FieldErrors {
        var errors: FieldErrors = [:]
        if arabic.isEmpty { errors["arabic"] = req.t("validation.required") } else if arabic.count > 4000 { errors["arabic"] = req.t("validation.tooLong") }
        if english.count > 4000 { errors["english"] = req.t("validation.tooLong") }
        if errors.isEmpty && current.arabic == arabic && current.english == english { errors["arabic"] = req.t("declaration.error.unchanged") }
        return errors
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "arabic", label: req.t("declaration.textArabic"), kind: "textarea", value: arabic, error: errors["arabic"], required: true, maxlength: 4000),
            FormField(name: "english", label: req.t("declaration.textEnglish"), kind: "textarea", value: english, error: errors["english"], dir: "ltr", maxlength: 4000),
        ].prepared()
    }
}
