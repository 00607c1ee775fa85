import Fluent
import LamasatCore
import Vapor

/// A complaint or suggestion taken by staff: who (typed only when she has no file), how, about what, how serious,
/// what happened, whether it is about a colleague or confidential. The attachment is read with the upload.
struct ComplaintForm {
    struct Valid {
        let kind: ComplaintKind
        let name: String
        let phone: String
        let channel: ContactChannel
        let category: CaseCategory
        let severity: ComplaintSeverity
        let description: String
        let about: StaffUser?
        let confidential: Bool
    }

    var kind = ComplaintKind.complaint.rawValue
    var contactName = ""
    var contactPhone = ""
    var channel = ContactChannel.phone.rawValue
    var category = ""
    var severity = ComplaintSeverity.medium.rawValue
    var description = ""
    var aboutStaff = ""
    var confidential = false

    init() {}

    init(request req: Request) {
        kind = req.formText("kind")
        contactName = req.formText("contactName")
        contactPhone = req.formText("contactPhone")
        channel = req.formText("channel")
        category = req.formText("category")
        severity = req.formText("severity")
        description = req.formText("description")
        aboutStaff = req.formText("aboutStaff")
        confidential = req.formCheckbox("confidential")
    }

    /// Coded values chosen from their lists, an active complaint category, a description up to 4,000, and a colleague
    /// only among `people` (`ComplaintsController.staffChoices`).
    func validate(_ req: Request, file: Beneficiary?, people: [StaffUser]) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosenKind = ComplaintKind(rawValue: kind)
        if chosenKind == nil { errors["kind"] = req.t("validation.choose") }
        let (name, phone) = req.caseContact(file: file, typedName: contactName, typedPhone: contactPhone, errors: &errors)
        let chosenChannel = ContactChannel(rawValue: channel)
        if chosenChannel == nil { errors["channel"] = req.t("validation.choose") }
        let chosenCategory = try await req.caseCategory(category, kind: .complaint)
        if chosenCategory == nil { errors["category"] = req.t("validation.choose") }
        let chosenSeverity = ComplaintSeverity(rawValue: severity)
        if chosenSeverity == nil { errors["severity"] = req.t("validation.choose") }
        if description.isEmpty { errors["description"] = req.t("validation.required") } else if description.count > 4000 { errors["description"] = req.t("validation.tooLong") }
        let about = aboutStaff.isEmpty ? nil : people.first { $0.id?.uuidString == aboutStaff }
        if !aboutStaff.isEmpty && about == nil { errors["aboutStaff"] = req.t("validation.choose") }
        guard errors.isEmpty, let chosenKind, let chosenChannel, let chosenCategory, let chosenSeverity else { return (nil, errors) }
        return (Valid(kind: chosenKind, name: name, phone: phone, channel: chosenChannel, category: chosenCategory, severity: chosenSeverity,
                      description: description, about: about, confidential: confidential), errors)
    }

    func fields(_ req: Request, file: Beneficiary?, categories: [CaseCategory], people: [StaffUser], errors: FieldErrors) throws -> [FormField] {
        var fields = [
            FormField(name: "kind", label: req.t("complaint.kind"), kind: "select", error: errors["kind"], required: true,
                      options: FormField.Option.choices(ComplaintKind.allCases, selected: kind, req)),
        ]
        fields += FormField.caseContact(req, file: file, name: contactName, phone: contactPhone, errors: errors)
        fields += [
            FormField(name: "channel", label: req.t("request.field.channel"), kind: "select", error: errors["channel"], required: true,
                      options: FormField.Option.choices(ContactChannel.allCases, selected: channel, req)),
            FormField(name: "category", label: req.t("case.category"), kind: "select", error: errors["category"], required: true,
                      options: try FormField.Option.caseCategories(categories, selected: category, req)),
            FormField(name: "severity", label: req.t("complaint.severity"), kind: "select", error: errors["severity"], required: true,
                      options: FormField.Option.choices(ComplaintSeverity.allCases, selected: severity, req)),
            FormField(name: "description", label: req.t("complaint.description"), kind: "textarea", value: description, error: errors["description"],
                      required: true, maxlength: 4000),
            FormField(name: "aboutStaff", label: req.t("complaint.aboutStaff"), kind: "select", hint: req.t("complaint.aboutStaffHint"), error: errors["aboutStaff"],
                      options: [FormField.Option(value: "", label: req.t("complaint.aboutNobody"), selected: aboutStaff.isEmpty)]
                        + FormField.Option.records(people, selected: aboutStaff) { $0.fullName }),
            FormField(name: "confidential", label: req.t("complaint.confidential"), kind: "checkbox", hint: req.t("complaint.confidentialHint"), checked: confidential),
        ]
        return fields.prepared()
    }
}
