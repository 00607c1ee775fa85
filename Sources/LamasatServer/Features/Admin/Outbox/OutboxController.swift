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
    }

    struct IndexView: Encodable {
        let page: PageContext
        let rows: [Row]?
        let filters: [FormField]
        let paging: Paging
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let status = req.query[String.self, at: "status"] ?? ""
        let channel = req.query[String.self, at: "channel"] ?? ""
        let q = req.query[String.self, at: "q"]?.trimmingWhitespace() ?? ""
        let page = Paging.requestedPage(req)
        let query = OutboxMessage.query(on: req.db).sort(\.$createdAt, .descending)
        if staff.user.scope == .ownBranch { query.filter(\.$branchID == staff.user.$branch.id) }
        if let status = OutboxMessage.Status(rawValue: status) { query.filter(\.$status == status) }
        if let channel = MessageChannel(rawValue: channel) { query.filter(\.$channel == channel) }
        if !q.isEmpty { query.group(.or) { $0.filter(\.$recipient ~~ ArabicDigits.westernized(q)).filter(\.$subject ~~ q) } }
        let (messages, total) = try await query.page(page)
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = messages.map { message in
            Row(created: formatter.dateTime(message.createdAt).combined, channel: req.t(message.channel.localizationKey),
                recipient: message.recipient, subject: message.subject, body: message.shownBody,
                status: req.t(message.status.localizationKey), statusCode: message.status.rawValue,
                provider: message.provider ?? "—", error: message.lastError ?? "")
        }
        let filters = [
            FormField(name: "q", label: req.t("list.search"), kind: "search", value: q, maxlength: 100),
            FormField.filter(req, name: "status", label: req.t("outbox.status"), selected: status,
                             choices: OutboxMessage.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "channel", label: req.t("outbox.channel"), selected: channel,
                             choices: MessageChannel.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ].prepared()
        return try await req.render("admin/outbox", IndexView(
            page: PageContext(req, title: req.t("nav.outbox")), rows: rows.nonEmpty, filters: filters,
            paging: Paging(req, total: total, page: page, path: "/admin/outbox", filters: ["status": status, "channel": channel, "q": q])))
    }
}
