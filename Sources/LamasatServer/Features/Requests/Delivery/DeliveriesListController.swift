import Fluent
import LamasatCore
import Vapor

/// `/deliveries`: what the association handed over ([P-24]) within the reader's reach, newest first, by period,
/// support type, place and branch, searched by tracking or file number; the list and its export share one query.
struct DeliveriesListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("deliveries") { try await self.index(req: $0) }.requires(.viewBeneficiaries)
        routes.exportsList("deliveries", requires: .viewBeneficiaries, title: "deliveries.title") { try await Self.export($0, limit: $1) }
    }

    struct Row: Encodable {
        let requestID: String; let day: String; let tracking: String; let fileNumber: String; let name: String; let type: String
        let what: String; let amount: String; let place: String; let by: String; let final: Bool
    }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let periodTitle: String; let rows: [Row]?; let paging: Paging }

    static let filterNames = ["q", "period", "type", "place", "branch"]

    /// The list's filter as typed; an unreadable period falls back to "all".
    static func typed(_ req: Request) -> [String: String] {
        var typed = filterNames.reduce(into: [String: String]()) { $0[$1] = (req.query[String.self, at: $1] ?? "").trimmingWhitespace() }
        typed["q"] = ArabicDigits.westernized(typed["q"]!).uppercased()
        if !typed["period"]!.isEmpty, (try? ReportPeriod.parse(typed["period"]!)) == nil { typed["period"] = "" }
        return typed
    }

    /// The deliveries of the filter within her reach (the file's branch), as the page and its export read them.
    static func listQuery(_ req: Request, typed: [String: String], branches: [Branch]) throws -> QueryBuilder<ServiceDelivery> {
        let query = ServiceDelivery.query(on: req.db)
            .join(SupportRequest.self, on: \ServiceDelivery.$requestID == \SupportRequest.$id)
            .join(Beneficiary.self, on: \ServiceDelivery.$beneficiaryID == \Beneficiary.$id)
            .sort(\.$deliveredOn, .descending).sort(\.$recordedAt, .descending)
        query.withinReach(of: try req.requireStaff(), Beneficiary.self, \.$branch.$id)
        let q = typed["q"]!
        if q.hasPrefix("LMS-") {
            query.filter(Beneficiary.self, \.$fileSequence == (Int64(q.dropFirst(4)) ?? -1))
        } else if !q.isEmpty {
            query.filter(SupportRequest.self, \.$trackingNumber == q)
        }
        if let period = try? ReportPeriod.parse(typed["period"]!) {
            query.filter(\.$deliveredOn >= period.first.description).filter(\.$deliveredOn <= period.last.description)
        }
        if let type = UUID(uuidString: typed["type"]!) { query.filter(\.$supportTypeID == type) }
        if let place = DeliveryPlace(rawValue: typed["place"]!) { query.filter(\.$place == place) }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(Beneficiary.self, \.$branch.$id == branch.id!) }
        return query
    }

    static func rows(_ items: [ServiceDelivery], req: Request) async throws -> [Row] {
        let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: req.db).all().map { (try $0.requireID(), $0.name(in: req.language)) })
        let formatter = DualCalendarFormatter(language: req.language)
        return try items.map { d in
            let request = try d.joined(SupportRequest.self), file = try d.joined(Beneficiary.self)
            return Row(requestID: d.requestID.uuidString, day: CalendarDay(stored: d.deliveredOn).map { formatter.date($0.moment).combined } ?? d.deliveredOn,
                       tracking: request.trackingNumber ?? "—", fileNumber: file.fileNumber, name: file.name.full, type: types[d.supportTypeID] ?? "—",
                       what: d.description,
                       amount: d.amount > 0 ? Money(halalas: d.amount).formatted(req.language) : (d.quantity > 0 ? String(d.quantity) : "—"),
                       place: req.t(d.place.localizationKey), by: d.deliveredBy, final: d.isFinal)
        }
    }

    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = typed(req)
        let items = try await listQuery(req, typed: typed, branches: try await req.formBranches()).limit(limit).all()
        let yes = req.t("common.yes"), no = req.t("common.no")
        return ListExport.Table(
            columns: ["delivery.date", "request.tracking", "beneficiary.fileNumber", "listExport.column.beneficiary", "request.field.supportType",
                      "delivery.description", "delivery.amount", "delivery.place", "delivery.deliveredBy", "delivery.final"],
            rows: try await rows(items, req: req).map { r in
                [.text(r.day), .text(r.tracking), .text(r.fileNumber), .text(r.name), .text(r.type), .text(r.what), .text(r.amount), .text(r.place),
                 .text(r.by), .text(r.final ? yes : no)]
            }, filter: typed.merging(["q": typed["q"]!.isEmpty ? "" : (typed["q"]!.hasPrefix("LMS-") ? "fileNumber" : "tracking")]) { _, new in new })
    }

    func index(req: Request) async throws -> Response {
        let typed = Self.typed(req)
        let branches = try await req.formBranches()
        let page = Paging.requestedPage(req)
        let (items, total) = try await Self.listQuery(req, typed: typed, branches: branches).page(page)
        let types = try await SupportType.query(on: req.db).sort(\.$sortOrder).all()
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("deliveries.searchHint"), dir: "ltr", maxlength: 30),
            FormField.filter(req, name: "period", label: req.t("deliveries.period"), selected: typed["period"]!,
                             choices: ReportPeriod.shortcuts(req.now).map { ($0.token, $0.title(req.language)) }),
            FormField.filter(req, name: "type", label: req.t("request.field.supportType"), selected: typed["type"]!, records: types),
            FormField.filter(req, name: "place", label: req.t("delivery.place"), selected: typed["place"]!,
                             choices: DeliveryPlace.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ]
        if branches.count > 1 {
            filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: typed["branch"]!, records: branches))
        }
        try await req.audit("view", record: ("deliveries", "list"))
        let period = (try? ReportPeriod.parse(typed["period"]!))?.title(req.language) ?? req.t("deliveries.allTime")
        return try await req.render("requests/deliveries", IndexView(
            page: PageContext(req, title: req.t("deliveries.title")), filters: filters, periodTitle: period,
            rows: try await Self.rows(items, req: req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/deliveries", filters: typed, exports: true)
        )).encodeResponse(for: req)
    }
}
