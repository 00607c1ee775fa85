import Fluent
import LamasatCore
import Vapor

/// A new inquiry: who asks (typed only when she has no file), how she asked, about what, and the question.
struct InquiryForm {
    struct Valid {
        let name: String
        let phone: String
        let channel: ContactChannel
        let category: CaseCategory
        let question: String
    }

    var contactName = ""
    var contactPhone = ""
    var channel = ""
    var category = ""
    var question = ""

    init() {}

    init(request req: Request) {
        contactName = req.formText("contactName")
        contactPhone = req.formText("contactPhone")
        channel = req.formText("channel")
        category = req.formText("category")
        question = req.formText("question")
    }

    /// The inquiry categories offered: active ones, in their order.
    static func categories(on db: any Database) async throws -> [CaseCategory] {
        try await CaseCategory.query(on: db).filter(\.$kind == .inquiry).filter(\.$isActive == true).sort(\.$sortOrder).all()
    }

    /// Her contact from the file or as typed; a channel and an active inquiry category; a question up to 2,000.
    func validate(_ req: Request, file: Beneficiary?) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let (name, phone) = req.caseContact(file: file, typedName: contactName, typedPhone: contactPhone, errors: &errors)
        let chosenChannel = ContactChannel(rawValue: channel)
        if chosenChannel == nil { errors["channel"] = req.t("validation.choose") }
        let chosen = try await req.caseCategory(category, kind: .inquiry)
        if chosen == nil { errors["category"] = req.t("validation.choose") }
        if question.isEmpty { errors["question"] = req.t("validation.required") } else if question.count > 2000 { errors["question"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let chosenChannel, let chosen else { return (nil, errors) }
        return (Valid(name: name, phone: phone, channel: chosenChannel, category: chosen, question: question), errors)
    }

    func fields(_ req: Request, file: Beneficiary?, categories: [CaseCategory], errors: FieldErrors) throws -> [FormField] {
        var fields = FormField.caseContact(req, file: file, name: contactName, phone: contactPhone, errors: errors)
        fields += [
            FormField(name: "channel", label: req.t("request.field.channel"), kind: "select", error: errors["channel"], required: true,
                      options: FormField.Option.choices(ContactChannel.allCases, selected: channel.isEmpty ? ContactChannel.phone.rawValue : channel, req)),
            FormField(name: "category", label: req.t("case.category"), kind: "select", error: errors["category"], required: true,
                      options: try FormField.Option.caseCategories(categories, selected: category, req)),
            FormField(name: "question", label: req.t("inquiry.question"), kind: "textarea", value: question, error: errors["question"], required: true, maxlength: 2000),
        ]
        return fields.prepared()
    }
}
