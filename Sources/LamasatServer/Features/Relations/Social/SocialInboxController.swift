import Fluent
import FluentSQL
import LamasatCore
import SQLKit
import Vapor

/// [P-16] channel 3: the social-media inbox. An officer pastes or forwards a message (platform, handle, text, link);
/// it waits in her branch's queue until it becomes a contact, an inquiry, a complaint or a suggestion, or is dismissed.
struct SocialInboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let social = routes.grouped("social")
        social.get { try await self.index(req: $0) }.requires(.logContacts)
        routes.exportsList("social", requires: .logContacts, title: "nav.social") { try await Self.export($0, limit: $1) }
        social.get("new") { try await self.form(req: $0, errors: [:], status: .ok) }.requires(.logContacts)
        social.post { try await self.create(req: $0) }.requires(.logContacts)
        let one = social.grouped(":socialID")
        one.get { try await SocialMessagePage.show(req: $0) }.requires(.logContacts)
        one.post("find") { try await SocialMessagePage.show(req: $0) }.requires(.logContacts)
        one.post("contact") { try await SocialActions.contact(req: $0) }.requires(.logContacts)
        // Turning a message into a case is opening that case: the same permission as the case's own form.
        one.post("inquiry") { try await SocialActions.inquiry(req: $0) }.requires(.handleInquiries)
        one.post("complaint") { try await SocialActions.complaint(req: $0, kind: .complaint) }.requires(.handleComplaints)
        one.post("suggestion") { try await SocialActions.complaint(req: $0, kind: .suggestion) }.requires(.handleComplaints)
        one.post("dismiss") { try await SocialActions.dismiss(req: $0) }.requires(.logContacts)
    }

    struct Row: Encodable {
        let id: String; let platform: String; let handle: String; let excerpt: String; let received: String
        let status: String; let statusCode: String; let outcome: String?
    }

    typealias IndexView = FilteredList<Row>

    /// The messages of the filter within her reach, newest first, as the page and its export read them.
    static func listQuery(_ req: Request, platform: SocialPlatform?, status: SocialMessageStatus?, text: String) throws -> QueryBuilder<SocialMessage> {
        let query = SocialMessage.query(on: req.db).sort(\.$receivedAt, .descending)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        if let platform { query.filter(\.$platform == platform) }
        if let status { query.filter(\.$status == status) }
        // A plain substring test rather than LIKE: handles are full of "_", which LIKE reads as a wildcard.
        // Handles are matched without their "@" and case; the text as typed (Latin letters in any case).
        let typed = String(text.prefix(100))
        let bare = String(typed.drop { $0 == "@" })
        if !bare.isEmpty {
            let position = req.db.isPostgres ? "strpos" : "instr"
            query.filter(.sql(embed: """
                (\(unsafeRaw: position)(lower(handle), lower(\(bind: bare))) > 0 OR \(unsafeRaw: position)(lower(text), lower(\(bind: typed))) > 0)
                """))
        }
        return query
    }

    /// Every message of the filter, in full text.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let platform = SocialPlatform(rawValue: req.query[String.self, at: "platform"] ?? "")
        let status = SocialMessageStatus(rawValue: req.query[String.self, at: "status"] ?? "")
        let text = (req.query[String.self, at: "q"] ?? "").trimmingWhitespace()
        let messages = try await listQuery(req, platform: platform, status: status, text: text).limit(limit).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return ListExport.Table(
            columns: ["social.platform", "listExport.column.handle", "listExport.column.text", "social.receivedAt", "request.status", "listExport.column.outcome"],
            rows: messages.map { m in
                [.text(req.t(m.platform.localizationKey)), .text(m.displayHandle), .text(m.text), .text(formatter.dateTime(m.receivedAt).combined),
                 .text(req.t(m.status.localizationKey)), ListExport.text(m.outcomeKind.map { req.t($0.localizationKey) })]
            }, filter: ["platform": platform?.rawValue ?? "", "status": status?.rawValue ?? "", "q": text.isEmpty ? "" : "searched"])
    }

    func index(req: Request) async throws -> View {
        let platform = SocialPlatform(rawValue: req.query[String.self, at: "platform"] ?? "")
        let status = SocialMessageStatus(rawValue: req.query[String.self, at: "status"] ?? "")
        let text = (req.query[String.self, at: "q"] ?? "").trimmingWhitespace()
        let query = try Self.listQuery(req, platform: platform, status: status, text: text)
        let page = Paging.requestedPage(req)
        let (messages, total) = try await query.page(page)
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = try messages.map { m in
            Row(id: try m.requireID().uuidString, platform: req.t(m.platform.localizationKey), handle: m.displayHandle,
                excerpt: m.text.count > 140 ? String(m.text.prefix(140)) + "…" : m.text, received: formatter.dateTime(m.receivedAt).combined,
                status: req.t(m.status.localizationKey), statusCode: m.status.tagClass, outcome: m.outcomeKind.map { req.t($0.localizationKey) })
        }
        return try await req.render("social/index", IndexView(
            page: PageContext(req, title: req.t("nav.social")),
            filters: [
                FormField(name: "q", label: req.t("social.search"), kind: "search", value: text, hint: req.t("social.searchHint"), maxlength: 100),
                FormField.filter(req, name: "platform", label: req.t("social.platform"), selected: platform?.rawValue ?? "",
                                 choices: SocialPlatform.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
                FormField.filter(req, name: "status", label: req.t("request.status"), selected: status?.rawValue ?? "",
                                 choices: SocialMessageStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            ].prepared(),
            rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/social",
                           filters: ["q": text, "platform": platform?.rawValue ?? "", "status": status?.rawValue ?? ""], exports: true)))
    }

    struct FormView: Encodable {
        let page: PageContext
        let fields: [FormField]
        let error: String?
    }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, error: String? = nil) async throws -> Response {
        let typed = req.method == .POST ? SocialMessageForm(request: req) : SocialMessageForm()
        return try await req.render("social/form", FormView(page: PageContext(req, title: req.t("social.new")), fields: typed.fields(req, errors: errors),
                                                           error: error)).encodeResponse(status: status, for: req)
    }

    /// Thrown inside the entry's transaction when the same message was entered in the last day: nothing is kept.
    struct AlreadyEntered: Error {}

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (valid, errors) = SocialMessageForm(request: req).validate(req)
        guard let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        let message = SocialMessage(platform: valid.platform, handle: valid.handle, text: valid.text, link: valid.link, receivedAt: valid.receivedAt,
                                    branchID: staff.user.$branch.id, enteredBy: staff.userID, at: req.now)
        do {
            try await req.db.writeTransaction { db in
                // Write first, then look for an earlier copy: on SQLite the insert holds the write lock, so two
                // officers pasting the same message at once are checked one after the other; PostgreSQL waits on a
                // lock named by the message instead.
                if db.isPostgres {
                    try await db.sql.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: message.fingerprint)))").run()
                }
                try await message.create(on: db)
                let copies = try await SocialMessage.query(on: db).filter(\.$fingerprint == message.fingerprint)
                    .filter(\.$enteredAt > req.now.addingTimeInterval(-SocialMessageRules.duplicateWindow)).count()
                guard copies == 1 else { throw AlreadyEntered() }
                try await req.audit("social.entered", record: ("social_message", try message.requireID().uuidString),
                                    detail: message.platform.rawValue, on: db)
            }
        } catch is AlreadyEntered {
            return try await form(req: req, errors: [:], status: .conflict, error: req.t("social.error.duplicate"))
        }
        return req.redirect(to: "/social/\(try message.requireID().uuidString)?done=socialEntered")
    }
}
