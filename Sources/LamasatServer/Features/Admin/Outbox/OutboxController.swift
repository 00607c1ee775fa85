import Fluent
import LamasatCore
import Vapor

/// What the association has sent or is about to send, and through which provider. In development nothing leaves
/// the machine: the development provider records the message and this page shows it.
struct OutboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("outbox") { try await self.index(req: $0) }.requires(.viewOutbox)
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

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let status = req.query[String.self, at: "status"] ?? ""
        let channel = req.query[String.self, at: "channel"] ?? ""
        let q = req.query[String.self, at: "q"]?.trimmingWhitespace() ?? ""
        let page = Paging.requestedPage(req)
        // Separation of duties: a reader without access to beneficiaries' files (an administrator) sees that a
        // message went, on which channel and with what result, but not to whom or what it said.
        let masked = !staff.can(.viewBeneficiaries)
        let query = OutboxMessage.query(on: req.db).sort(\.$createdAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        if let status = OutboxMessage.Status(rawValue: status) { query.filter(\.$status == status) }
        if let channel = MessageChannel(rawValue: channel) { query.filter(\.$channel == channel) }
        // Searching would tell a masked reader whether someone or some request was written to: she filters only.
        if !q.isEmpty, !masked {
            query.group(.or) { $0.filter(\.$recipient ~~ ArabicDigits.westernized(q)).filter(\.$subject ~~ q) }
        }
        let (messages, total) = try await query.page(page)
        try await req.audit("outbox.viewed", detail: "rows=\(messages.count) masked=\(masked)\(q.isEmpty ? "" : " searched")")
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = messages.map { message in
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
        let filters = [
            FormField(name: "q", label: req.t("list.search"), kind: "search", value: q, maxlength: 100),
            FormField.filter(req, name: "status", label: req.t("outbox.status"), selected: status,
                             choices: OutboxMessage.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "channel", label: req.t("outbox.channel"), selected: channel,
                             choices: MessageChannel.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ].prepared()
        return try await req.render("admin/outbox", IndexView(
            page: PageContext(req, title: req.t("nav.outbox")), filters: filters, rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/outbox", filters: ["status": status, "channel": channel, "q": q])))
    }
}
