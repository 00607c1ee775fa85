import Fluent
import LamasatCore
import Vapor

/// The contact a message becomes: a subject (its platform and handle to start with) and how it ended. The file it
/// belongs to comes with the address (`?beneficiary=`), as on the contacts form.
struct SocialContactForm {
    struct Valid { let subject: String; let outcome: ContactOutcome }

    var subject = ""
    var outcome = ContactOutcome.informationGiven.rawValue

    init(_ message: SocialMessage, _ req: Request) {
        subject = String("\(req.t(message.platform.localizationKey)) · \(message.displayHandle)".prefix(200))
    }

    init(request req: Request) {
        subject = req.formText("subject")
        outcome = req.formText("outcome")
    }

    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if subject.isEmpty { errors["subject"] = req.t("validation.required") } else if subject.count > 200 { errors["subject"] = req.t("validation.tooLong") }
        let chosen = ContactOutcome(rawValue: outcome)
        if chosen == nil { errors["outcome"] = req.t("validation.choose") }
        guard errors.isEmpty, let chosen else { return (nil, errors) }
        return (Valid(subject: subject, outcome: chosen), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "subject", label: req.t("contact.subject"), value: subject, error: errors["subject"], required: true, maxlength: 200, key: "contact"),
            FormField(name: "outcome", label: req.t("contact.outcome"), kind: "select", error: errors["outcome"], required: true,
                      options: FormField.Option.choices(ContactOutcome.allCases, selected: outcome, req), key: "contact"),
        ].prepared()
    }
}

/// The inquiry, complaint or suggestion a message becomes: its category, a severity for a complaint, and who wrote
/// it when no file was chosen (her handle to start with; a phone only if she gave one).
struct SocialCaseForm {
    struct Valid {
        let category: CaseCategory
        let severity: ComplaintSeverity
        let name: String
        let phone: String
    }

    let outcome: SocialOutcome
    var category = ""
    var severity = ComplaintSeverity.medium.rawValue
    var contactName = ""
    var contactPhone = ""

    init(_ outcome: SocialOutcome, message: SocialMessage, categories: [CaseCategory]) {
        self.outcome = outcome
        contactName = message.displayHandle
        if outcome == .suggestion { category = categories.first { $0.code == "suggestion" }?.id?.uuidString ?? "" }
    }

    init(_ outcome: SocialOutcome, request req: Request) {
        self.outcome = outcome
        category = req.formText("category")
        severity = outcome == .complaint ? req.formText("severity") : ComplaintSeverity.low.rawValue
        contactName = req.formText("contactName")
        contactPhone = req.formText("contactPhone")
    }

    var categoryKind: CaseCategory.Kind { outcome == .inquiry ? .inquiry : .complaint }

    /// The active categories offered, in their order.
    static func categories(_ kind: CaseCategory.Kind, on db: any Database) async throws -> [CaseCategory] {
        try await CaseCategory.query(on: db).filter(\.$kind == kind).filter(\.$isActive == true).sort(\.$sortOrder).all()
    }

    func validate(_ req: Request, file: Beneficiary?) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = try await req.caseCategory(category, kind: categoryKind)
        if chosen == nil { errors["category"] = req.t("validation.choose") }
        let chosenSeverity = ComplaintSeverity(rawValue: severity)
        if chosenSeverity == nil { errors["severity"] = req.t("validation.choose") }
        var (name, phone) = (contactName, "")
        if let file {
            (name, phone) = (file.name.full, file.mobile)
        } else if contactPhone.isEmpty {
            // Someone known only by her handle: the answer goes back on the platform.
            if name.isEmpty { errors["contactName"] = req.t("validation.required") } else if name.count > 120 { errors["contactName"] = req.t("validation.tooLong") }
        } else {
            (name, phone) = req.caseContact(file: nil, typedName: contactName, typedPhone: contactPhone, errors: &errors)
        }
        guard errors.isEmpty, let chosen, let chosenSeverity else { return (nil, errors) }
        return (Valid(category: chosen, severity: chosenSeverity, name: name, phone: phone), errors)
    }

    func fields(_ req: Request, file: Beneficiary?, categories: [CaseCategory], errors: FieldErrors) throws -> [FormField] {
        let key = outcome.rawValue
        var fields = [
            FormField(name: "category", label: req.t("case.category"), kind: "select", error: errors["category"], required: true,
                      options: [.choose(req)] + (try FormField.Option.caseCategories(categories, selected: category, req)), key: key),
        ]
        if outcome == .complaint {
            fields.append(FormField(name: "severity", label: req.t("complaint.severity"), kind: "select", error: errors["severity"], required: true,
                                    options: FormField.Option.choices(ComplaintSeverity.allCases, selected: severity, req), key: key))
        }
        if file == nil {
            fields += [
                FormField(name: "contactName", label: req.t("case.contactName"), value: contactName, error: errors["contactName"], required: true,
                          maxlength: 120, key: key),
                FormField(name: "contactPhone", label: req.t("case.contactPhone"), value: contactPhone, hint: req.t("social.phoneHint"),
                          error: errors["contactPhone"], autocomplete: "off", inputmode: "tel", dir: "ltr", maxlength: 20, key: key),
            ]
        }
        return fields.prepared()
    }
}

extension TextBoxForm.Box {
    static func socialDismissal(_ req: Request) -> Self {
        Self(name: "reason", label: req.t("social.dismissReason"), hint: req.t("social.dismissHint"), limit: 500, maxlength: 500, wide: true)
    }
}
