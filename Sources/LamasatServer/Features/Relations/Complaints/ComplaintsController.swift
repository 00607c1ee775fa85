import Fluent
import LamasatCore
import Vapor

/// [P-15], [P-3] Complaints and suggestions: tracked, assigned, answered within the category's target, escalated
/// when late, closed with her acknowledgement, reopened with a reason; suggestions may be adopted.
struct ComplaintsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let complaints = routes.grouped("complaints")
        complaints.get { try await self.index(req: $0) }.requires(.handleComplaints)
        complaints.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.handleComplaints)
        complaints.get("filed", ":number") { try await self.filed(req: $0) }.requires(.handleComplaints)
        complaints.on(.POST, body: .collect(maxSize: "11mb")) { try await self.create(req: $0) }.requires(.handleComplaints)
        let one = complaints.grouped(":complaintID")
        one.get { try await ComplaintPage.show(req: $0) }.requires(.handleComplaints)
        one.post("assign") { try await ComplaintActions.assign(req: $0) }.requires(.handleComplaints)
        one.post("respond") { try await ComplaintActions.move(req: $0, .respond) }.requires(.handleComplaints)
        one.post("close") { try await ComplaintActions.move(req: $0, .close) }.requires(.handleComplaints)
        one.post("reopen") { try await ComplaintActions.move(req: $0, .reopen) }.requires(.handleComplaints)
        one.post("escalate") { try await ComplaintActions.escalate(req: $0) }.requires(.handleComplaints)
        one.post("adopt") { try await ComplaintActions.adopt(req: $0) }.requires(.viewConfidentialComplaints)
        one.get("attachments", ":fileID") { try await ComplaintActions.attachment(req: $0) }.requires(.handleComplaints)
    }

    struct Row: Encodable {
        let id: String; let number: String; let kind: String; let who: String; let channel: String; let category: String
        let severity: String; let severityCode: String; let status: String; let statusCode: String; let age: String
        let overdue: Bool; let escalated: Bool; let confidential: Bool
    }

    struct IndexView: Encodable {
        let page: PageContext
        let filters: [FormField]
        let rows: [Row]?
        let paging: Paging
    }

    func index(req: Request) async throws -> View {
        let status = ComplaintStatus(rawValue: req.query[String.self, at: "status"] ?? "")
        let kind = ComplaintKind(rawValue: req.query[String.self, at: "kind"] ?? "")
        let channel = ContactChannel(rawValue: req.query[String.self, at: "channel"] ?? "")
        let escalated = req.query[String.self, at: "escalated"] == "1"
        let query = try req.visibleComplaints().with(\.$category).sort(\.$createdAt, .descending)
        if let status { query.filter(\.$status == status) }
        if let kind { query.filter(\.$kind == kind) }
        if let channel { query.filter(\.$channel == channel) }
        if escalated { query.filter(\.$escalatedAt != nil).filter(\.$status != .closed) }
        let page = Paging.requestedPage(req)
        let (complaints, total) = try await query.page(page)
        let calendar = try await Holiday.calendar(on: req.db)
        let rows = try complaints.map { c in
            Row(id: try c.requireID().uuidString, number: c.number, kind: req.t(c.kind.localizationKey), who: c.contactName,
                channel: req.t(c.channel.localizationKey), category: c.category.name(in: req.language),
                severity: req.t(c.severity.localizationKey), severityCode: c.severity.rawValue, status: req.t(c.status.localizationKey),
                statusCode: c.status.rawValue, age: req.t("case.workingDays", String(calendar.workingDays(from: c.createdAt, to: c.closedAt ?? req.now))),
                overdue: c.status == .open && c.dueAt < req.now, escalated: c.escalatedAt != nil && c.status != .closed,
                confidential: c.isConfidential || c.aboutStaffID != nil)
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
            ].prepared(),
            rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/complaints", filters: [
                "kind": kind?.rawValue ?? "", "status": status?.rawValue ?? "", "channel": channel?.rawValue ?? "", "escalated": escalated ? "1" : ""])))
    }

    struct Input: Content {
        var kind: String?
        var contactName: String?
        var contactPhone: String?
        var channel: String?
        var category: String?
        var severity: String?
        var description: String?
        var confidential: String?
        var aboutStaff: String?
        var attachment: File?
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let about: String?
        let fields: [FormField]
        let attachmentError: String?
        let library: [LibraryLink]?
    }

    /// Staff a complaint may be about: active users of the branch, never the one recording it.
    static func staffChoices(_ req: Request, branch: UUID) async throws -> [StaffUser] {
        let staff = try req.requireStaff()
        return try await StaffUser.query(on: req.db).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.id != staff.userID && $0.role != .admin && $0.scope.permits(recordBranch: branch, userBranch: $0.$branch.id) }
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, input: Input = Input()) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.caseFile()
        let categories = try await CaseCategory.query(on: req.db).filter(\.$kind == .complaint).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let people = try await Self.staffChoices(req, branch: file?.$branch.id ?? staff.user.$branch.id)
        func value(_ v: String?) -> String { v ?? "" }
        var fields = [
            FormField(name: "kind", label: req.t("complaint.kind"), kind: "select", error: errors["kind"], required: true,
                      options: FormField.Option.choices(ComplaintKind.allCases, selected: (input.kind ?? "complaint"), req)),
        ]
        if file == nil {
            fields += [
                FormField(name: "contactName", label: req.t("case.contactName"), value: value(input.contactName), error: errors["contactName"], required: true, maxlength: 120),
                FormField(name: "contactPhone", label: req.t("case.contactPhone"), value: value(input.contactPhone), error: errors["contactPhone"], required: true,
                          autocomplete: "off", inputmode: "tel", dir: "ltr", maxlength: 20),
            ]
        }
        fields += [
            FormField(name: "channel", label: req.t("request.field.channel"), kind: "select", error: errors["channel"], required: true,
                      options: FormField.Option.choices(ContactChannel.allCases, selected: (input.channel ?? "phone"), req)),
            FormField(name: "category", label: req.t("case.category"), kind: "select", error: errors["category"], required: true,
                      options: categories.map { FormField.Option(value: $0.id!.uuidString, label: req.t("case.categoryWithTarget", $0.name(in: req.language), req.t("case.workingDays", String($0.targetDays))), selected: $0.id!.uuidString == input.category) }),
            FormField(name: "severity", label: req.t("complaint.severity"), kind: "select", error: errors["severity"], required: true,
                      options: FormField.Option.choices(ComplaintSeverity.allCases, selected: (input.severity ?? "medium"), req)),
            FormField(name: "description", label: req.t("complaint.description"), kind: "textarea", value: value(input.description), error: errors["description"], required: true, maxlength: 4000),
            FormField(name: "aboutStaff", label: req.t("complaint.aboutStaff"), kind: "select", hint: req.t("complaint.aboutStaffHint"), error: errors["aboutStaff"],
                      options: [FormField.Option(value: "", label: req.t("complaint.aboutNobody"), selected: (input.aboutStaff ?? "").isEmpty)]
                        + people.map { FormField.Option(value: $0.id!.uuidString, label: $0.fullName, selected: $0.id!.uuidString == input.aboutStaff) }),
            FormField(name: "confidential", label: req.t("complaint.confidential"), kind: "checkbox", hint: req.t("complaint.confidentialHint"), checked: input.confidential == "on"),
        ]
        var action = "/complaints?_csrf=\(req.csrfToken ?? "")"
        if let file { action += "&beneficiary=\(try file.requireID().uuidString)" }
        return try await req.render("complaints/form", FormView(
            page: PageContext(req, title: req.t("complaint.new")), action: action, about: file?.name.full, fields: fields.prepared(),
            attachmentError: errors["attachment"], library: try await LibraryLink.for("complaints", req: req))).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.caseFile()
        let input = (try? req.content.decode(Input.self)) ?? Input()
        func text(_ v: String?) -> String { (v ?? "").trimmingWhitespace() }
        var errors: FieldErrors = [:]
        let kind = ComplaintKind(rawValue: text(input.kind))
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        let (name, phone) = req.caseContact(file: file, typedName: text(input.contactName), typedPhone: text(input.contactPhone), errors: &errors)
        let channel = ContactChannel(rawValue: text(input.channel))
        if channel == nil { errors["channel"] = req.t("validation.choose") }
        let category = try await UUID(uuidString: text(input.category)).asyncMap { try await CaseCategory.find($0, on: req.db) } ?? nil
        if category == nil || category?.kind != .complaint || category?.isActive == false { errors["category"] = req.t("validation.choose") }
        let severity = ComplaintSeverity(rawValue: text(input.severity))
        if severity == nil { errors["severity"] = req.t("validation.choose") }
        let description = text(input.description)
        if description.isEmpty { errors["description"] = req.t("validation.required") } else if description.count > 4000 { errors["description"] = req.t("validation.tooLong") }
        let branch = file?.$branch.id ?? staff.user.$branch.id
        var about: StaffUser?
        if !text(input.aboutStaff).isEmpty {
            about = try await Self.staffChoices(req, branch: branch).first { $0.id?.uuidString == text(input.aboutStaff) }
            if about == nil { errors["aboutStaff"] = req.t("validation.choose") }
        }
        var upload: (name: String, kind: UploadedFileKind, bytes: [UInt8])?
        switch StoredFiles.read(input.attachment) {
        case .success(let read): upload = read
        case .failure(let problem): errors["attachment"] = req.t(problem.localizationKey)
        }
        guard errors.isEmpty, let kind, let channel, let category, let severity else {
            return try await form(req: req, errors: errors, status: .unprocessableEntity, input: input)
        }
        let attachment = upload
        let calendar = try await Holiday.calendar(on: req.db)
        let complaint = Complaint.opened(
            kind: kind, beneficiaryID: file?.id, contactName: name, contactPhone: phone, branchID: branch, channel: channel, categoryID: try category.requireID(),
            severity: severity, description: description, isConfidential: input.confidential == "on", aboutStaffID: about?.id, createdBy: staff.userID,
            at: req.now, due: calendar.due(after: req.now, workingDays: severity == .critical ? min(1, category.targetDays) : category.targetDays))
        try await req.db.transaction { db in
            try await complaint.register(now: req.now, on: db)
            try await ComplaintEvent(complaintID: try complaint.requireID(), action: "created", note: "", actorID: staff.userID, at: req.now).create(on: db)
            if let attachment {
                try await StoredFile(owner: ("complaint", try complaint.requireID()), name: attachment.name, kind: attachment.kind, bytes: attachment.bytes,
                                     by: staff.userID, at: req.now).create(on: db)
            }
            // The audit names the complaint only: a confidential complaint must not show up on her file's timeline.
            try await req.audit("complaint.created", record: ("complaint", try complaint.requireID().uuidString), detail: complaint.number, on: db)
        }
        // A confidential complaint, or one about a colleague, leaves the sight of an officer who is not a manager:
        // she gets its number to give the complainant, and nothing more.
        let visible = ComplaintVisibility.visible(confidential: complaint.isConfidential, aboutStaff: complaint.aboutStaffID,
                                                  viewer: staff.userID, viewerIsManager: req.mayReadConfidentialComplaints)
        return req.redirect(to: visible ? "/complaints/\(try complaint.requireID().uuidString)?done=complaintCreated" : "/complaints/filed/\(complaint.number)")
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
