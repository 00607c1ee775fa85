import Fluent
import LamasatCore
import SQLKit
import Vapor

/// [P-15], [P-3] Complaints and suggestions: tracked, assigned, answered within the category's target, escalated
/// when late, closed with her acknowledgement, reopened with a reason; suggestions may be adopted.
struct ComplaintsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let complaints = routes.grouped("complaints")
        complaints.get { try await self.index(req: $0) }.requires(.handleComplaints)
        routes.exportsList("complaints", requires: .handleComplaints, title: "nav.complaints") { try await Self.export($0, limit: $1) }
        complaints.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.handleComplaints)
        complaints.get("filed", ":number") { try await self.filed(req: $0) }.requires(.handleComplaints)
        complaints.on(.POST, body: .collect(maxSize: "11mb")) { try await self.create(req: $0) }.requires(.handleComplaints)
        let one = complaints.grouped(":complaintID")
        one.get { try await ComplaintPage.show(req: $0) }.requires(.handleComplaints)
        one.post("assign") { try await ComplaintActions.assign(req: $0) }.requires(.handleComplaints)
        one.post("respond") { try await ComplaintActions.move(req: $0, .respond) }.requires(.handleComplaints)
        one.post("close") { try await ComplaintActions.move(req: $0, .close) }.requires(.handleComplaints)
        one.post("reopen") { try await ComplaintActions.move(req: $0, .reopen) }.requires(.handleComplaints)
        one.post("ask") { try await ComplaintActions.ask(req: $0) }.requires(.handleComplaints)
        one.post("escalate") { try await ComplaintActions.escalate(req: $0) }.requires(.handleComplaints)
        one.post("adopt") { try await ComplaintActions.adopt(req: $0) }.requires(.viewConfidentialComplaints)
        one.get("attachments", ":fileID") { try await ComplaintActions.attachment(req: $0) }.requires(.handleComplaints)
    }

    struct Row: Encodable {
        let id: String; let number: String; let kind: String; let who: String; let channel: String; let category: String
        let severity: String; let severityCode: String; let status: String; let statusCode: String; let age: String
        let overdue: Bool; let escalated: Bool; let confidential: Bool; let replyWaiting: Bool
    }

    typealias IndexView = FilteredList<Row>

    /// The list's filter, as the page and its export read it.
    struct Filter {
        let status: ComplaintStatus?, kind: ComplaintKind?, channel: ContactChannel?
        let escalated: Bool, late: Bool, waiting: Bool

        init(_ req: Request) {
            status = ComplaintStatus(rawValue: req.query[String.self, at: "status"] ?? "")
            kind = ComplaintKind(rawValue: req.query[String.self, at: "kind"] ?? "")
            channel = ContactChannel(rawValue: req.query[String.self, at: "channel"] ?? "")
            escalated = req.query[String.self, at: "escalated"] == "1"
            // Past target: still without a response after its due time (the manager's home tile links here).
            late = req.query[String.self, at: "late"] == "1"
            waiting = req.query[String.self, at: "waiting"] == "1"
        }

        var parameters: [String: String] {
            ["kind": kind?.rawValue ?? "", "status": status?.rawValue ?? "", "channel": channel?.rawValue ?? "", "escalated": escalated ? "1" : "",
             "late": late ? "1" : "", "waiting": waiting ? "1" : ""]
        }

        func query(_ req: Request) throws -> QueryBuilder<Complaint> {
            // Her reply waiting comes first: it is the officer's next thing to do.
            let query = try req.visibleComplaints().with(\.$category).sort(.custom(CaseThread.waitingFirst)).sort(\.$createdAt, .descending)
            if let status { query.filter(\.$status == status) }
            if let kind { query.filter(\.$kind == kind) }
            if let channel { query.filter(\.$channel == channel) }
            if escalated { query.filter(\.$escalatedAt != nil).filter(\.$status != .closed) }
            if waiting { query.filter(\.$replyWaitingAt != nil) }
            if late { query.filter(\.$status == .open).filter(\.$dueAt < req.now) }
            return query
        }
    }

    /// Every complaint of the filter, as the export writes it.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let filter = Filter(req)
        let complaints = try await filter.query(req).limit(limit).all()
        return ListExport.Table(
            columns: ["case.number", "complaint.kind", "case.contactName", "case.category", "listExport.column.channel", "complaint.severity", "request.status", "listExport.column.created"],
            rows: complaints.map { c in
                [.text(c.number), .text(req.t(c.kind.localizationKey)), .text(c.contactName), .text(c.category.name(in: req.language)),
                 .text(req.t(c.channel.localizationKey)), .text(req.t(c.severity.localizationKey)), .text(req.t(c.status.localizationKey)), .date(c.createdAt)]
            }, filter: filter.parameters)
    }

    func index(req: Request) async throws -> View {
        let filter = Filter(req)
        let (status, kind, channel, escalated, waiting) = (filter.status, filter.kind, filter.channel, filter.escalated, filter.waiting)
        let query = try filter.query(req)
        let page = Paging.requestedPage(req)
        let (complaints, total) = try await query.page(page)
        let calendar = try await Holiday.calendar(on: req.db)
        let rows = try complaints.map { c in
            Row(id: try c.requireID().uuidString, number: c.number, kind: req.t(c.kind.localizationKey), who: c.contactName,
                channel: req.t(c.channel.localizationKey), category: c.category.name(in: req.language),
                severity: req.t(c.severity.localizationKey), severityCode: c.severity.rawValue, status: req.t(c.status.localizationKey),
                statusCode: c.status.rawValue, age: req.t("case.workingDays", String(calendar.workingDays(from: c.createdAt, to: c.closedAt ?? req.now))),
                overdue: c.status == .open && c.dueAt < req.now, escalated: c.escalatedAt != nil && c.status != .closed,
                confidential: c.isConfidential || c.aboutStaffID != nil, replyWaiting: c.replyWaitingAt != nil)
        }
        return try await req.render("complaints/index", IndexView(
            page: PageContext(req, title: req.t("nav.complaints")),
            filters: [
                FormField.filter(req, name: "kind", label: req.t("complaint.kind"), selected: kind?.rawValue ?? "",
                                 choices: ComplaintKind.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
                FormField.filter(req, name: "status", label: req.t("request.status"), selected: status?.rawValue ?? "",
                                 choices: ComplaintStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
                FormField.channelFilter(req, selected: channel),
                FormField(name: "escalated", label: req.t("complaint.escalatedOnly"), kind: "checkbox", value: "1", checked: escalated),
                FormField(name: "waiting", label: req.t("caseMessage.waitingOnly"), kind: "checkbox", value: "1", checked: waiting),
            ].prepared(),
            rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/complaints", filters: filter.parameters, exports: true)))
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let about: String?
        let fields: [FormField]
        let library: [LibraryLink]?
    }

    /// Staff a complaint may be about: active users of the branch, never the one recording it.
    static func staffChoices(_ req: Request, branch: UUID) async throws -> [StaffUser] {
        let staff = try req.requireStaff()
        return try await StaffUser.query(on: req.db).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.id != staff.userID && $0.role != .admin && $0.scope.permits(recordBranch: branch, userBranch: $0.$branch.id) }
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.caseFile()
        let categories = try await CaseCategory.query(on: req.db).filter(\.$kind == .complaint).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let people = try await Self.staffChoices(req, branch: file?.$branch.id ?? staff.user.$branch.id)
        let typed = req.method == .POST ? ComplaintForm(request: req) : ComplaintForm()
        let fields = try typed.fields(req, file: file, categories: categories, people: people, errors: errors)
        var action = "/complaints?_csrf=\(req.csrfToken ?? "")"
        if let file { action += "&beneficiary=\(try file.requireID().uuidString)" }
        return try await req.render("complaints/form", FormView(
            page: PageContext(req, title: req.t("complaint.new")), action: action, about: file?.name.full,
            fields: fields + [FormField.upload(req, name: "attachment", label: req.t("complaint.attachment"), error: errors["attachment"])].prepared(),
            library: try await LibraryLink.for("complaints", req: req))).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.caseFile()
        let branch = file?.$branch.id ?? staff.user.$branch.id
        let (valid, formErrors) = try await ComplaintForm(request: req).validate(req, file: file, people: try await Self.staffChoices(req, branch: branch))
        var errors = formErrors
        var upload: (name: String, kind: UploadedFileKind, bytes: [UInt8])?
        switch StoredFiles.read(try? req.content.get(File.self, at: "attachment")) {
        case .success(let read): upload = read
        case .failure(let problem): errors["attachment"] = req.t(problem.localizationKey)
        }
        guard errors.isEmpty, let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        let complaint = try await Self.open(valid, file: file, branch: branch, attachment: upload, req: req)
        // A confidential complaint, or one about a colleague, leaves the sight of an officer who is not a manager:
        // she gets its number to give the complainant, and nothing more.
        let visible = ComplaintVisibility.visible(confidential: complaint.isConfidential, aboutStaff: complaint.aboutStaffID,
                                                  viewer: staff.userID, viewerIsManager: req.mayReadConfidentialComplaints)
        return req.redirect(to: visible ? "/complaints/\(try complaint.requireID().uuidString)?done=complaintCreated" : "/complaints/filed/\(complaint.number)")
    }

    /// Registers a checked complaint with its number, response target and attachment, audited; the API opens
    /// complaints here too.
    static func open(_ valid: ComplaintForm.Valid, file: Beneficiary?, branch: UUID,
                     attachment: (name: String, kind: UploadedFileKind, bytes: [UInt8])?, req: Request) async throws -> Complaint {
        let staff = try req.requireStaff()
        let calendar = try await Holiday.calendar(on: req.db)
        let complaint = Complaint.opened(
            kind: valid.kind, beneficiaryID: file?.id, contactName: valid.name, contactPhone: valid.phone, branchID: branch, channel: valid.channel,
            categoryID: try valid.category.requireID(), severity: valid.severity, description: valid.description, isConfidential: valid.confidential,
            aboutStaffID: valid.about?.id, createdBy: staff.userID, at: req.now,
            due: calendar.due(after: req.now, workingDays: valid.severity == .critical ? min(1, valid.category.targetDays) : valid.category.targetDays))
        try await req.db.writeTransaction { db in
            try await complaint.register(now: req.now, on: db)
            try await ComplaintEvent(complaintID: try complaint.requireID(), action: "created", note: "", actorID: staff.userID, at: req.now).create(on: db)
            if let attachment {
                try await StoredFile(owner: ("complaint", try complaint.requireID()), name: attachment.name, kind: attachment.kind, bytes: attachment.bytes,
                                     by: staff.userID, at: req.now).create(on: db)
            }
            // The audit names the complaint only: a confidential complaint must not show up on her file's timeline.
            try await req.audit("complaint.created", record: ("complaint", try complaint.requireID().uuidString), detail: complaint.number, on: db)
        }
        complaint.$category.value = valid.category
        return complaint
    }

    struct FiledView: Encodable { let page: PageContext; let number: String }

    /// The number of a complaint this staff member filed, when she may not open it.
    func filed(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let number = req.parameters.get("number") ?? ""
        // Only the one who filed it sees the confirmation; anyone else probing a number leaves a trace.
        guard let complaint = try await Complaint.query(on: req.db).filter(\.$number == number).first() else { throw Abort(.notFound) }
        guard complaint.createdBy == staff.userID else {
            try await req.refusedOutOfScope(Complaint.schema, id: try complaint.requireID())
            throw Abort(.notFound)
        }
        return try await req.render("complaints/filed", FiledView(page: PageContext(req, title: req.t("complaint.filedTitle")), number: number))
    }
}
