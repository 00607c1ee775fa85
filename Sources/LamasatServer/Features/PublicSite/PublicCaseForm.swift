import Fluent
import LamasatCore
import Vapor

/// An inquiry, complaint or suggestion sent from the website or her portal: who (typed only when she is not signed
/// in, with the branch), the category, the text, and for a complaint whether it is confidential.
struct PublicCaseForm {
    struct Valid {
        let name: String
        let phone: String
        /// Where answers go instead of an SMS, when she gave one.
        let email: String?
        let branchID: UUID
        let category: CaseCategory
        let text: String
        let confidential: Bool
    }

    var contactName = ""
    var contactPhone = ""
    var contactEmail = ""
    var branch = ""
    var category = ""
    var text = ""
    var confidential = false

    init() {}

    init(request req: Request) {
        contactName = req.formText("contactName")
        contactPhone = req.formText("contactPhone")
        contactEmail = req.formText("contactEmail")
        branch = req.formText("branch")
        category = req.formText("category")
        text = req.formText("text")
        confidential = req.formCheckbox("confidential")
    }

    /// Inquiries take inquiry categories; complaints and suggestions take complaint ones.
    static func categoryKind(_ kind: PublicCasesController.Kind) -> CaseCategory.Kind { kind == .inquiry ? .inquiry : .complaint }

    /// Her contact (from her file when signed in), an active branch, an active category of the kind, a text up to 2,000.
    func validate(_ req: Request, kind: PublicCasesController.Kind, file: Beneficiary?) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let (name, phone) = req.caseContact(file: file, typedName: contactName, typedPhone: contactPhone, errors: &errors)
        var branchID = file?.$branch.id
        var email: String?
        if file == nil, !contactEmail.isEmpty {
            email = EmailAddress(contactEmail)?.value
            if email == nil { errors["contactEmail"] = req.t("validation.email") }
        }
        if file == nil {
            branchID = try await UUID(uuidString: branch).asyncMap { try await Branch.find($0, on: req.db) }??.id
            if branchID == nil { errors["branch"] = req.t("validation.choose") }
        }
        let chosen = try await req.caseCategory(category, kind: Self.categoryKind(kind))
        if chosen == nil { errors["category"] = req.t("validation.choose") }
        if text.isEmpty { errors["text"] = req.t("validation.required") } else if text.count > 2000 { errors["text"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let branchID, let chosen else { return (nil, errors) }
        return (Valid(name: name, phone: phone, email: email, branchID: branchID, category: chosen, text: text, confidential: kind == .complaint && confidential), errors)
    }

    func fields(_ req: Request, kind: PublicCasesController.Kind, signedIn: Bool, branches: [Branch], categories: [CaseCategory], errors: FieldErrors) -> [FormField] {
        var fields: [FormField] = []
        if !signedIn {
            fields += [
                FormField(name: "contactName", label: req.t("public.case.name"), value: contactName, error: errors["contactName"], required: true,
                          autocomplete: "name", maxlength: 120),
                FormField(name: "contactPhone", label: req.t("public.status.mobile"), value: contactPhone, error: errors["contactPhone"], required: true,
                          autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
                FormField(name: "contactEmail", label: req.t("public.case.email"), kind: "email", value: String(contactEmail.prefix(254)),
                          hint: req.t("public.case.emailHint"), error: errors["contactEmail"], autocomplete: "email", inputmode: "email", dir: "ltr", maxlength: 254),
                FormField(name: "branch", label: req.t("public.case.branch"), kind: "select", error: errors["branch"], required: true,
                          options: [.choose(req)] + FormField.Option.records(branches, selected: branch) { $0.name(in: req.language) }),
            ]
        }
        fields += [
            FormField(name: "category", label: req.t("public.case.category"), kind: "select", error: errors["category"], required: true,
                      options: [.choose(req)] + FormField.Option.records(categories, selected: category) { $0.name(in: req.language) }),
            FormField(name: "text", label: req.t("public.case.text.\(kind.rawValue)"), kind: "textarea", value: text, error: errors["text"], required: true,
                      maxlength: 2000),
        ]
        if kind == .complaint {
            fields.append(FormField(name: "confidential", label: req.t("public.case.confidential"), kind: "checkbox", hint: req.t("public.case.confidentialHint"),
                                    checked: confidential))
        }
        return fields.prepared()
    }
}
