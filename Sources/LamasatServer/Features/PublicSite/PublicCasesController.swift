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
        let typed = req.method == .POST && number == nil ? PublicCaseForm(request: req) : PublicCaseForm()
        let categories = try await CaseCategory.query(on: req.db).filter(\.$kind == PublicCaseForm.categoryKind(kind)).filter(\.$isActive == true)
            .sort(\.$sortOrder).all()
        let branches = try await Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$nameArabic).all()
        let fields = typed.fields(req, kind: kind, signedIn: req.portal != nil, branches: branches, categories: categories, errors: errors)
        return try await req.render("public/case", FormView(page: PageContext(req, title: req.t("public.case.title.\(kind.rawValue)")), kind: kind.rawValue,
                                                            signedIn: req.portal != nil, fields: fields, number: number, target: target))
            .encodeResponse(status: status, for: req)
    }

    func submit(req: Request) async throws -> Response {
        let kind = try kind(req)
        let file = req.portal?.beneficiary
        let (valid, errors) = try await PublicCaseForm(request: req).validate(req, kind: kind, file: file)
        guard let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        guard try await PublicLookup.take("case", limit: Self.perHour, req: req) else {
            return try await form(req: req, errors: ["text": req.t("public.case.error.tooMany")], status: .tooManyRequests)
        }
        let now = req.now
        let author = file?.id ?? Self.website
        let due = try await Holiday.calendar(on: req.db).due(after: now, workingDays: valid.category.targetDays)
        let number = try await req.db.writeTransaction { db -> String in
            switch kind {
            case .inquiry:
                let inquiry = Inquiry.opened(beneficiaryID: file?.id, contactName: valid.name, contactPhone: valid.phone, branchID: valid.branchID, channel: .website,
                                             categoryID: try valid.category.requireID(), question: valid.text, createdBy: author, at: now, due: due)
                inquiry.contactEmail = valid.email
                try await inquiry.register(now: now, on: db)
                try await req.audit("inquiry.created", record: try file.map { ("beneficiary", try $0.requireID().uuidString) } ?? ("inquiry", try inquiry.requireID().uuidString),
                                    detail: "website \(inquiry.number)", on: db)
                return inquiry.number
            case .complaint, .suggestion:
                let complaint = Complaint.opened(
                    kind: kind == .complaint ? .complaint : .suggestion, beneficiaryID: file?.id, contactName: valid.name, contactPhone: valid.phone, branchID: valid.branchID,
                    channel: .website, categoryID: try valid.category.requireID(), severity: .medium, description: valid.text,
                    isConfidential: valid.confidential, aboutStaffID: nil, createdBy: author, at: now, due: due)
                complaint.contactEmail = valid.email
                try await complaint.register(now: now, on: db)
                try await ComplaintEvent(complaintID: try complaint.requireID(), action: "created", note: "website", actorID: nil, at: now).create(on: db)
                try await req.audit("complaint.created", record: ("complaint", try complaint.requireID().uuidString), detail: "website", on: db)
                return complaint.number
            }
        }
        return try await form(req: req, errors: [:], status: .ok, number: number, target: req.t("case.workingDays", String(valid.category.targetDays)))
    }
}
