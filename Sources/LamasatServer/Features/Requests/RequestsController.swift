import Fluent
import LamasatCore
import Vapor

/// Intake of a support request on any of the eight channels ([P-16]), its submission with a tracking number and the
/// expected decision date ([P-22]), withdrawal and closing, and the printed acknowledgement and request form.
struct RequestsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let intake = routes.grouped("beneficiaries", ":beneficiaryID", "requests")
        intake.get("new") { try await self.new(req: $0) }.requires(.takeRequests)
        intake.post { try await self.create(req: $0) }.requires(.takeRequests)
        let request = routes.grouped("requests", ":requestID")
        request.get { try await RequestPage.show($0) }.requires(.viewBeneficiaries)
        request.get("acknowledgement") { try await self.acknowledgement(req: $0) }.requires(.viewBeneficiaries)
        request.get("form") { try await self.printableForm(req: $0) }.requires(.viewBeneficiaries)
        request.post("submit") { try await self.act(req: $0, .submit) }.requires(.takeRequests)
        request.post("withdraw") { try await self.act(req: $0, .withdraw) }.requires(.takeRequests)
        request.post("close") { try await self.act(req: $0, .close) }.requires(.takeRequests)
    }

    // MARK: Intake

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let back: String
        let fields: [FormField]
        let library: [LibraryLink]?
    }

    private func render(_ req: Request, _ file: Beneficiary, form: SupportRequestForm, errors: FieldErrors) async throws -> View {
        let types = try await SupportType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let base = "/beneficiaries/\(try file.requireID().uuidString)"
        return try await req.render("requests/form", FormView(
            page: PageContext(req, title: req.t("request.newTitle", file.name.full)), action: "\(base)/requests",
            back: "\(base)?tab=requests", fields: form.fields(req, errors: errors, types: types), library: try await LibraryLink.for("intake", req: req)))
    }

    func new(req: Request) async throws -> View {
        try await render(req, try await req.reachableBeneficiary(), form: SupportRequestForm(), errors: [:])
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        let form = SupportRequestForm(request: req)
        let (valid, errors) = try await form.validate(req, file: file)
        guard let valid else {
            return try await render(req, file, form: form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let request = try await Self.draft(valid, description: form.description, file: file, req: req)
        return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=requestCreated")
    }

    /// A draft of a checked form, its first transition and its audit, in one transaction; the API creates drafts here too.
    static func draft(_ valid: SupportRequestForm.Valid, description: String, file: Beneficiary, req: Request) async throws -> SupportRequest {
        let staff = try req.requireStaff()
        let (type, channel) = (valid.type, valid.channel)
        let request = SupportRequest()
        request.id = UUID()
        request.$beneficiary.id = try file.requireID()
        request.branchID = file.$branch.id
        request.$supportType.id = try type.requireID()
        request.$supportType.value = type
        request.channel = channel
        request.description = description
        request.requestedAmount = valid.amount.halalas
        request.status = .draft
        request.declarationSigned = false
        request.createdBy = staff.userID
        request.createdAt = req.now
        request.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await request.create(on: db)
            try await RequestTransition(requestID: try request.requireID(), from: nil, to: .draft, action: "create", actorID: staff.userID, at: req.now,
                                        note: channel.rawValue).create(on: db)
            try await req.audit("request.created", record: ("support_request", try request.requireID().uuidString), detail: type.code, on: db)
        }
        return request
    }

    // MARK: The request

    /// Submission gives the tracking number, the expected decision date and the acknowledgement message, all in the
    /// transaction of the transition; withdrawal and closing are plain transitions.
    func act(req: Request, _ action: SupportRequestAction) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        // Only withdrawal has a reason box; the state machine says a withdrawal without one is refused.
        let form = action == .withdraw ? ReasonForm(request: req) : ReasonForm()
        let (reason, errors) = form.validate(req, missing: nil)
        guard let reason else {
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: "withdraw", fields: form.withdrawFields(req, errors: errors)))
        }
        return try await RequestPage.perform(action, on: request, req: req,
                                             refusedPage: form.refusedPage(req, key: "withdraw") { $0.withdrawFields(req, errors: $1) },
                                             try await Self.transition(action, request, file: file, reason: reason, req: req))
    }

    /// The writes of an intake transition, for `RequestPage.run` to do in its transaction: the state machine's move
    /// on the facts read now, and at submission the number, the expected date and her acknowledgement. The API's
    /// submit is this same work.
    static func transition(_ action: SupportRequestAction, _ request: SupportRequest, file: Beneficiary, reason: String,
                           req: Request) async throws -> @Sendable (any Database) async throws -> SupportRequestRefusal? {
        var facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        facts.reason = reason
        let checked = facts
        let period = try await req.organization().decisionPeriodDays
        let now = req.now
        return { db in
            if let refusal = try await RequestWorkflow.apply(action, to: request, facts: checked, note: reason, req: req, on: db) {
                return refusal
            }
            guard action == .submit else { return nil }
            try await Self.numberAndAcknowledge(request, file: file, periodDays: period, now: now, actor: req.staff?.userID, on: db)
            return nil
        }
    }

    /// At the first submission: the tracking number, the expected decision date and the acknowledgement message, in
    /// the transaction of the transition. A resubmission keeps them.
    static func numberAndAcknowledge(_ request: SupportRequest, file: Beneficiary, periodDays: Int, now: Date, actor: UUID? = nil, on db: any Database) async throws {
        guard request.trackingNumber == nil else { return }
        let number = try await Counters.next("support_request", on: db)
        request.trackingNumber = ReferenceNumber("R", sequence: number, at: now).description
        request.submittedAt = now
        request.expectedDecisionAt = DecisionPeriod.expectedDecisionDate(submittedAt: now, periodDays: periodDays)
        try await request.save(on: db)
        try await RequestNotices.moved(request, to: .submitted, actor: actor, now: now, on: db)
        let expected = DualCalendarFormatter(language: try await MessageTemplate.language(for: file.id, on: db)).date(request.expectedDecisionAt!).combined
        let body = try await MessageTemplate.text("request.ack", for: file.id, values: [
            "name": file.nameFirst, "tracking": request.trackingNumber!, "expected": expected], on: db)
        try await Outbox.enqueue(Outbox.Draft(
            channel: .sms, recipient: file.mobile, subject: "استلام طلب \(request.trackingNumber!)",
            body: body,
            idempotencyKey: "request-ack:\(try request.requireID().uuidString)", relatedType: "support_request",
            relatedID: try request.requireID().uuidString, branchID: request.branchID, beneficiaryID: file.id), now: now, on: db)
    }

    struct AcknowledgementView: Encodable {
        let page: PageContext
        let organization: OrganizationProfile
        let tracking: String
        let name: String
        let supportType: String
        let submitted: String
        let expected: String
        let id: String
    }

    /// The printable acknowledgement handed to her: tracking number, and that the committee decides within the period.
    func acknowledgement(req: Request) async throws -> View {
        req.printLanguage()
        let (request, file) = try await req.reachableRequest()
        guard let tracking = request.trackingNumber, let submitted = request.submittedAt, let expected = request.expectedDecisionAt else {
            throw Abort(.notFound)
        }
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("requests/acknowledgement", AcknowledgementView(
            page: PageContext(req, title: req.t("request.acknowledgement")), organization: try await req.organization(),
            tracking: tracking, name: file.name.full, supportType: request.supportType.name(in: req.language),
            submitted: formatter.dateTime(submitted).combined, expected: formatter.date(expected).combined, id: try request.requireID().uuidString))
    }

    struct PrintableFormView: Encodable {
        let page: PageContext
        let id: String
        let organization: OrganizationProfile
        let reference: String
        let applicant: [FactRow]
        let request: [FactRow]
        let declaration: String
        let declarationVersion: Int
        let printed: String
    }

    /// [P-17] The beneficiary support request form, filled from the file and the request, ready to sign on paper.
    func printableForm(req: Request) async throws -> View {
        req.printLanguage()
        let (request, file) = try await req.reachableRequest()
        try await req.auditView("support_request", id: try request.requireID().uuidString)
        let formatter = DualCalendarFormatter(language: req.language)
        let members = try await FamilyMember.query(on: req.db).filter(\.$beneficiary.$id == file.requireID()).all()
        let household = Household(members: members.map(\.householdMember), today: req.now)
        let category = try await BeneficiaryCategory.find(file.$category.id, on: req.db)
        let declaration = try await DeclarationText.current(on: req.db)
        func line(_ key: String, _ value: String, dir: String? = nil) -> FactRow {
            .init(label: req.t(key), value: value.isEmpty ? "—" : value, dir: dir)
        }
        let address = [file.addressBuilding, file.addressStreet, file.addressDistrict, file.addressCity, file.addressPostalCode]
            .filter { !$0.isEmpty }.joined(separator: "، ")
        return try await req.render("requests/printable-form", PrintableFormView(
            page: PageContext(req, title: req.t("request.printableForm")), id: try request.requireID().uuidString,
            organization: try await req.organization(),
            reference: request.trackingNumber ?? req.t("request.status.draft"),
            applicant: [
                line("beneficiary.name", file.name.full), line("beneficiary.fileNumber", file.fileNumber, dir: "ltr"),
                line("beneficiary.field.nationalID", file.nationalID, dir: "ltr"),
                line("beneficiary.field.mobile", (try? SaudiMobile(file.mobile))?.local ?? file.mobile, dir: "ltr"),
                line("beneficiary.nationalAddress", address), line("beneficiary.field.category", category?.name(in: req.language) ?? ""),
                line("household.size", String(household.size)), line("household.dependants", String(household.dependants)),
            ],
            request: [
                line("request.field.supportType", request.supportType.name(in: req.language)),
                line("request.field.channel", req.t(request.channel.localizationKey)),
                line("request.field.requestedAmount", request.requestedAmount == 0 ? "" : Money(halalas: request.requestedAmount).formatted(req.language)),
                line("request.field.description", request.description),
            ],
            declaration: declaration.text(in: req.language), declarationVersion: declaration.version,
            printed: formatter.date(req.now).combined))
    }
}
