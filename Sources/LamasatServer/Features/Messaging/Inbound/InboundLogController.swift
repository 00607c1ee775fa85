import Fluent
import LamasatCore
import Vapor

/// What came in through the providers' webhooks and what each became, for whoever reads the outbox. The inbound
/// log has no branch, so the sender is masked for every reader; the record it became is where her details are.
struct InboundLogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("inbound") { try await self.index(req: $0) }.requires(.viewOutbox)
    }

    struct Row: Encodable {
        let received: String
        let provider: String
        let sender: String
        let kind: String
        let result: String
        let resultCode: String
        let note: String
    }

    func index(req: Request) async throws -> View {
        let kind = req.query[String.self, at: "kind"] ?? ""
        let page = Paging.requestedPage(req)
        let query = InboundMessage.query(on: req.db).sort(\.$receivedAt, .descending)
        if let chosen = InboundMessage.Kind(rawValue: kind) { query.filter(\.$kind == chosen) }
        let (messages, total) = try await query.page(page)
        try await req.audit("inbound.viewed", detail: "rows=\(messages.count)")
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = messages.map {
            Row(received: formatter.dateTime($0.receivedAt).combined, provider: $0.provider,
                sender: $0.sender.isEmpty ? "—" : OutboxMessage.maskedRecipient($0.sender), kind: req.t($0.kind.localizationKey),
                result: req.t($0.result.localizationKey), resultCode: $0.result.rawValue, note: $0.note)
        }
        let filters = [
            FormField.filter(req, name: "kind", label: req.t("inbound.kind"), selected: kind,
                             choices: InboundMessage.Kind.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ].prepared()
        return try await req.render("admin/inbound", FilteredList(
            page: PageContext(req, title: req.t("nav.inbound")), filters: filters, rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/inbound", filters: ["kind": kind])))
    }
}
