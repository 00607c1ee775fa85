import Fluent
import LamasatCore
import Vapor

/// [P-16] The contact log: every contact on each of the eight channels, from a file, a request or on its own, with a
/// follow-up date that lands in the staff member's work queue. Letters get a register number and their scan.
struct ContactsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let contacts = routes.grouped("contacts")
        contacts.get { try await self.index(req: $0) }.requires(.logContacts)
        routes.exportsList("contacts", requires: .logContacts, title: "nav.contacts") { try await Self.export($0, limit: $1) }
        contacts.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.logContacts)
        contacts.on(.POST, body: .collect(maxSize: "11mb")) { try await self.create(req: $0) }.requires(.logContacts)
        contacts.post(":contactID", "done") { try await self.followUpDone(req: $0) }.requires(.logContacts)
        contacts.get(":contactID", "scan") { try await self.scan(req: $0) }.requires(.logContacts)
    }

    struct Row: Encodable {
        let id: String; let at: String; let channel: String; let direction: String; let subject: String; let outcome: String
        let staff: String; let beneficiaryID: String?; let beneficiary: String?; let followUp: String?; let letter: String?; let hasScan: Bool
        let canClose: Bool
        /// The volunteer who carried it: her name and number.
        let volunteer: String?
    }

    /// Rows for a list of contacts, with who logged them and whose file they belong to.
    static func rows(_ contacts: [Contact], req: Request) async throws -> [Row] {
        let staff = try req.requireStaff()
        let formatter = DualCalendarFormatter(language: req.language)
        let users = try await StaffUser.names(Set(contacts.map(\.staffID)), on: req.db)
        let files = Dictionary(uniqueKeysWithValues: try await Beneficiary.query(on: req.db).filter(\.$id ~~ Set(contacts.compactMap(\.beneficiaryID))).all().map { (try $0.requireID(), $0.name.full) })
        let volunteers = try await req.application.contactVolunteers.labels(Set(contacts.compactMap(\.volunteerID)), on: req.db)
        let scans = Set(try await StoredFile.query(on: req.db).filter(\.$ownerType == "contact").filter(\.$ownerID ~~ contacts.compactMap(\.id)).all().map(\.ownerID))
        return try contacts.map { c in
            Row(id: try c.requireID().uuidString, at: formatter.dateTime(c.at).combined, channel: req.t(c.channel.localizationKey),
                direction: req.t(c.direction.localizationKey), subject: c.subject, outcome: req.t(c.outcome.localizationKey),
                staff: users[c.staffID] ?? "—", beneficiaryID: c.beneficiaryID?.uuidString, beneficiary: c.beneficiaryID.flatMap { files[$0] },
                followUp: c.followUpOn.isEmpty ? nil : (CalendarDay(stored: c.followUpOn).map { formatter.date($0.moment).combined } ?? c.followUpOn),
                letter: c.letterNumber, hasScan: scans.contains(try c.requireID()),
                canClose: !c.followUpOn.isEmpty && !c.followUpDone && c.staffID == staff.userID, volunteer: c.volunteerID.flatMap { volunteers[$0] })
        }
    }

    struct IndexView: Encodable {
        let page: PageContext
        let filters: [FormField]
        let contactRows: [Row]?
        let paging: Paging
    }

    /// The list's filter, as the page and its export read it.
    struct Filter {
        let channel: ContactChannel?, direction: ContactDirection?, mine: Bool, from: CalendarDay?, to: CalendarDay?

        init(_ req: Request) {
            channel = ContactChannel(rawValue: req.query[String.self, at: "channel"] ?? "")
            direction = ContactDirection(rawValue: req.query[String.self, at: "direction"] ?? "")
            mine = req.query[String.self, at: "mine"] == "1"
            from = try? CalendarDay.day(req.query[String.self, at: "from"] ?? "", calendar: .gregorian)
            to = try? CalendarDay.day(req.query[String.self, at: "to"] ?? "", calendar: .gregorian)
        }

        var parameters: [String: String] {
            ["channel": channel?.rawValue ?? "", "direction": direction?.rawValue ?? "", "mine": mine ? "1" : "",
             "from": from?.description ?? "", "to": to?.description ?? ""]
        }

        func query(_ req: Request) throws -> QueryBuilder<Contact> {
            let staff = try req.requireStaff()
            let query = Contact.query(on: req.db).sort(\.$at, .descending)
            query.withinReach(of: staff, \.$branchID)
            if let channel { query.filter(\.$channel == channel) }
            if let direction { query.filter(\.$direction == direction) }
            if mine { query.filter(\.$staffID == staff.userID) }
            if let from { query.filter(\.$at >= WorkingCalendar.startOfDay(from)) }
            if let to { query.filter(\.$at < WorkingCalendar.startOfDay(to).addingTimeInterval(86_400)) }
            return query
        }
    }

    /// Every contact of the filter, as the page shows its rows.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let filter = Filter(req)
        let rows = try await Self.rows(try await filter.query(req).limit(limit).all(), req: req)
        return ListExport.Table(
            columns: ["listExport.column.when", "listExport.column.channel", "contact.direction", "listExport.column.subject",
                      "listExport.column.outcome", "listExport.column.staff", "listExport.column.beneficiary", "listExport.column.followUp"],
            rows: rows.map { r in
                [.text(r.at), .text(r.channel), .text(r.direction), .text(r.subject), .text(r.outcome), .text(r.staff),
                 ListExport.text(r.beneficiary ?? r.volunteer), ListExport.text(r.followUp)]
            }, filter: filter.parameters)
    }

    func index(req: Request) async throws -> View {
        let filter = Filter(req)
        let (channel, direction, mine, from, to) = (filter.channel, filter.direction, filter.mine, filter.from, filter.to)
        let query = try filter.query(req)
        let page = Paging.requestedPage(req)
        let (contacts, total) = try await query.page(page)
        let filters = [
            FormField.channelFilter(req, selected: channel),
            FormField.filter(req, name: "direction", label: req.t("contact.direction"), selected: direction?.rawValue ?? "",
                             choices: ContactDirection.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField(name: "from", label: req.t("report.from"), kind: "date", value: from?.description ?? "", dir: "ltr"),
            FormField(name: "to", label: req.t("report.to"), kind: "date", value: to?.description ?? "", dir: "ltr"),
            FormField(name: "mine", label: req.t("contact.mine"), kind: "checkbox", value: "1", checked: mine),
        ].prepared()
        return try await req.render("contacts/index", IndexView(
            page: PageContext(req, title: req.t("nav.contacts")), filters: filters,
            contactRows: try await Self.rows(contacts, req: req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/contacts", filters: filter.parameters, exports: true)))
    }

    /// Where the contact belongs (a file, a request, a call-list entry) and the letter's scan: what comes with the
    /// address or the upload, beside what was typed (`ContactForm`).
    struct Input: Content {
        var beneficiary: String?
        var request: String?
        var call: String?
        var scan: File?
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let about: String?
        let fields: [FormField]
    }

    /// The file and request the contact is about, reachable through the branch rule; nil when none was given.
    private func subject(_ req: Request, _ input: Input) async throws -> (Beneficiary?, SupportRequest?) {
        var file: Beneficiary?
        var request: SupportRequest?
        if let id = input.request, !id.isEmpty {
            let found = try await req.scoped(SupportRequest.self, id: id, branch: \.$branchID)
            request = found
            file = try await Beneficiary.find(found.$beneficiary.id, on: req.db)
        } else if let id = input.beneficiary, !id.isEmpty {
            file = try await req.scoped(Beneficiary.self, id: id, branch: \.$branch.$id)
        }
        return (file, request)
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, input posted: Input? = nil) async throws -> Response {
        let input = posted ?? Input(beneficiary: req.query[String.self, at: "beneficiary"], request: req.query[String.self, at: "request"],
                                    call: req.query[String.self, at: "call"])
        let typed = posted != nil ? ContactForm(request: req) : (input.call != nil ? ContactForm.call() : ContactForm())
        let (file, request) = try await subject(req, input)
        let staff = try req.requireStaff()
        let volunteers = try await req.application.contactVolunteers.choices(branch: request?.branchID ?? file?.$branch.id ?? staff.user.$branch.id, on: req.db)
        let fields = typed.fields(req, errors: errors, volunteers: volunteers)
        var action = "/contacts?_csrf=\(req.csrfToken ?? "")"
        if let request { action += "&request=\(try request.requireID().uuidString)" } else if let file { action += "&beneficiary=\(try file.requireID().uuidString)" }
        if let call = input.call.flatMap(UUID.init(uuidString:)) { action += "&call=\(call.uuidString)" }
        return try await req.render("contacts/form", FormView(
            page: PageContext(req, title: req.t("contact.new")), action: action,
            about: request.map { "\(file?.name.full ?? "") · \($0.trackingNumber ?? req.t("request.status.draft"))" } ?? file?.name.full,
            fields: fields + [FormField.upload(req, name: "scan", label: req.t("contact.scanUpload"), hint: req.t("contact.scanHint"), error: errors["scan"])].prepared())).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        var input = (try? req.content.decode(Input.self)) ?? Input()
        input.beneficiary = input.beneficiary ?? req.query[String.self, at: "beneficiary"]
        input.request = input.request ?? req.query[String.self, at: "request"]
        input.call = input.call ?? req.query[String.self, at: "call"]
        let (file, request) = try await subject(req, input)
        var upload: (name: String, kind: UploadedFileKind, bytes: [UInt8])?
        var scanProblem: FieldErrors = [:]
        switch StoredFiles.read(input.scan) {
        case .success(let read): upload = read
        case .failure(let problem): scanProblem["scan"] = req.t(problem.localizationKey)
        }
        let scan = upload
        let volunteers = try await req.application.contactVolunteers.choices(branch: request?.branchID ?? file?.$branch.id ?? staff.user.$branch.id, on: req.db)
        let (valid, formErrors) = ContactForm(request: req).validate(req, scanned: scan != nil, volunteers: volunteers)
        let errors = scanProblem.merging(formErrors) { $1 }
        guard errors.isEmpty, let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity, input: input) }
        let (channel, direction) = (valid.channel, valid.direction)
        let callEntry = input.call
        let contact = Contact()
        contact.id = UUID()
        contact.beneficiaryID = file?.id
        contact.requestID = request?.id
        contact.branchID = request?.branchID ?? file?.$branch.id ?? staff.user.$branch.id
        contact.channel = channel
        contact.direction = direction
        contact.subject = valid.subject
        contact.notes = valid.notes
        contact.durationMinutes = valid.duration
        contact.outcome = valid.outcome
        contact.followUpOn = valid.followUpOn
        contact.followUpDone = false
        contact.volunteerID = valid.volunteerID
        contact.staffID = staff.userID
        contact.at = req.now
        let back = try await req.db.writeTransaction { db -> String? in
            if channel == .letter {
                let incoming = direction == .incoming
                let number = try await Counters.next(incoming ? "letter_in" : "letter_out", on: db)
                contact.letterNumber = ReferenceNumber(incoming ? "IN" : "OUT", sequence: number, at: req.now, width: 4).description
            }
            try await contact.create(on: db)
            let back = try await req.application.contactOrigins.logged(contact, call: callEntry, on: db)
            if let scan {
                try await StoredFile(owner: ("contact", try contact.requireID()), name: scan.name, kind: scan.kind, bytes: scan.bytes, by: staff.userID, at: req.now).create(on: db)
            }
            try await req.audit("contact.logged", record: try file.map { ("beneficiary", try $0.requireID().uuidString) } ?? ("contact", try contact.requireID().uuidString),
                                detail: "\(channel.rawValue) \(direction.rawValue)", on: db)
            return back
        }
        if let back { return req.redirect(to: "\(back)?done=contactLogged") }
        if let request { return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=contactLogged") }
        if let file { return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=interactions&done=contactLogged") }
        return req.redirect(to: "/contacts?done=contactLogged")
    }

    private func reachable(_ req: Request) async throws -> Contact {
        try await req.scoped(Contact.self, id: req.parameters.get("contactID"), branch: \.$branchID)
    }

    /// Only the staff member who planned the follow-up marks it done.
    func followUpDone(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let contact = try await reachable(req)
        guard contact.staffID == staff.userID, !contact.followUpOn.isEmpty else { throw Abort(.forbidden) }
        contact.followUpDone = true
        try await req.db.writeTransaction { db in
            try await contact.save(on: db)
            try await req.audit("contact.followedUp", record: ("contact", try contact.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/work?done=followUpDone")
    }

    func scan(req: Request) async throws -> Response {
        let contact = try await reachable(req)
        guard let file = try await StoredFile.query(on: req.db).filter(\.$ownerType == "contact").filter(\.$ownerID == contact.requireID()).first() else {
            throw Abort(.notFound)
        }
        try await req.audit("contact.scanDownloaded", record: ("contact", try contact.requireID().uuidString))
        return StoredFiles.response(file, name: contact.letterNumber ?? "letter")
    }
}
