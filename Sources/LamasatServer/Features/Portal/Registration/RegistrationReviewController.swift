import Fluent
import LamasatCore
import Vapor

/// The officers' side of online registration: the queue of what applicants sent from the website, within reach of
/// the branch they chose; each one's page (her new file, or — for an ID that already had a file — her answers and
/// that file when it is within reach); and the review that takes it off the queue, with a note.
struct RegistrationReviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("registrations") { try await self.index(req: $0) }.requires(.verifyDocuments)
        let one = routes.grouped("registrations", ":registrationID")
        one.get { try await self.show(req: $0, status: .ok) }.requires(.verifyDocuments)
        one.post("review") { try await self.review(req: $0) }.requires(.verifyDocuments)
    }

    struct Row: Encodable { let id: String; let name: String; let file: String; let branch: String; let sent: String; let status: String; let statusCode: String }

    static let filterNames = ["q", "state", "branch"]

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let typed = req.listFilters(Self.filterNames)
        let branches = try await req.formBranches()
        let query = OnlineRegistration.query(on: req.db).filter(\.$status ~~ OnlineRegistration.Status.sent).withinReach(of: staff, \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            if let id = try? NationalID(q) { query.filter(\.$nationalID == id.value) }
            else if let mobile = try? SaudiMobile(q) { query.filter(\.$mobile == mobile.e164) }
            else { query.filter(\.$id == UUID()) }  // only an ID or a mobile finds a registration
        }
        switch typed["state"]! {
        case "": break
        case "waiting": query.filter(\.$status ~~ OnlineRegistration.Status.waiting)
        case let state: query.filter(\.$status == (OnlineRegistration.Status(rawValue: state) ?? .codeSent))
        }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        query.sort(\.$submittedAt, .descending)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("registration.list.searchHint")),
            FormField.filter(req, name: "state", label: req.t("registration.list.state"), selected: typed["state"]!,
                             choices: [("waiting", req.t("registration.list.waiting"))]
                                + OnlineRegistration.Status.sent.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ]
        if branches.count > 1 { filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: typed["branch"]!, records: branches)) }
        try await req.audit("view", record: ("online_registrations", "list"), detail: q.isEmpty ? nil : "searched")
        return try await req.render("portal/registrations", FilteredList(
            page: PageContext(req, title: req.t("registration.queueTitle")), filters: filters, rows: try await Self.rows(items, req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/registrations", filters: typed)))
    }

    static func rows(_ items: [OnlineRegistration], _ req: Request) async throws -> [Row] {
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ Set(items.compactMap(\.beneficiaryID))).all()
        let branches = try await Branch.query(on: req.db).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return try items.map { item in
            let file = files.first { $0.id == item.beneficiaryID }
            return Row(id: try item.requireID().uuidString, name: file?.name.full ?? name(item.answerValues), file: file?.fileNumber ?? "—",
                       branch: branches.first { $0.id == item.branchID }?.name(in: req.language) ?? "—",
                       sent: item.submittedAt.map { formatter.dateTime($0).combined } ?? "—",
                       status: req.t(item.status.localizationKey), statusCode: item.status.rawValue)
        }
    }

    static func name(_ answers: [String: String]) -> String {
        ArabicName(first: answers["nameFirst"] ?? "", father: answers["nameFather"] ?? "", grandfather: answers["nameGrandfather"] ?? "",
                   family: answers["nameFamily"] ?? "").full
    }

    private func reachable(_ req: Request) async throws -> OnlineRegistration {
        try await req.scoped(OnlineRegistration.self, id: req.parameters.get("registrationID"), optionalBranch: \.$branchID) {
            $0.filter(\.$status ~~ OnlineRegistration.Status.sent)
        }
    }

    struct ShowView: Encodable {
        let page: PageContext
        let id: String
        let status: String
        let statusCode: String
        let facts: [FactRow]
        /// A conflict's answers, as she typed them.
        let answers: [FactRow]?
        let similar: [String]?
        let note: [FormField]?
        let reviewed: String?
        let error: String?
    }

    func show(req: Request, errors: FieldErrors = [:], error: String? = nil, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let registration = try await reachable(req)
        let formatter = DualCalendarFormatter(language: req.language)
        let file = try await Beneficiary.find(registration.beneficiaryID, on: req.db)
        let existing = try await Beneficiary.find(registration.existingBeneficiaryID, on: req.db)
        let branch = try await Branch.find(registration.branchID, on: req.db)
        var facts = [
            FactRow(label: req.t("beneficiary.field.nationalID"), value: registration.nationalID, dir: "ltr"),
            FactRow(label: req.t("registration.mobile"), value: (try? SaudiMobile(registration.mobile).local) ?? registration.mobile, dir: "ltr"),
            FactRow(label: req.t("registration.branch"), value: branch?.name(in: req.language) ?? "—"),
            FactRow(label: req.t("registration.sent"), value: registration.submittedAt.map { formatter.dateTime($0).combined } ?? "—"),
            FactRow(label: req.t("registration.signedAs"), value: registration.typedName),
        ]
        if let file {
            facts.insert(FactRow(label: req.t("registration.newFile"), value: "\(file.fileNumber) · \(file.name.full)", dir: nil,
                                 link: "/beneficiaries/\(try file.requireID().uuidString)"), at: 0)
        }
        if let existing {
            let visible = staff.mayReach(branch: existing.$branch.id)
            facts.insert(FactRow(label: req.t("registration.existingFile"), value: visible ? "\(existing.fileNumber) · \(existing.name.full)" : req.t("registration.otherBranch"),
                                 dir: nil, link: visible ? "/beneficiaries/\(try existing.requireID().uuidString)" : nil), at: 0)
        }
        var similar: [String] = []
        if let file {
            similar = try await BeneficiaryRegistry.similar(to: file, on: req.db).map { match, reason in
                staff.mayReach(branch: match.$branch.id) ? req.t("beneficiary.similar.\(reason)", match.fileNumber, match.name.full) : req.t("beneficiary.similar.otherBranch")
            }
        }
        let answers = registration.status == .conflict || registration.status == .resolved
            ? RegistrationFileForm.answerFacts(registration.answerValues, categories: try await BeneficiaryCategory.query(on: req.db).all(), req) : nil
        let reviewer = try await StaffUser.find(registration.reviewedBy, on: req.db)
        try await req.auditView("online_registration", id: try registration.requireID().uuidString)
        let waiting = OnlineRegistration.Status.waiting.contains(registration.status)
        return try await req.render("portal/registration", ShowView(
            page: PageContext(req, title: req.t("registration.reviewTitle")), id: try registration.requireID().uuidString,
            status: req.t(registration.status.localizationKey), statusCode: registration.status.rawValue, facts: facts, answers: answers?.nonEmpty,
            similar: similar.nonEmpty,
            note: waiting ? Self.noteForm(registration, req).fields(req, errors: errors) : nil,
            reviewed: registration.reviewedAt.map { req.t("registration.reviewedBy", reviewer?.fullName ?? "—", formatter.dateTime($0).combined) + (registration.reviewNote.isEmpty ? "" : " — " + registration.reviewNote) },
            error: error)).encodeResponse(status: status, for: req)
    }

    /// The officer's note: how the data was matched, or — required for a conflict — what was settled with her.
    static func noteForm(_ registration: OnlineRegistration, _ req: Request) -> TextBoxForm {
        let box = TextBoxForm.Box(name: "note", label: req.t(registration.status == .conflict ? "registration.resolveNote" : "registration.reviewNote"),
                                  kind: "textarea", required: registration.status == .conflict, limit: 1000, maxlength: 1000)
        return req.method == .POST ? TextBoxForm(box, request: req) : TextBoxForm(box)
    }

    func review(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let registration = try await reachable(req)
        guard OnlineRegistration.Status.waiting.contains(registration.status) else {
            return try await show(req: req, error: req.t("case.error.notNow"), status: .conflict)
        }
        let (note, errors) = Self.noteForm(registration, req).validate(req)
        guard let note else { return try await show(req: req, errors: errors, status: .unprocessableEntity) }
        let next: OnlineRegistration.Status = registration.status == .conflict ? .resolved : .reviewed
        let done = try await req.db.writeTransaction { db -> Bool in
            let claimed = try await db.sql.raw("""
                UPDATE online_registrations SET status = \(bind: next.rawValue), review_note = \(bind: note), reviewed_by = \(bind: staff.userID),
                    reviewed_at = \(bind: req.now)
                WHERE id = \(bind: try registration.requireID()) AND status = \(bind: registration.status.rawValue) RETURNING id
                """).all()
            guard claimed.count == 1 else { return false }
            try await req.audit("registration.\(next.rawValue)", record: ("online_registration", try registration.requireID().uuidString), on: db)
            return true
        }
        guard done else { return try await show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        return req.redirect(to: "/registrations/\(try registration.requireID().uuidString)?done=registration\(next.rawValue.capitalized)")
    }
}

extension CaseQueue {
    /// Registrations sent from the website, waiting for an officer of the branch she chose.
    static func onlineRegistrations(_ req: Request) async throws -> [CaseQueue] {
        let staff = try req.requireStaff()
        guard staff.can(.verifyDocuments) else { return [] }
        let waiting = try await OnlineRegistration.query(on: req.db).filter(\.$status ~~ OnlineRegistration.Status.waiting)
            .withinReach(of: staff, \.$branchID).sort(\.$submittedAt).range(..<size).all()
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ Set(waiting.compactMap(\.beneficiaryID))).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return [CaseQueue(title: req.t("work.onlineRegistrations"), lines: try waiting.map { item in
            let file = files.first { $0.id == item.beneficiaryID }
            let sent = item.submittedAt ?? item.createdAt
            return Line(path: "/registrations/\(try item.requireID().uuidString)", number: file?.fileNumber ?? "—",
                        title: "\(file?.name.full ?? RegistrationReviewController.name(item.answerValues)) · \(req.t(item.status.localizationKey))",
                        status: formatter.date(sent).combined, late: sent < req.now.addingTimeInterval(-2 * 86_400))
        }.nonEmpty, link: "/registrations?state=waiting")]
    }
}
