import Fluent
import LamasatCore
import Vapor

/// What the association has sent or is about to send, and through which provider. In development nothing leaves
/// the machine: the development provider records the message and this page shows it.
struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("outbox") { try await self.index(req: $0) }.requires(.viewOutbox)
        routes.exportsList("outbox", requires: .viewOutbox, title: "nav.outbox") { try await Self.export($0, limit: $1) }
    }

    struct Row: Encodable {
        let created: String
        let channel: String
        let recipient: String
        let subject: String
        let body: String
        let status: String
        let statusCode: String
        let provider: String
        let error: String
        /// When it reached her phone and when she read it, from the provider's receipts.
        let receipt: String?
    }

    typealias IndexView = FilteredList<Row>

    /// The messages of the filter within her reach, newest first, as the page and its export read them; `masked`
    /// when she may not read beneficiaries' files.
    static func listQuery(_ req: Request, typed: [String: String]) throws -> (QueryBuilder<OutboxMessage>, masked: Bool) {
        let staff = try req.requireStaff()
        // Separation of duties: a reader without access to beneficiaries' files (an administrator) sees that a
        // message went, on which channel and with what result, but not to whom or what it said.
        let masked = !staff.can(.viewBeneficiaries)
        let q = typed["q"] ?? ""
        let query = OutboxMessage.query(on: req.db).sort(\.$createdAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        if let status = OutboxMessage.Status(rawValue: typed["status"] ?? "") { query.filter(\.$status == status) }
        if let channel = MessageChannel(rawValue: typed["channel"] ?? "") { query.filter(\.$channel == channel) }
        // Searching would tell a masked reader whether someone or some request was written to: she filters only.
        if !q.isEmpty, !masked {
            query.group(.or) { $0.filter(\.$recipient ~~ ArabicDigits.westernized(q)).filter(\.$subject ~~ q) }
        }
        return (query, masked)
    }

    static func typed(_ req: Request) -> [String: String] {
        ["status": req.query[String.self, at: "status"] ?? "", "channel": req.query[String.self, at: "channel"] ?? "",
         "q": req.query[String.self, at: "q"]?.trimmingWhitespace() ?? ""]
    }

    static func rows(_ messages: [OutboxMessage], masked: Bool, req: Request) -> [Row] {
        let formatter = DualCalendarFormatter(language: req.language)
        return messages.map { message in
            Row(created: formatter.dateTime(message.createdAt).combined, channel: req.t(message.channel.localizationKey),
                recipient: masked ? OutboxMessage.maskedRecipient(message.recipient) : message.recipient,
                // A subject may carry a tracking number, a provider's error the recipient: only their kind shows.
                subject: masked ? OutboxMessage.subjectKind(message.subject) : message.subject,
                body: masked ? req.t("outbox.bodyHidden") : message.shownBody,
                status: req.t(message.status.localizationKey), statusCode: message.status.rawValue,
                provider: message.provider ?? "—", error: masked ? (message.lastError == nil ? "" : req.t("outbox.errorHidden")) : message.lastError ?? "",
                receipt: [message.deliveredAt.map { req.t("outbox.deliveredAt", formatter.dateTime($0).combined) },
                          message.readAt.map { req.t("outbox.readAt", formatter.dateTime($0).combined) }].compactMap { $0 }.nonEmpty?.joined(separator: " · "))
        }
    }

    /// Every message of the filter, masked as the page masks it.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = typed(req)
        let (query, masked) = try listQuery(req, typed: typed)
        let rows = rows(try await query.limit(limit).all(), masked: masked, req: req)
        var filter = typed
        filter["q"] = typed["q"]!.isEmpty || masked ? "" : "searched"
        return ListExport.Table(
            columns: ["listExport.column.when", "outbox.channel", "listExport.column.recipient", "listExport.column.subject", "listExport.column.body",
                      "outbox.status", "listExport.column.provider", "listExport.column.error", "listExport.column.receipt"],
            rows: rows.map { r in
                [.text(r.created), .text(r.channel), .text(r.recipient), .text(r.subject), .text(r.body), .text(r.status), .text(r.provider),
                 ListExport.text(r.error), ListExport.text(r.receipt)]
            }, filter: filter)
    }

    func index(req: Request) async throws -> View {
        let typed = Self.typed(req)
        let (status, channel, q) = (typed["status"]!, typed["channel"]!, typed["q"]!)
        let page = Paging.requestedPage(req)
        let (query, masked) = try Self.listQuery(req, typed: typed)
        let (messages, total) = try await query.page(page)
        try await req.audit("outbox.viewed", detail: "rows=\(messages.count) masked=\(masked)\(q.isEmpty ? "" : " searched")")
        let rows = Self.rows(messages, masked: masked, req: req)
        let filters = [
            FormField(name: "q", label: req.t("list.search"), kind: "search", value: q, maxlength: 100),
            FormField.filter(req, name: "status", label: req.t("outbox.status"), selected: status,
                             choices: OutboxMessage.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "channel", label: req.t("outbox.channel"), selected: channel,
                             choices: MessageChannel.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ].prepared()
        return try await req.render("admin/outbox", IndexView(
            page: PageContext(req, title: req.t("nav.outbox")), filters: filters, rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/outbox", filters: typed, exports: true)))
    }
}
