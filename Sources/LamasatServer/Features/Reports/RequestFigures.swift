import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The requests report ([P-16]–[P-24]): what came in and how far it went, decisions and their reasons, how long a
/// decision took against the announced date, and how soon an approval was delivered. Each count is one GROUP BY in
/// the database over the period and the one before it; only the decision and delivery dates of the two periods are
/// read, to take medians.
struct RequestFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    /// The stages of the funnel, in order: a request counts at a stage once it has reached it, wherever it is now.
    static let funnel: [SupportRequestStatus] = [.submitted, .verification, .socialResearch, .committeeReview, .approved, .delivered]

    func tables() async throws -> [ReportLinkedTable] {
        let names = try await ReportCatalogNames.load(req)
        var tables = [try await funnel(), try await byStatus()]
        tables.append(try await grouped(id: "by-type", title: req.t("request.field.supportType"), key: "r.support_type_id",
                                        parameter: "type", name: { names.types[$0] ?? "—" }))
        if scope.staff.ownBranchOnly == nil && scope.branch == nil {
            tables.append(try await grouped(id: "by-branch", title: req.t("reports.branch"), key: "r.branch_id",
                                            parameter: "branch", name: { names.branches[$0] ?? "—" }))
        }
        tables.append(try await grouped(id: "by-category", title: req.t("beneficiary.field.category"), key: "b.category_id",
                                        parameter: "category", name: { names.categories[$0] ?? "—" }))
        tables.append(try await byChannel())
        tables += try await decisions(names)
        tables.append(try await returnedAndWithdrawn())
        tables.append(try await decisionTimes())
        tables.append(try await deliveryTimes())
        tables.append(try await overdue())
        return tables
    }

    private var columns: [String] { [req.t("reports.thisPeriod", scope.period.title(req.language)), req.t("reports.previousPeriod", scope.previous.title(req.language))] }

    /// Submitted requests of both periods, with her file joined for the category.
    private func submitted(_ select: SQLQueryString, groupBy: String?) -> SQLQueryString {
        let conditions = scope.bothPeriods("r.submitted_at") + scope.reach("r.branch_id")
        let group: SQLQueryString = groupBy.map { " GROUP BY \(unsafeRaw: $0)" } ?? ""
        return "SELECT \(select) FROM support_requests r JOIN beneficiaries b ON b.id = r.beneficiary_id\(SQLQueryString.whereClause(conditions))\(group)"
    }

    private func listLink(_ more: [(String, String)], period: ReportPeriod? = nil) -> String {
        scope.link("/requests", more, period: period)
    }

    private func funnel() async throws -> ReportLinkedTable {
        let conditions = scope.bothPeriods("r.submitted_at") + scope.reach("r.branch_id")
        func reached(_ range: ReportPeriod) -> SQLQueryString {
            "COUNT(DISTINCT CASE WHEN \(scope.within("r.submitted_at", range)) THEN r.id END)"
        }
        let rows = try await CurrentAndPrevious<String>.read("""
            SELECT t.to_status AS key, \(reached(scope.period)) AS cur, \(reached(scope.previous)) AS prev
            FROM support_requests r JOIN request_transitions t ON t.request_id = r.id\(SQLQueryString.whereClause(conditions))
            GROUP BY t.to_status
            """, on: db)
        let total = try await CurrentAndPrevious<String>.read(submitted("NULL AS key, \(scope.currentAndPrevious("r.submitted_at"))", groupBy: nil), on: db)[nil] ?? (0, 0)
        var table = ReportTableBuilder(id: "funnel", title: req.t("reports.requests.funnel"), columns: [req.t("reports.stage")] + columns)
        for stage in Self.funnel {
            let counts = stage == .submitted ? total : rows[stage.rawValue] ?? (0, 0)
            let filter = stage == .submitted ? [] : [("reached", stage.rawValue)]
            table.add([.text(req.t(stage.localizationKey)), .number(counts.current), .number(counts.previous)],
                      links: [nil, listLink(filter), listLink(filter, period: scope.previous)])
        }
        return table.build(note: req.t("reports.requests.funnelNote"))
    }

    private func byStatus() async throws -> ReportLinkedTable {
        let rows = try await CurrentAndPrevious<String>.read(submitted("r.status AS key, \(scope.currentAndPrevious("r.submitted_at"))", groupBy: "r.status"), on: db)
        var table = ReportTableBuilder(id: "by-status", title: req.t("reports.requests.byStatus"), columns: [req.t("request.status")] + columns)
        for status in SupportRequestStatus.allCases where status != .draft {
            let counts = rows[status.rawValue] ?? (0, 0)
            guard counts.current > 0 || counts.previous > 0 else { continue }
            table.add([.text(req.t(status.localizationKey)), .number(counts.current), .number(counts.previous)],
                      links: [nil, listLink([("status", status.rawValue)]), listLink([("status", status.rawValue)], period: scope.previous)])
        }
        return table.build()
    }

    private func grouped(id: String, title: String, key: String, parameter: String, name: (UUID) -> String) async throws -> ReportLinkedTable {
        let rows = try await CurrentAndPrevious<UUID>.read(submitted("\(unsafeRaw: key) AS key, \(scope.currentAndPrevious("r.submitted_at"))", groupBy: key), on: db)
        var table = ReportTableBuilder(id: id, title: req.t("reports.requests.by", title), columns: [title] + columns)
        for (key, counts) in rows.sorted(by: { ($0.value.current, $0.value.previous) > ($1.value.current, $1.value.previous) }) {
            guard let key else { continue }
            let filter = [(parameter, key.uuidString)]
            table.add([.text(name(key)), .number(counts.current), .number(counts.previous)],
                      links: [nil, listLink(filter), listLink(filter, period: scope.previous)])
        }
        return table.build()
    }

    private func byChannel() async throws -> ReportLinkedTable {
        let rows = try await CurrentAndPrevious<String>.read(submitted("r.channel AS key, \(scope.currentAndPrevious("r.submitted_at"))", groupBy: "r.channel"), on: db)
        var table = ReportTableBuilder(id: "by-channel", title: req.t("reports.requests.by", req.t("request.field.channel")),
                                 columns: [req.t("request.field.channel")] + columns)
        for channel in ContactChannel.allCases {
            let counts = rows[channel.rawValue] ?? (0, 0)
            table.add([.text(req.t(channel.localizationKey)), .number(counts.current), .number(counts.previous)],
                      links: [nil, listLink([("channel", channel.rawValue)]), listLink([("channel", channel.rawValue)], period: scope.previous)])
        }
        return table.build()
    }

    /// Decisions taken in the period (whenever the request came in), the approval rate, and the rejection reasons.
    private func decisions(_ names: ReportCatalogNames) async throws -> [ReportLinkedTable] {
        let conditions = scope.bothPeriods("d.decided_at") + scope.reach("r.branch_id")
        let from: SQLQueryString = "FROM request_decisions d JOIN support_requests r ON r.id = d.request_id\(SQLQueryString.whereClause(conditions))"
        let outcomes = try await CurrentAndPrevious<String>.read(
            "SELECT d.outcome AS key, \(scope.currentAndPrevious("d.decided_at")) \(from) GROUP BY d.outcome", on: db)
        let approved = outcomes[SupportRequestStatus.approved.rawValue] ?? (0, 0), rejected = outcomes[SupportRequestStatus.rejected.rawValue] ?? (0, 0)
        var table = ReportTableBuilder(id: "decisions", title: req.t("reports.requests.decisions"), columns: [""] + columns)
        for (status, counts) in [(SupportRequestStatus.approved, approved), (.rejected, rejected)] {
            table.add([.text(req.t(status.localizationKey)), .number(counts.current), .number(counts.previous)],
                      links: [nil, listLink([("decided", status.rawValue)]), listLink([("decided", status.rawValue)], period: scope.previous)])
        }
        table.add([.text(req.t("reports.requests.approvalRate")), .share(approved.current, of: approved.current + rejected.current),
                   .share(approved.previous, of: approved.previous + rejected.previous)])
        table.add([.text(req.t("reports.requests.rejectionRate")), .share(rejected.current, of: approved.current + rejected.current),
                   .share(rejected.previous, of: approved.previous + rejected.previous)])
        let reasons = try await CurrentAndPrevious<UUID>.read("""
            SELECT d.reason_id AS key, \(scope.currentAndPrevious("d.decided_at")) \(from) AND d.outcome = \(bind: SupportRequestStatus.rejected.rawValue)
            GROUP BY d.reason_id
            """, on: db)
        var why = ReportTableBuilder(id: "rejection-reasons", title: req.t("reports.requests.reasons"), columns: [req.t("reports.reason")] + columns)
        for (reason, counts) in reasons.sorted(by: { $0.value.current > $1.value.current }) {
            let filter = [("decided", SupportRequestStatus.rejected.rawValue)] + (reason.map { [("reason", $0.uuidString)] } ?? [])
            why.add([.text(reason.flatMap { names.reasons[$0] } ?? "—"), .number(counts.current), .number(counts.previous)],
                    links: [nil, listLink(filter), listLink(filter, period: scope.previous)])
        }
        return [table.build(), why.build()]
    }

    /// Requests sent back to her for what was missing, and withdrawn, in the period (each request once per status).
    private func returnedAndWithdrawn() async throws -> ReportLinkedTable {
        let moves: [SupportRequestStatus] = [.returnedToApplicant, .withdrawn]
        let conditions = scope.bothPeriods("t.at") + scope.reach("r.branch_id")
            + ["t.to_status IN (\(SQLQueryString.list(moves.map(\.rawValue))))"]
        func distinct(_ range: ReportPeriod) -> SQLQueryString { "COUNT(DISTINCT CASE WHEN \(scope.within("t.at", range)) THEN t.request_id END)" }
        let rows = try await CurrentAndPrevious<String>.read("""
            SELECT t.to_status AS key, \(distinct(scope.period)) AS cur, \(distinct(scope.previous)) AS prev
            FROM request_transitions t JOIN support_requests r ON r.id = t.request_id\(SQLQueryString.whereClause(conditions)) GROUP BY t.to_status
            """, on: db)
        var table = ReportTableBuilder(id: "returned-withdrawn", title: req.t("reports.requests.returned"), columns: [""] + columns)
        for status in moves {
            let counts = rows[status.rawValue] ?? (0, 0)
            table.add([.text(req.t(status.localizationKey)), .number(counts.current), .number(counts.previous)],
                      links: [nil, listLink([("moved", status.rawValue)]), listLink([("moved", status.rawValue)], period: scope.previous)])
        }
        return table.build()
    }

    private struct Decided: Decodable { let submitted_at: Date?; let expected_decision_at: Date?; let decided_at: Date }

    /// Days from submission to decision (median and 90th percentile, nearest rank) and the share decided by the
    /// announced expected date ([P-22]). Only the three dates of the two periods' decisions are read.
    private func decisionTimes() async throws -> ReportLinkedTable {
        let conditions = scope.bothPeriods("d.decided_at") + scope.reach("r.branch_id")
        let rows = try await db.sql.raw("""
            SELECT r.submitted_at, r.expected_decision_at, d.decided_at FROM request_decisions d JOIN support_requests r ON r.id = d.request_id
            \(SQLQueryString.whereClause(conditions))
            """).all(decoding: Decided.self)
        func figures(_ range: ReportPeriod) -> (count: Int, median: Int?, p90: Int?, onTime: ReportTable.Cell) {
            let inRange = rows.filter { range.contains($0.decided_at) }
            let days = inRange.compactMap { row in row.submitted_at.map { ReportDays.between($0, row.decided_at) } }.sorted()
            let onTime = inRange.filter { row in row.expected_decision_at.map { row.decided_at <= $0 } ?? false }.count
            return (inRange.count, ReportDays.percentile(days, 0.5), ReportDays.percentile(days, 0.9), .share(onTime, of: inRange.count))
        }
        let now = figures(scope.period), before = figures(scope.previous)
        func days(_ value: Int?) -> ReportTable.Cell { value.map { .number($0) } ?? .empty }
        var table = ReportTableBuilder(id: "decision-time", title: req.t("reports.requests.decisionTime"), columns: [""] + columns)
        table.add([.text(req.t("reports.requests.decided")), .number(now.count), .number(before.count)])
        table.add([.text(req.t("reports.medianDays")), days(now.median), days(before.median)])
        table.add([.text(req.t("reports.p90Days")), days(now.p90), days(before.p90)])
        table.add([.text(req.t("reports.requests.byExpectedDate")), now.onTime, before.onTime])
        return table.build(note: req.t("reports.daysNote"))
    }

    private struct Delivered: Decodable { let decided_at: Date; let first_on: String?; let final_on: String? }

    /// Days from approval to the first and the final delivery, for the approvals of the period.
    private func deliveryTimes() async throws -> ReportLinkedTable {
        let conditions = scope.bothPeriods("d.decided_at") + scope.reach("r.branch_id") + ["d.outcome = \(bind: SupportRequestStatus.approved.rawValue)"]
        let rows = try await db.sql.raw("""
            SELECT d.decided_at, MIN(s.delivered_on) AS first_on, MAX(CASE WHEN s.is_final = \(bind: true) THEN s.delivered_on END) AS final_on
            FROM request_decisions d JOIN support_requests r ON r.id = d.request_id LEFT JOIN service_deliveries s ON s.request_id = d.request_id
            \(SQLQueryString.whereClause(conditions)) GROUP BY d.request_id, d.decided_at
            """).all(decoding: Delivered.self)
        func figures(_ range: ReportPeriod) -> [ReportTable.Cell] {
            let approvals = rows.filter { range.contains($0.decided_at) }
            let first = approvals.compactMap { row in row.first_on.flatMap(CalendarDay.init(stored:)).map { ReportDays.between(row.decided_at, $0) } }.sorted()
            let final = approvals.compactMap { row in row.final_on.flatMap(CalendarDay.init(stored:)).map { ReportDays.between(row.decided_at, $0) } }.sorted()
            return [.number(approvals.count), .number(first.count), .number(final.count),
                    ReportDays.percentile(first, 0.5).map { .number($0) } ?? .empty, ReportDays.percentile(final, 0.5).map { .number($0) } ?? .empty]
        }
        let now = figures(scope.period), before = figures(scope.previous)
        let labels = ["reports.requests.approvals", "reports.requests.firstDelivered", "reports.requests.finalDelivered",
                      "reports.requests.daysToFirst", "reports.requests.daysToFinal"]
        var table = ReportTableBuilder(id: "delivery-time", title: req.t("reports.requests.deliveryTime"), columns: [""] + columns)
        for (index, label) in labels.enumerated() { table.add([.text(req.t(label)), now[index], before[index]]) }
        return table.build(note: req.t("reports.daysNote"))
    }

    /// Requests waiting for a decision past their expected date now (not tied to the period), oldest first.
    private func overdue() async throws -> ReportLinkedTable {
        var filter = RequestRow.Filter(overdueAt: req.now)
        filter.branch = scope.branch
        let (rows, total) = try await RequestRow.page(filter, order: .expectedThenOldest, limit: 20, req: req)
        var table = ReportTableBuilder(id: "overdue", title: req.t("reports.requests.overdue", String(total)),
                                 columns: [req.t("request.tracking"), req.t("request.field.supportType"), req.t("request.status"),
                                           req.t("request.expected"), req.t("reports.elapsed")])
        for row in rows {
            table.add([.text(row.tracking), .text(row.supportType), .text(row.status), .text(row.expected), .text(row.elapsed)],
                      links: ["/requests/\(row.id)"])
        }
        var all = URLComponents()
        all.path = "/requests"
        all.queryItems = [URLQueryItem(name: "overdue", value: "1")] + (scope.branch.map { [URLQueryItem(name: "branch", value: $0.uuidString)] } ?? [])
        if total > rows.count {
            table.add([.text(req.t("reports.requests.allOverdue", String(total))), .empty, .empty, .empty, .empty], links: [all.string])
        }
        return table.build()
    }
}

/// The names of the catalogs a report groups by, in the page's language.
struct ReportCatalogNames {
    var types: [UUID: String] = [:], branches: [UUID: String] = [:], categories: [UUID: String] = [:], reasons: [UUID: String] = [:]

    static func load(_ req: Request) async throws -> ReportCatalogNames {
        let language = req.language
        var names = ReportCatalogNames()
        for type in try await SupportType.query(on: req.db).all() { names.types[try type.requireID()] = type.name(in: language) }
        for branch in try await Branch.query(on: req.db).all() { names.branches[try branch.requireID()] = branch.name(in: language) }
        for category in try await BeneficiaryCategory.query(on: req.db).all() { names.categories[try category.requireID()] = category.name(in: language) }
        for reason in try await RejectionReason.query(on: req.db).all() { names.reasons[try reason.requireID()] = reason.name(in: language) }
        return names
    }
}

/// Whole Riyadh calendar days between two moments or days, and nearest-rank percentiles of them.
enum ReportDays {
    static func between(_ start: Date, _ end: Date) -> Int {
        between(CalendarDay.today(start), CalendarDay.today(end))
    }

    static func between(_ start: Date, _ end: CalendarDay) -> Int { between(CalendarDay.today(start), end) }

    static func between(_ start: CalendarDay, _ end: CalendarDay) -> Int {
        Int((WorkingCalendar.startOfDay(end).timeIntervalSince(WorkingCalendar.startOfDay(start)) / 86_400).rounded())
    }

    /// The nearest-rank percentile of sorted values: the value at rank ⌈p·n⌉; nil for none.
    static func percentile(_ sorted: [Int], _ p: Double) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
