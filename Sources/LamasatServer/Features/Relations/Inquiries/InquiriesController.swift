import Fluent
import LamasatCore
import SQLKit
import Vapor

/// [P-7], [P-20] Inquiries from a known beneficiary or from anyone: answered (with suggestions from the FAQ), closed,
/// or referred to the social researcher when unclear; each with its response target in working days.
struct InquiriesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let inquiries = routes.grouped("inquiries")
        inquiries.get { try await self.index(req: $0) }.requires(.handleInquiries)
        routes.exportsList("inquiries", requires: .handleInquiries, title: "nav.inquiries") { try await Self.export($0, limit: $1) }
        inquiries.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.handleInquiries)
        inquiries.post { try await self.create(req: $0) }.requires(.handleInquiries)
        let one = inquiries.grouped(":inquiryID")
        one.get { try await InquiryPage.show(req: $0) }.requires(.handleInquiries)
        one.get("attachments", ":fileID") { req -> Response in
            let inquiry = try await InquiryPage.reachable(req)
            return try await CaseAttachments.download(.inquiry, try inquiry.requireID(), number: inquiry.number, req: req)
        }.requires(.handleInquiries)
        one.post("answer") { try await self.act(req: $0, .answer) }.requires(.handleInquiries)
        one.post("refer") { try await self.act(req: $0, .refer) }.requires(.handleInquiries)
        one.post("close") { try await self.act(req: $0, .close) }.requires(.handleInquiries)
        one.post("reopen") { try await self.act(req: $0, .reopen) }.requires(.handleInquiries)
        one.post("ask") { try await self.ask(req: $0) }.requires(.handleInquiries)
    }

    struct Row: Encodable {
        let id: String; let number: String; let who: String; let channel: String; let category: String; let status: String
        let statusCode: String; let age: String; let due: String; let overdue: Bool; let replyWaiting: Bool
    }

    typealias IndexView = FilteredList<Row>

    /// The list's filter, as the page and its export read it.
    struct Filter {
        let status: InquiryStatus?, channel: ContactChannel?, openOnly: Bool, waiting: Bool

        init(_ req: Request) {
            status = InquiryStatus(rawValue: req.query[String.self, at: "status"] ?? "")
            channel = ContactChannel(rawValue: req.query[String.self, at: "channel"] ?? "")
            openOnly = req.query[String.self, at: "open"] == "1"
            waiting = req.query[String.self, at: "waiting"] == "1"
        }

        var parameters: [String: String] {
            ["status": status?.rawValue ?? "", "channel": channel?.rawValue ?? "", "open": openOnly ? "1" : "", "waiting": waiting ? "1" : ""]
        }

        func query(_ req: Request) throws -> QueryBuilder<Inquiry> {
            // Her reply waiting comes first: it is the officer's next thing to do.
            let query = Inquiry.query(on: req.db).with(\.$category).sort(.custom(CaseThread.waitingFirst)).sort(\.$createdAt, .descending)
            query.withinReach(of: try req.requireStaff(), \.$branchID)
            if let status { query.filter(\.$status == status) }
            if let channel { query.filter(\.$channel == channel) }
            if openOnly { query.filter(\.$status != .closed) }
            if waiting { query.filter(\.$replyWaitingAt != nil) }
            return query
        }
    }

    /// Every inquiry of the filter, as the export writes it.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let filter = Filter(req)
        let inquiries = try await filter.query(req).limit(limit).all()
        return ListExport.Table(
            columns: ["case.number", "case.contactName", "listExport.column.channel", "case.category", "request.status", "listExport.column.created",
                      "case.due"],
            rows: inquiries.map { q in
                [.text(q.number), .text(q.contactName), .text(req.t(q.channel.localizationKey)), .text(q.category.name(in: req.language)),
                 .text(req.t(q.status.localizationKey)), .date(q.createdAt), .date(q.dueAt)]
            }, filter: filter.parameters)
    }

    func index(req: Request) async throws -> View {
        let filter = Filter(req)
        let (status, channel, openOnly, waiting) = (filter.status, filter.channel, filter.openOnly, filter.waiting)
        let query = try filter.query(req)
        let page = Paging.requestedPage(req)
        let (inquiries, total) = try await query.page(page)
        let calendar = try await Holiday.calendar(on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = try inquiries.map { q in
            Row(id: try q.requireID().uuidString, number: q.number, who: q.contactName, channel: req.t(q.channel.localizationKey),
                category: q.category.name(in: req.language), status: req.t(q.status.localizationKey), statusCode: q.status.rawValue,
                age: req.t("case.workingDays", String(calendar.workingDays(from: q.createdAt, to: q.closedAt ?? req.now))),
                due: formatter.date(q.dueAt).combined, overdue: q.status.isOpen && q.firstResponseAt == nil && q.dueAt < req.now, replyWaiting: q.replyWaitingAt != nil)
        }
        return try await req.render("inquiries/index", IndexView(
            page: PageContext(req, title: req.t("nav.inquiries")),
            filters: [
                FormField.filter(req, name: "status", label: req.t("request.status"), selected: status?.rawValue ?? "",
                                 choices: InquiryStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
                FormField.channelFilter(req, selected: channel),
                FormField(name: "open", label: req.t("case.openOnly"), kind: "checkbox", value: "1", checked: openOnly),
                FormField(name: "waiting", label: req.t("caseMessage.waitingOnly"), kind: "checkbox", value: "1", checked: waiting),
            ].prepared(),
            rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/inquiries", filters: filter.parameters, exports: true)))
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let about: String?
        let fields: [FormField]
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let file = try await req.caseFile()
        let typed = req.method == .POST ? InquiryForm(request: req) : InquiryForm()
        let fields = try typed.fields(req, file: file, categories: try await InquiryForm.categories(on: req.db), errors: errors)
        let action = "/inquiries" + (try file.map { "?beneficiary=\(try $0.requireID().uuidString)" } ?? "")
        return try await req.render("inquiries/form", FormView(page: PageContext(req, title: req.t("inquiry.new")), action: action,
                                                              about: file?.name.full, fields: fields)).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let file = try await req.caseFile()
        let (valid, errors) = try await InquiryForm(request: req).validate(req, file: file)
        guard let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        let inquiry = try await Self.open(valid, file: file, req: req)
        return req.redirect(to: "/inquiries/\(try inquiry.requireID().uuidString)?done=inquiryCreated")
    }

    /// Registers a checked inquiry with its number and response target, audited; the API opens inquiries here too.
    static func open(_ valid: InquiryForm.Valid, file: Beneficiary?, req: Request) async throws -> Inquiry {
        let staff = try req.requireStaff()
        let calendar = try await Holiday.calendar(on: req.db)
        let inquiry = Inquiry.opened(beneficiaryID: file?.id, contactName: valid.name, contactPhone: valid.phone, branchID: file?.$branch.id ?? staff.user.$branch.id,
                                     channel: valid.channel, categoryID: try valid.category.requireID(), question: valid.question, createdBy: staff.userID, at: req.now,
                                     due: calendar.due(after: req.now, workingDays: valid.category.targetDays))
        try await req.db.writeTransaction { db in
            try await inquiry.register(now: req.now, on: db)
            try await req.audit("inquiry.created", record: try file.map { ("beneficiary", try $0.requireID().uuidString) } ?? ("inquiry", try inquiry.requireID().uuidString),
                                detail: inquiry.number, on: db)
        }
        inquiry.$category.value = valid.category
        return inquiry
    }

    func act(req: Request, _ action: InquiryStatus.Action) async throws -> Response {
        let staff = try req.requireStaff()
        let inquiry = try await InquiryPage.reachable(req)
        guard let next = inquiry.status.applying(action) else {
            return try await InquiryPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict)
        }
        var text = ""
        var researcher: StaffUser?
        switch action {
        case .answer:
            let (answer, errors) = TextBoxForm(.inquiryAnswer(req), request: req).validate(req, error: req.t("inquiry.error.answer"))
            guard let answer else { return try await InquiryPage.show(req: req, errors: errors, status: .unprocessableEntity) }
            text = answer
        case .refer:
            let (referral, errors) = try await InquiryReferralForm(request: req).validate(req, branch: inquiry.branchID)
            guard let referral else { return try await InquiryPage.show(req: req, errors: errors, status: .unprocessableEntity) }
            (researcher, text) = (referral.researcher, referral.reason)
        case .close, .reopen:
            break
        }
        // The status moves only from the one this page showed, so two staff acting at once cannot both succeed.
        let from = inquiry.status
        switch action {
        case .answer:
            inquiry.answer = text
            inquiry.answeredBy = staff.userID
            if inquiry.firstResponseAt == nil { inquiry.firstResponseAt = req.now }
        case .refer:
            inquiry.referralReason = text
            inquiry.referredTo = researcher?.id
            if inquiry.firstResponseAt == nil { inquiry.firstResponseAt = req.now }
        case .close:
            inquiry.closedAt = req.now
        case .reopen:
            inquiry.closedAt = nil
        }
        inquiry.status = next
        let inquiryID = try inquiry.requireID()
        let (now, publicURL) = (req.now, req.lamasat.config.publicURL)
        let change: @Sendable (any Database) async throws -> Bool = { db in
            // Claimed from the status the page showed: a second officer's action at the same moment finds nothing to do.
            let claimed = try await db.sql.raw("""
                UPDATE inquiries SET status = \(bind: next.rawValue) WHERE id = \(bind: inquiryID) AND status = \(bind: from.rawValue) RETURNING id
                """).all()
            guard !claimed.isEmpty else { return false }
            try await inquiry.save(on: db)
            if action == .refer { try await CaseNotices.referred(inquiry, actor: staff.userID, now: req.now, on: db) }
            if action == .close, let beneficiaryID = inquiry.beneficiaryID {
                try await SurveyInvitations.invite(.init(source: .inquiry, sourceID: inquiryID, reference: inquiry.number, beneficiaryID: beneficiaryID,
                                                         branchID: inquiry.branchID, serviceType: "inquiry", channel: inquiry.channel,
                                                         staffID: inquiry.answeredBy ?? inquiry.referredTo), now: now, baseURL: publicURL, on: db)
            }
            try await req.audit("inquiry.\(action.rawValue)", record: inquiry.beneficiaryID.map { ("beneficiary", $0.uuidString) } ?? ("inquiry", inquiryID.uuidString),
                                detail: inquiry.number, on: db)
            return true
        }
        // Answering and closing tell her: a preview first, then sent (or answered by phone) with the change.
        if action == .answer || action == .close {
            return try await CaseAnswerFlow.run(
                req: req, try CaseAnswer.Case(inquiry), action == .answer ? .answer : .close, text: text, fields: action == .answer ? ["answer"] : [],
                back: "/inquiries/\(inquiryID.uuidString)", show: { try await InquiryPage.show(req: req, error: $0, errors: $1, status: $2) }, change: change)
        }
        let moved = try await req.db.writeTransaction { try await change($0) }
        guard moved else { return try await InquiryPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        return req.redirect(to: "/inquiries/\(try inquiry.requireID().uuidString)?done=inquiry\(action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst())")
    }

    /// Asks her for more information: the status stays, the question goes to her like an answer.
    func ask(req: Request) async throws -> Response {
        let inquiry = try await InquiryPage.reachable(req)
        guard inquiry.status.isOpen else { return try await InquiryPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        return try await CaseAnswerFlow.ask(req: req, try CaseAnswer.Case(inquiry), back: "/inquiries/\(try inquiry.requireID().uuidString)") {
            try await InquiryPage.show(req: req, error: $0, errors: $1, status: $2)
        }
    }
}
