import Fluent
import LamasatCore
import Vapor

/// [P-8], [P-21], [P-22] Applying from where she is: a support request submitted online with the declaration confirmed
/// by typing her full name and the expected decision date shown; and a new or renewed document sent into the
/// verification queue.
struct PortalApplyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal")
        portal.get("requests", "new") { try await self.requestForm(req: $0, errors: [:], status: .ok) }.declare(.beneficiary)
        portal.post("requests") { try await self.submit(req: $0) }.declare(.beneficiary)
        portal.get("documents", "new") { try await self.documentForm(req: $0, errors: nil, status: .ok) }.declare(.beneficiary)
        portal.on(.POST, "documents", body: .collect(maxSize: "11mb")) { try await self.upload(req: $0) }.declare(.beneficiary)
    }

    struct RequestView: Encodable {
        let page: PageContext
        let fields: [FormField]
        let declaration: String
        let declarationVersion: Int
        /// Her full name typed under the declaration, as her signature.
        let signature: [FormField]
        let expected: String
    }

    func requestForm(req: Request, _ form: PortalApplyForm = PortalApplyForm(), errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let portal = try req.requirePortal()
        let types = try await SupportType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let period = try await req.organization().decisionPeriodDays
        let declaration = try await DeclarationText.current(on: req.db)
        return try await req.render("portal/apply", RequestView(
            page: PageContext(req, title: req.t("portal.apply.title")), fields: form.fields(req, types: types, errors: errors),
            declaration: declaration.text(in: req.language), declarationVersion: declaration.version,
            signature: form.signatureFields(req, fileName: portal.beneficiary.name.full, errors: errors),
            expected: DualCalendarFormatter(language: req.language).date(DecisionPeriod.expectedDecisionDate(submittedAt: req.now, periodDays: period)).combined
        )).encodeResponse(status: status, for: req)
    }

    func submit(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        let file = portal.beneficiary
        let form = PortalApplyForm(request: req)
        let (valid, errors) = try await form.validate(req, file: file)
        guard let valid else { return try await requestForm(req: req, form, errors: errors, status: .unprocessableEntity) }
        let (type, amount) = valid
        let declaration = try await DeclarationText.current(on: req.db)
        guard String(declaration.version) == form.declarationVersion else {
            // The wording changed while she was reading: she confirms the new one.
            return try await requestForm(req: req, form, errors: ["typedName": req.t("portal.apply.error.newDeclaration")], status: .conflict)
        }
        let description = form.request.description
        let typedName = form.typedName
        let period = try await req.organization().decisionPeriodDays
        let now = req.now
        let request = SupportRequest()
        request.id = UUID()
        request.$beneficiary.id = try file.requireID()
        request.branchID = file.$branch.id
        request.$supportType.id = try type.requireID()
        request.channel = .website
        request.description = description
        request.requestedAmount = amount.halalas
        request.status = .draft
        request.declarationSigned = false
        request.createdBy = try file.requireID()
        request.createdAt = now
        request.updatedAt = now
        do {
            try await req.db.writeTransaction { db in
            // Her file's row is locked first, so a second submission sent at the same moment waits, then finds this one.
            try await db.sql.raw("UPDATE beneficiaries SET updated_at = updated_at WHERE id = \(bind: try file.requireID())").run()
            if try await Self.openRequest(of: file, for: type, on: db) != nil {
                throw RequestWorkflow.Refused(refusal: .notAllowed)
            }
            try await request.create(on: db)
            try await RequestTransition(requestID: try request.requireID(), from: nil, to: .draft, action: "create", actorID: try file.requireID(), at: now, note: "portal").create(on: db)
            let signature = RequestDeclaration()
            signature.requestID = try request.requireID()
            signature.textVersion = declaration.version
            signature.method = .typed
            signature.signerName = typedName
            signature.fileVersion = file.version
            signature.recordedBy = try file.requireID()
            signature.signedAt = now
            try await signature.create(on: db)
            try await RequestCounts.tracking(.request(try request.requireID()), on: db) {
                if let refusal = try await RequestWorkflow.apply(.submit, to: request, facts: SupportRequestFacts(), note: "portal", req: req,
                                                                  beneficiary: try req.requirePortal().beneficiaryID, on: db) {
                    throw RequestWorkflow.Refused(refusal: refusal)
                }
                try await RequestsController.numberAndAcknowledge(request, file: file, periodDays: period, now: now, on: db)
            }
            }
        } catch let refused as RequestWorkflow.Refused {
            return try await requestForm(req: req, form, errors: ["supportType": req.t(refused.refusal.localizationKey)], status: .conflict)
        }
        return req.redirect(to: "/portal/requests/\(try request.requireID().uuidString)?done=portalRequestSubmitted")
    }

    /// Her open request for this service, if she has one.
    static func openRequest(of file: Beneficiary, for type: SupportType, on db: any Database) async throws -> SupportRequest? {
        try await SupportRequest.query(on: db).filter(\.$beneficiary.$id == file.requireID()).filter(\.$supportType.$id == type.requireID())
            .filter(\.$status ~~ SupportRequestStatus.allCases.filter(\.isOpen)).first()
    }

    struct DocumentView: Encodable { let page: PageContext; let action: String; let fields: [FormField]; let errors: [String]? }

    func documentForm(req: Request, errors: [String]?, status: HTTPStatus) async throws -> Response {
        let types = try await DocumentType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        return try await req.render("portal/document", DocumentView(
            page: PageContext(req, title: req.t("portal.document.title")), action: "/portal/documents?_csrf=\(req.csrfToken ?? "")",
            fields: [
                FormField(name: "type", label: req.t("document.type"), kind: "select", required: true,
                          options: [.choose(req)] + FormField.Option.records(types, selected: nil) { $0.name(in: req.language) }),
                FormField(name: "issueDate", label: req.t("document.issueDate"), kind: "date", dir: "ltr"),
                FormField(name: "expiryDate", label: req.t("document.expiryDate"), kind: "date", hint: req.t("portal.document.expiryHint"), dir: "ltr"),
                FormField.upload(req, name: "file", label: req.t("portal.document.file"), hint: req.t("portal.document.fileHint"), required: true),
            ].prepared(), errors: errors))
            .encodeResponse(status: status, for: req)
    }

    /// Documents she may send from her portal in one Riyadh day: enough for a whole file, too few to fill the disk.
    static let uploadsPerDay = 10

    func upload(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        switch try await DocumentIntake.read(req) {
        case .failure(let refused):
            try await req.audit("document.refused", record: ("beneficiary", portal.beneficiaryID.uuidString), outcome: .failure, detail: refused.reason)
            return try await documentForm(req: req, errors: refused.messages, status: .unprocessableEntity)
        case .success(let accepted):
            // Counted atomically per file and day; the counter lives until the day's end (housekeeping keeps a window
            // until its hour has passed).
            let today = CalendarDay.today(req.now)
            let dayEnds = Int((today.moment.timeIntervalSince1970 + 86_400) / OneTimeCodePolicy.standard.window)
            guard try await RateCounter.take("upload:\(portal.beneficiaryID.uuidString):\(today.description)", window: dayEnds,
                                                        limit: Self.uploadsPerDay, on: req.db)
            else {
                try await req.audit("document.refused", record: ("beneficiary", portal.beneficiaryID.uuidString), outcome: .denied, detail: "daily quota")
                return try await documentForm(req: req, errors: [req.t("portal.document.quota", String(Self.uploadsPerDay))], status: .tooManyRequests)
            }
            let (file, now) = (portal.beneficiary, req.now)
            try await DocumentIntake.store(accepted, file: file, by: portal.beneficiaryID, req: req) { db, document in
                try await PortalNotices.document(document, file: file, now: now, on: db)
            }
            return req.redirect(to: "/portal?done=portalDocumentUploaded#documents")
        }
    }
}
