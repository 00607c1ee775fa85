import Fluent
import LamasatCore
import Vapor

/// [P-7], [P-15], [P-16] An inquiry, a complaint or a suggestion sent from the website or her portal. Signed in, it is
/// filed on her file; otherwise she gives a name and a phone and chooses the branch. Each gets its number and the
/// working-day target of its category, and lands in the staff queues like one taken at the office.
struct PublicCasesController: RouteCollection {
    /// Who filed a case sent from the public website (no staff member, no signed-in beneficiary).
    static let website = UUID(uuidString: "00000000-0000-0000-0000-00000000FEED")!
    /// Cases sent from one address per hour.
    static let perHour = 5

    func boot(routes: any RoutesBuilder) throws {
        let contact = routes.grouped("contact-us")
        contact.get(":kind") { try await self.form(req: $0, errors: [:], status: .ok) }.declare(.public)
        contact.post(":kind") { try await self.submit(req: $0) }.declare(.public)
    }

    enum Kind: String { case inquiry, complaint, suggestion }

    private func kind(_ req: Request) throws -> Kind {
        guard let kind = Kind(rawValue: req.parameters.get("kind") ?? "") else { throw Abort(.notFound) }
        return kind
    }

    struct FormView: Encodable { let page: PageContext; let kind: String; let signedIn: Bool; let fields: [FormField]; let number: String?; let target: String? }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, number: String? = nil, target: String? = nil) async throws -> Response {
        let kind = try kind(req)
        let posted = req.method == .POST && number == nil
        func value(_ name: String) -> String { posted ? req.formText(name) : "" }
        let categories = try await CaseCategory.query(on: req.db).filter(\.$kind == (kind == .inquiry ? .inquiry : .complaint)).filter(\.$isActive == true)
            .sort(\.$sortOrder).all()
        let branches = try await Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$nameArabic).all()
        var fields: [FormField] = []
        if req.portal == nil {
            fields += [
                FormField(name: "contactName", label: req.t("public.case.name"), value: value("contactName"), error: errors["contactName"], required: true,
                          autocomplete: "name", maxlength: 120),
                FormField(name: "contactPhone", label: req.t("public.status.mobile"), value: value("contactPhone"), error: errors["contactPhone"], required: true,
                          autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
                FormField(name: "branch", label: req.t("public.case.branch"), kind: "select", error: errors["branch"], required: true,
                          options: [FormField.Option(value: "", label: req.t("form.choose"), selected: value("branch").isEmpty)]
                            + branches.map { FormField.Option(value: $0.id!.uuidString, label: $0.name(in: req.language), selected: value("branch") == $0.id!.uuidString) }),
            ]
        }
        fields += [
            FormField(name: "category", label: req.t("public.case.category"), kind: "select", error: errors["category"], required: true,
                      options: [FormField.Option(value: "", label: req.t("form.choose"), selected: value("category").isEmpty)]
                        + categories.map { FormField.Option(value: $0.id!.uuidString, label: $0.name(in: req.language), selected: value("category") == $0.id!.uuidString) }),
            FormField(name: "text", label: req.t("public.case.text.\(kind.rawValue)"), kind: "textarea", value: value("text"), error: errors["text"], required: true,
                      maxlength: 2000),
        ]
        if kind == .complaint {
            fields.append(FormField(name: "confidential", label: req.t("public.case.confidential"), kind: "checkbox", hint: req.t("public.case.confidentialHint"),
                                    checked: posted && req.formCheckbox("confidential")))
        }
        return try await req.render("public/case", FormView(page: PageContext(req, title: req.t("public.case.title.\(kind.rawValue)")), kind: kind.rawValue,
                                                            signedIn: req.portal != nil, fields: fields.prepared(), number: number, target: target))
            .encodeResponse(status: status, for: req)
    }

    func submit(req: Request) async throws -> Response {
        let kind = try kind(req)
        let file = req.portal?.beneficiary
        var errors: FieldErrors = [:]
        let (name, phone) = req.caseContact(file: file, typedName: req.formText("contactName"), typedPhone: req.formText("contactPhone"), errors: &errors)
        var branchID = file?.$branch.id
        if file == nil {
            branchID = try await UUID(uuidString: req.formText("branch")).asyncMap { try await Branch.find($0, on: req.db) }??.id
            if branchID == nil { errors["branch"] = req.t("validation.choose") }
        }
        let category = try await UUID(uuidString: req.formText("category")).asyncMap { try await CaseCategory.find($0, on: req.db) } ?? nil
        if category == nil || category?.kind != (kind == .inquiry ? .inquiry : .complaint) || category?.isActive == false { errors["category"] = req.t("validation.choose") }
        let text = req.formText("text")
        if text.isEmpty { errors["text"] = req.t("validation.required") } else if text.count > 2000 { errors["text"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let branchID, let category else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        guard try await PublicLookup.take("case", limit: Self.perHour, req: req) else {
            return try await form(req: req, errors: ["text": req.t("public.case.error.tooMany")], status: .tooManyRequests)
        }
        let now = req.now
        let author = file?.id ?? Self.website
        let due = try await Holiday.calendar(on: req.db).due(after: now, workingDays: category.targetDays)
        let number = try await req.db.transaction { db -> String in
            switch kind {
            case .inquiry:
                let inquiry = Inquiry.opened(beneficiaryID: file?.id, contactName: name, contactPhone: phone, branchID: branchID, channel: .website,
                                             categoryID: try category.requireID(), question: text, createdBy: author, at: now, due: due)
                try await inquiry.register(now: now, on: db)
                try await req.audit("inquiry.created", record: file.map { ("beneficiary", $0.id!.uuidString) } ?? ("inquiry", try inquiry.requireID().uuidString),
                                    detail: "website \(inquiry.number)", on: db)
                return inquiry.number
            case .complaint, .suggestion:
                let complaint = Complaint.opened(
                    kind: kind == .complaint ? .complaint : .suggestion, beneficiaryID: file?.id, contactName: name, contactPhone: phone, branchID: branchID,
                    channel: .website, categoryID: try category.requireID(), severity: .medium, description: text,
                    isConfidential: kind == .complaint && req.formCheckbox("confidential"), aboutStaffID: nil, createdBy: author, at: now, due: due)
                try await complaint.register(now: now, on: db)
                try await ComplaintEvent(complaintID: try complaint.requireID(), action: "created", note: "website", actorID: nil, at: now).create(on: db)
                try await req.audit("complaint.created", record: ("complaint", try complaint.requireID().uuidString), detail: "website", on: db)
                return complaint.number
            }
        }
        return try await form(req: req, errors: [:], status: .ok, number: number, target: req.t("case.workingDays", String(category.targetDays)))
    }
}
