import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The services and money report: amounts requested (at submission), approved (at the decision) and delivered (on
/// the delivery day) by support type and by month, in-kind quantities, and where deliveries were made ([P-8]).
/// Amounts are halalas in the database and riyals in the table.
struct ServiceFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    func tables() async throws -> [ReportLinkedTable] {
        let names = try await ReportCatalogNames.load(req)
        return [try await byType(names), try await byMonth(), try await byPlace()]
    }

    /// A delivery day inside a period, by the same rule the requests list's "delivered in the period" uses.
    static func deliveredWithin(_ range: ReportPeriod) -> SQLQueryString { range.holdsDay("s.delivered_on") }

    private var deliveries: SQLQueryString {
        let conditions: [SQLQueryString] = ["(\(Self.deliveredWithin(scope.previous)) OR \(Self.deliveredWithin(scope.period)))"]
            + scope.reach("r.branch_id")
        return "FROM service_deliveries s JOIN support_requests r ON r.id = s.request_id\(SQLQueryString.whereClause(conditions))"
    }

    private func sums(_ value: String, _ range: ReportPeriod, as name: String) -> SQLQueryString {
        "CAST(SUM(CASE WHEN \(Self.deliveredWithin(range)) THEN \(unsafeRaw: value) ELSE 0 END) AS BIGINT) AS \(unsafeRaw: name)"
    }

    private struct Delivered: Decodable {
        let key: UUID?
        let amount_cur: Int?, amount_prev: Int?, quantity_cur: Int?, quantity_prev: Int?, count_cur: Int?, count_prev: Int?
    }

    private func byType(_ names: ReportCatalogNames) async throws -> ReportLinkedTable {
        let requested = try await CurrentAndPrevious<UUID>.read("""
            SELECT r.support_type_id AS key, \(scope.currentAndPrevious("r.submitted_at", value: "r.requested_amount"))
            FROM support_requests r\(SQLQueryString.whereClause(scope.bothPeriods("r.submitted_at") + scope.reach("r.branch_id"))) GROUP BY r.support_type_id
            """, on: db)
        let approvedConditions = scope.bothPeriods("d.decided_at") + scope.reach("r.branch_id") + ["d.outcome = \(bind: SupportRequestStatus.approved.rawValue)"]
        let approved = try await CurrentAndPrevious<UUID>.read("""
            SELECT r.support_type_id AS key, \(scope.currentAndPrevious("d.decided_at", value: "d.approved_amount"))
            FROM request_decisions d JOIN support_requests r ON r.id = d.request_id\(SQLQueryString.whereClause(approvedConditions)) GROUP BY r.support_type_id
            """, on: db)
        let delivered = try await db.sql.raw("""
            SELECT s.support_type_id AS key, \(sums("s.amount", scope.period, as: "amount_cur")), \(sums("s.amount", scope.previous, as: "amount_prev")),
                \(sums("s.quantity", scope.period, as: "quantity_cur")), \(sums("s.quantity", scope.previous, as: "quantity_prev")),
                \(sums("1", scope.period, as: "count_cur")), \(sums("1", scope.previous, as: "count_prev"))
            \(deliveries) GROUP BY s.support_type_id
            """).all(decoding: Delivered.self)
        let given = Dictionary(delivered.compactMap { row in row.key.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        let this = scope.period.title(req.language), before = scope.previous.title(req.language)
        var table = ReportTableBuilder(id: "by-type", title: req.t("reports.services.byType"), columns: [
            req.t("request.field.supportType"),
            req.t("reports.services.requested", this), req.t("reports.services.requested", before),
            req.t("reports.services.approved", this), req.t("reports.services.approved", before),
            req.t("reports.services.delivered", this), req.t("reports.services.delivered", before),
            req.t("reports.services.deliveries", this), req.t("reports.services.quantity", this), req.t("reports.services.quantity", before),
        ])
        let types = Set(requested.keys.compactMap { $0 }).union(approved.keys.compactMap { $0 }).union(given.keys)
        var totals = Array(repeating: 0, count: 9)
        for type in types.sorted(by: { (names.types[$0] ?? "") < (names.types[$1] ?? "") }) {
            let r = requested[type] ?? (0, 0), a = approved[type] ?? (0, 0), d = given[type]
            let values = [r.current, r.previous, a.current, a.previous, d?.amount_cur ?? 0, d?.amount_prev ?? 0,
                          d?.count_cur ?? 0, d?.quantity_cur ?? 0, d?.quantity_prev ?? 0]
            for index in values.indices { totals[index] += values[index] }
            table.add([.text(names.types[type] ?? "—")] + Self.cells(values), links: [nil] + lists([("type", type.uuidString)]))
        }
        table.add([.text(req.t("report.total"))] + Self.cells(totals), links: [nil] + lists([]))
        return table.build(note: req.t("reports.services.note"))
    }

    /// The requests behind a by-type row's figures, column by column: submitted in the period and the one before (what
    /// was requested), approved in each (what was approved), and with a delivery in each (amounts, the count and the
    /// quantities). The list counts requests, so two deliveries of one request show it once.
    private func lists(_ more: [(String, String)]) -> [String?] {
        let approved = more + [("decided", SupportRequestStatus.approved.rawValue)], delivered = more + [("delivered", "1")]
        return [scope.link("/requests", more), scope.link("/requests", more, period: scope.previous),
                scope.link("/requests", approved), scope.link("/requests", approved, period: scope.previous),
                scope.link("/requests", delivered), scope.link("/requests", delivered, period: scope.previous),
                scope.link("/requests", delivered), scope.link("/requests", delivered), scope.link("/requests", delivered, period: scope.previous)]
    }

    /// Money columns in riyals, then the delivery count and quantities as numbers.
    private static func cells(_ values: [Int]) -> [ReportTable.Cell] {
        values.enumerated().map { index, value in index < 6 ? .money(halalas: value) : .number(value) }
    }

    /// Each month of the period (in its own calendar) as a column of one statement per measure.
    private func byMonth() async throws -> ReportLinkedTable {
        let months = scope.period.months
        func read(_ sql: SQLQueryString) async throws -> [Int] {
            guard let row = try await db.sql.raw(sql).first() else { return months.map { _ in 0 } }
            return try months.indices.map { try row.decode(column: "m\($0)", as: Int?.self) ?? 0 }
        }
        func measure(_ value: String, _ make: (ReportPeriod) -> SQLQueryString) -> SQLQueryString {
            months.enumerated().map { index, month in
                "CAST(SUM(CASE WHEN \(make(month)) THEN \(unsafeRaw: value) ELSE 0 END) AS BIGINT) AS m\(unsafeRaw: String(index))" as SQLQueryString
            }.joined(separator: ", ")
        }
        let requested = try await read("""
            SELECT \(measure("r.requested_amount") { scope.within("r.submitted_at", $0) }) FROM support_requests r
            \(SQLQueryString.whereClause([scope.within("r.submitted_at", scope.period)] + scope.reach("r.branch_id")))
            """)
        let approved = try await read("""
            SELECT \(measure("d.approved_amount") { scope.within("d.decided_at", $0) }) FROM request_decisions d JOIN support_requests r ON r.id = d.request_id
            \(SQLQueryString.whereClause([scope.within("d.decided_at", scope.period), "d.outcome = \(bind: SupportRequestStatus.approved.rawValue)"] + scope.reach("r.branch_id")))
            """)
        let deliveredWhere = SQLQueryString.whereClause([Self.deliveredWithin(scope.period)] + scope.reach("r.branch_id"))
        let delivered = try await read("""
            SELECT \(measure("s.amount") { Self.deliveredWithin($0) }) FROM service_deliveries s JOIN support_requests r ON r.id = s.request_id\(deliveredWhere)
            """)
        let quantity = try await read("""
            SELECT \(measure("s.quantity") { Self.deliveredWithin($0) }) FROM service_deliveries s JOIN support_requests r ON r.id = s.request_id\(deliveredWhere)
            """)
        var table = ReportTableBuilder(id: "by-month", title: req.t("reports.services.byMonth"), columns: [
            req.t("reports.month"), req.t("reports.services.requested", ""), req.t("reports.services.approved", ""),
            req.t("reports.services.delivered", ""), req.t("reports.services.quantity", ""),
        ].map { $0.trimmingWhitespace() })
        for (index, month) in months.enumerated() {
            table.add([.text(month.title(req.language)), .money(halalas: requested[index]), .money(halalas: approved[index]),
                       .money(halalas: delivered[index]), .number(quantity[index])],
                      links: [nil, scope.link("/requests", [], period: month), scope.link("/requests", [("decided", "approved")], period: month),
                              scope.link("/requests", [("delivered", "1")], period: month), scope.link("/requests", [("delivered", "1")], period: month)])
        }
        return table.build()
    }

    /// [P-8]: services taken to her (at her location) against those at an office, online or by a volunteer.
    private func byPlace() async throws -> ReportLinkedTable {
        struct Row: Decodable { let key: String?; let count_cur: Int?; let count_prev: Int?; let amount_cur: Int?; let amount_prev: Int? }
        let rows = try await db.sql.raw("""
            SELECT s.place AS key, \(sums("1", scope.period, as: "count_cur")), \(sums("1", scope.previous, as: "count_prev")),
                \(sums("s.amount", scope.period, as: "amount_cur")), \(sums("s.amount", scope.previous, as: "amount_prev"))
            \(deliveries) GROUP BY s.place
            """).all(decoding: Row.self)
        let this = scope.period.title(req.language), before = scope.previous.title(req.language)
        var table = ReportTableBuilder(id: "by-place", title: req.t("reports.services.byPlace"), columns: [
            req.t("reports.services.place"), req.t("reports.services.deliveries", this), req.t("reports.services.deliveries", before),
            req.t("reports.services.delivered", this), req.t("reports.services.delivered", before),
        ])
        let total = rows.reduce(0) { $0 + ($1.count_cur ?? 0) }
        for place in DeliveryPlace.allCases {
            let row = rows.first { $0.key == place.rawValue }
            let there = [("delivered", place.rawValue)]
            table.add([.text(req.t(place.localizationKey)), .number(row?.count_cur ?? 0), .number(row?.count_prev ?? 0),
                       .money(halalas: row?.amount_cur ?? 0), .money(halalas: row?.amount_prev ?? 0)],
                      links: [nil, scope.link("/requests", there), scope.link("/requests", there, period: scope.previous),
                              scope.link("/requests", there), scope.link("/requests", there, period: scope.previous)])
        }
        let here = rows.first { $0.key == DeliveryPlace.herLocation.rawValue }?.count_cur ?? 0
        return table.build(note: req.t("reports.services.atHerShare", "\(total == 0 ? 0 : here * 100 / total)%"))
    }
}
