import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The requests report ([P-16]–[P-24]): what came in and how far it went, decisions and their reasons, how long a
/// decision took against the announced date, and how soon an approval was delivered. The counts, and the day
/// histograms the medians are taken from, come from the counts kept as requests move (`RequestCounts`), read once
/// for the period and the one before; only the overdue list (now, not the period's) is read from the records.
struct RequestFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    /// The stages of the funnel, in order: a request counts at a stage once it has reached it, wherever it is now.
    static let funnel: [SupportRequestStatus] = [.submitted, .verification, .socialResearch, .committeeReview, .approved, .delivered]

    func tables() async throws -> [ReportLinkedTable] {
        let names = try await ReportCatalogNames.load(req)
        let counts = try await KeptRequestCounts.read(scope, on: db)
        var tables = [funnel(counts), byStatus(counts)]
        tables.append(grouped(counts.items(.type).uuidKeyed, id: "by-type", title: req.t("request.field.supportType"), parameter: "type",
                              name: { names.types[$0] ?? "—" }))
        if scope.staff.ownBranchOnly == nil && scope.branch == nil {
            tables.append(grouped(counts.byBranch(.submitted), id: "by-branch", title: req.t("reports.branch"), parameter: "branch",
                                  name: { names.branches[$0] ?? "—" }))
        }
        tables.append(grouped(counts.items(.category).uuidKeyed, id: "by-category", title: req.t("beneficiary.field.category"),
                              parameter: "category", name: { names.categories[$0] ?? "—" }))
        tables.append(byChannel(counts))
        tables += decisions(counts, names)
        tables.append(returnedAndWithdrawn(counts))
        tables.append(try await appeals())
        tables.append(decisionTimes(counts))
        tables.append(deliveryTimes(counts))
        tables.append(try await overdue())
        return tables
    }

    private var columns: [String] { [req.t("reports.thisPeriod", scope.period.title(req.language)), req.t("reports.previousPeriod", scope.previous.title(req.language))] }

    private func listLink(_ more: [(String, String)], period: ReportPeriod? = nil) -> String {
        scope.link("/requests", more, period: period)
    }

    /// A request counts at a stage once it has reached it, wherever it is now.
    private func funnel(_ counts: KeptRequestCounts) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "funnel", title: req.t("reports.requests.funnel"), columns: [req.t("reports.stage")] + columns)
        for stage in Self.funnel {
            let pair = stage == .submitted ? counts[.submitted] : counts[.reached, stage.rawValue]
            let filter = stage == .submitted ? [] : [("reached", stage.rawValue)]
            table.add([.text(req.t(stage.localizationKey)), .number(pair.current), .number(pair.previous)],
                      links: [nil, listLink(filter), listLink(filter, period: scope.previous)])
        }
        return table.build(note: req.t("reports.requests.funnelNote"))
    }

    private func byStatus(_ counts: KeptRequestCounts) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "by-status", title: req.t("reports.requests.byStatus"), columns: [req.t("request.status")] + columns)
        for status in SupportRequestStatus.allCases where status != .draft {
            let pair = counts[.status, status.rawValue]
            guard pair.current > 0 || pair.previous > 0 else { continue }
            table.add([.text(req.t(status.localizationKey)), .number(pair.current), .number(pair.previous)],
                      links: [nil, listLink([("status", status.rawValue)]), listLink([("status", status.rawValue)], period: scope.previous)])
        }
        return table.build()
    }

    private func grouped(_ rows: [UUID: KeptRequestCounts.Pair], id: String, title: String, parameter: String, name: (UUID) -> String) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: id, title: req.t("reports.requests.by", title), columns: [title] + columns)
        for (key, pair) in rows.sorted(by: { ($0.value.current, $0.value.previous, $0.key.uuidString) > ($1.value.current, $1.value.previous, $1.key.uuidString) })
        where pair.current > 0 || pair.previous > 0 {
            let filter = [(parameter, key.uuidString)]
            table.add([.text(name(key)), .number(pair.current), .number(pair.previous)],
                      links: [nil, listLink(filter), listLink(filter, period: scope.previous)])
        }
        return table.build()
    }

    private func byChannel(_ counts: KeptRequestCounts) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "by-channel", title: req.t("reports.requests.by", req.t("request.field.channel")),
                                 columns: [req.t("request.field.channel")] + columns)
        for channel in ContactChannel.allCases {
            let pair = counts[.channel, channel.rawValue]
            table.add([.text(req.t(channel.localizationKey)), .number(pair.current), .number(pair.previous)],
                      links: [nil, listLink([("channel", channel.rawValue)]), listLink([("channel", channel.rawValue)], period: scope.previous)])
        }
        return table.build()
    }

    /// Decisions taken in the period (whenever the request came in), the approval rate, and the rejection reasons.
    private func decisions(_ counts: KeptRequestCounts, _ names: ReportCatalogNames) -> [ReportLinkedTable] {
        let approved = counts[.outcome, SupportRequestStatus.approved.rawValue], rejected = counts[.outcome, SupportRequestStatus.rejected.rawValue]
        var table = ReportTableBuilder(id: "decisions", title: req.t("reports.requests.decisions"), columns: [""] + columns)
        for (status, pair) in [(SupportRequestStatus.approved, approved), (.rejected, rejected)] {
            table.add([.text(req.t(status.localizationKey)), .number(pair.current), .number(pair.previous)],
                      links: [nil, listLink([("decided", status.rawValue)]), listLink([("decided", status.rawValue)], period: scope.previous)])
        }
        table.add([.text(req.t("reports.requests.approvalRate")), .share(approved.current, of: approved.current + rejected.current),
                   .share(approved.previous, of: approved.previous + rejected.previous)])
        table.add([.text(req.t("reports.requests.rejectionRate")), .share(rejected.current, of: approved.current + rejected.current),
                   .share(rejected.previous, of: approved.previous + rejected.previous)])
        var why = ReportTableBuilder(id: "rejection-reasons", title: req.t("reports.requests.reasons"), columns: [req.t("reports.reason")] + columns)
        for (item, pair) in counts.items(.reason).sorted(by: { ($0.value.current, $0.key) > ($1.value.current, $1.key) })
        where pair.current > 0 || pair.previous > 0 {
            let reason = UUID(uuidString: item)
            let filter = [("decided", SupportRequestStatus.rejected.rawValue)] + (reason.map { [("reason", $0.uuidString)] } ?? [])
            why.add([.text(reason.flatMap { names.reasons[$0] } ?? "—"), .number(pair.current), .number(pair.previous)],
                    links: [nil, listLink(filter), listLink(filter, period: scope.previous)])
        }
        return [table.build(), why.build()]
    }

    /// Of the requests submitted in the period, those ever sent back to her for what was missing, those withdrawn and
    /// those cancelled after approval: the same cohort as the funnel, so all read the kept counts.
    private func returnedAndWithdrawn(_ counts: KeptRequestCounts) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "returned-withdrawn", title: req.t("reports.requests.returned"), columns: [""] + columns)
        for status in [SupportRequestStatus.returnedToApplicant, .withdrawn, .cancelled] {
            let pair = counts[.reached, status.rawValue]
            table.add([.text(req.t(status.localizationKey)), .number(pair.current), .number(pair.previous)],
                      links: [nil, listLink([("reached", status.rawValue)]), listLink([("reached", status.rawValue)], period: scope.previous)])
        }
        return table.build(note: req.t("reports.requests.returnedNote"))
    }

    /// Her appeals (issue 20): lodged in each period, and answered in it — accepted (the request approved) or the
    /// rejection kept. Read from the appeals themselves; the first decisions above stay as they were.
    private func appeals() async throws -> ReportLinkedTable {
        struct Row: Decodable { let lodged: Int; let accepted: Int; let refused: Int }
        func read(_ range: ReportPeriod) async throws -> Row {
            let answered = { (status: AppealStatus) -> SQLQueryString in
                "COALESCE(SUM(CASE WHEN a.status = \(bind: status.rawValue) AND a.decided_at IS NOT NULL AND \(scope.within("a.decided_at", range)) THEN 1 ELSE 0 END), 0)"
            }
            return try await db.sql.raw("""
                SELECT COALESCE(SUM(CASE WHEN \(scope.within("a.lodged_at", range)) THEN 1 ELSE 0 END), 0) AS lodged,
                    \(answered(.accepted)) AS accepted, \(answered(.refused)) AS refused
                FROM request_appeals a\(SQLQueryString.whereClause(scope.reach("a.branch_id")))
                """).first(decoding: Row.self) ?? Row(lodged: 0, accepted: 0, refused: 0)
        }
        let (current, previous) = (try await read(scope.period), try await read(scope.previous))
        var table = ReportTableBuilder(id: "appeals", title: req.t("reports.requests.appeals"), columns: [""] + columns)
        table.add([.text(req.t("reports.requests.appealsLodged")), .number(current.lodged), .number(previous.lodged)])
        table.add([.text(req.t("appeal.status.accepted")), .number(current.accepted), .number(previous.accepted)])
        table.add([.text(req.t("appeal.status.refused")), .number(current.refused), .number(previous.refused)])
        return table.build(note: req.t("reports.requests.appealsNote"))
    }

    /// Days from submission to decision (median and 90th percentile, nearest rank) and the share decided by the
    /// announced expected date ([P-22]).
    private func decisionTimes(_ counts: KeptRequestCounts) -> ReportLinkedTable {
        let decided = counts.items(.outcome).values.reduce((current: 0, previous: 0)) { ($0.current + $1.current, $0.previous + $1.previous) }
        let onTime = counts[.onTime], days = counts.days(.decisionDays)
        func cell(_ value: Int?) -> ReportTable.Cell { value.map { .number($0) } ?? .empty }
        var table = ReportTableBuilder(id: "decision-time", title: req.t("reports.requests.decisionTime"), columns: [""] + columns)
        table.add([.text(req.t("reports.requests.decided")), .number(decided.current), .number(decided.previous)])
        table.add([.text(req.t("reports.medianDays")), cell(ReportDays.percentile(days.current, 0.5)), cell(ReportDays.percentile(days.previous, 0.5))])
        table.add([.text(req.t("reports.p90Days")), cell(ReportDays.percentile(days.current, 0.9)), cell(ReportDays.percentile(days.previous, 0.9))])
        table.add([.text(req.t("reports.requests.byExpectedDate")), .share(onTime.current, of: decided.current), .share(onTime.previous, of: decided.previous)])
        return table.build(note: req.t("reports.daysNote"))
    }

    /// Days from approval to the first and the final delivery, for the approvals of the period.
    private func deliveryTimes(_ counts: KeptRequestCounts) -> ReportLinkedTable {
        let approvals = counts[.outcome, SupportRequestStatus.approved.rawValue]
        let first = counts.days(.firstDelivery), final = counts.days(.finalDelivery)
        func figures(_ approvals: Int, _ first: [Int: Int], _ final: [Int: Int]) -> [ReportTable.Cell] {
            [.number(approvals), .number(first.values.reduce(0, +)), .number(final.values.reduce(0, +)),
             ReportDays.percentile(first, 0.5).map { .number($0) } ?? .empty, ReportDays.percentile(final, 0.5).map { .number($0) } ?? .empty]
        }
        let now = figures(approvals.current, first.current, final.current), before = figures(approvals.previous, first.previous, final.previous)
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

extension Dictionary where Key == String {
    /// The entries whose key is a record id, keyed by it.
    var uuidKeyed: [UUID: Value] {
        Dictionary<UUID, Value>(uniqueKeysWithValues: compactMap { key, value in UUID(uuidString: key).map { ($0, value) } })
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

/// Nearest-rank percentiles of the day histograms the kept counts hold (days between two Riyadh days are worked out
/// where the counts are written, `RequestCounts`).
enum ReportDays {
    /// The nearest-rank percentile of a histogram (value → how many): the value at rank ⌈p·n⌉; nil for none.
    static func percentile(_ histogram: [Int: Int], _ p: Double) -> Int? {
        let count = histogram.values.reduce(0, +)
        guard count > 0 else { return nil }
        let rank = max(1, Int((p * Double(count)).rounded(.up)))
        var seen = 0
        for value in histogram.keys.sorted() {
            seen += histogram[value]!
            if seen >= rank { return value }
        }
        return nil
    }
}
