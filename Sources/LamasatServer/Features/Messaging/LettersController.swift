import Fluent
import LamasatCore
import Vapor

/// The letters channel: messages to be printed, each given an outgoing number when printed and sent ([P-16]).
struct LettersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let letters = routes.grouped("letters")
        letters.get { try await self.index(req: $0) }.requires(.logContacts)
        routes.exportsList("letters", requires: .logContacts, title: "nav.letters") { try await Self.export($0, limit: $1) }
        letters.get(":messageID") { try await self.printable(req: $0) }.requires(.logContacts)
        letters.post(":messageID", "sent") { try await self.markSent(req: $0) }.requires(.logContacts)
    }

    /// Letters of the staff member's branches.
    private static func letters(_ req: Request) throws -> QueryBuilder<OutboxMessage> {
        let staff = try req.requireStaff()
        let query = OutboxMessage.query(on: req.db).filter(\.$channel == .letter)
        query.withinReach(of: staff, \.$branchID)
        return query
    }

    struct Row: Encodable { let id: String; let at: String; let recipient: String; let subject: String; let status: String; let statusCode: String; let number: String? }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]?; let paging: Paging }

    /// The letters within her reach, waiting ones first, as the page and its export read them.
    static func listQuery(_ req: Request) throws -> QueryBuilder<OutboxMessage> {
        try letters(req).sort(\.$status, .descending).sort(\.$createdAt, .descending)
    }

    static func rows(_ messages: [OutboxMessage], req: Request) throws -> [Row] {
        let formatter = DualCalendarFormatter(language: req.language)
        return try messages.map { Row(id: try $0.requireID().uuidString, at: formatter.dateTime($0.createdAt).combined, recipient: $0.recipient, subject: $0.subject,
                                      status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue, number: $0.letterNumber) }
    }

    /// Every letter within her reach, as the list shows them.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let rows = try rows(try await listQuery(req).limit(limit).all(), req: req)
        return ListExport.Table(
            columns: ["listExport.column.when", "listExport.column.recipient", "listExport.column.subject", "request.status", "listExport.column.number"],
            rows: rows.map { [.text($0.at), .text($0.recipient), .text($0.subject), .text($0.status), ListExport.text($0.number)] }, filter: [:])
    }

    func index(req: Request) async throws -> View {
        let page = Paging.requestedPage(req)
        let (messages, total) = try await Self.listQuery(req).page(page)
        try await req.audit("letter.listed", detail: "rows=\(messages.count) page=\(page)")
        return try await req.render("letters/index", IndexView(
            page: PageContext(req, title: req.t("nav.letters")), rows: try Self.rows(messages, req: req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/letters", filters: [:], exports: true)))
    }

    private func letter(_ req: Request) async throws -> OutboxMessage {
        try await req.scoped(OutboxMessage.self, id: req.parameters.get("messageID"), optionalBranch: \.$branchID) {
            $0.filter(\.$channel == .letter)
        }
    }

    struct PrintView: Encodable {
        let page: PageContext; let id: String; let organization: OrganizationProfile; let recipient: String; let subject: String
        let body: String; let date: String; let number: String?; let queued: Bool
    }

    func printable(req: Request) async throws -> View {
        let message = try await letter(req)
        try await req.auditView("letter", id: try message.requireID().uuidString)
        req.printLanguage()
        return try await req.render("letters/print", PrintView(
            page: PageContext(req, title: message.subject), id: try message.requireID().uuidString, organization: try await req.organization(),
            recipient: message.recipient, subject: message.subject, body: message.body,
            date: DualCalendarFormatter(language: req.language).date(req.now).combined,
            number: message.status == .sent ? message.letterNumber : nil, queued: message.status == .queued))
    }

    /// Printed and handed to the post or to her: the letter gets its outgoing number and counts as sent.
    func markSent(req: Request) async throws -> Response {
        let message = try await letter(req)
        guard message.status == .queued else { throw Abort(.conflict) }
        try await req.db.writeTransaction { db in
            let number = try await Counters.next("outgoing_letter", on: db)
            message.status = .sent
            message.provider = "letter"
            message.letterNumber = ReferenceNumber("L", sequence: number, at: req.now).description
            message.sentAt = req.now
            message.attempts = 1
            try await message.save(on: db)
            try await req.audit("letter.sent", detail: message.letterNumber, on: db)
        }
        return req.redirect(to: "/letters/\(try message.requireID().uuidString)?done=letterSent")
    }
}
