import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The people-served report: the beneficiaries who received a delivery in the period, once each, first time (no
/// delivery before the period) or returning, with their household members, by category, city, age band and household
/// size; and the files registered, suspended and closed in the period.
struct PeopleFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    /// The requests behind "served in the period": those with a delivery in it. The list shows requests, so a woman
    /// served on two requests is on it twice; her household members are the households of those requests.
    static let served = [("delivered", "1")]

    func tables() async throws -> [ReportLinkedTable] {
        var tables = [try await totals()]
        let categories = try await ReportCatalogNames.load(req).categories
        tables.append(try await grouped(id: "by-category", title: req.t("beneficiary.field.category"), key: "b.category_id", as: UUID.self,
                                        name: { categories[$0] ?? "—" }, list: { [("category", $0.uuidString)] + Self.served }))
        tables.append(try await grouped(id: "by-city", title: req.t("reports.people.city"), key: "b.address_city", as: String.self,
                                        // No city, or one the list cannot filter by: no list to stand behind it.
                                        name: { $0.isEmpty ? "—" : $0 }, list: { $0.isEmpty || $0.count > 100 ? [] : [("city", $0)] + Self.served }))
        tables.append(try await grouped(id: "by-age", title: req.t("reports.people.age"), key: ServedFile.ageBand(on: scope.period.last), as: String.self,
                                        name: { req.t("reports.people.age.\($0)") }, list: { [("age", $0)] + Self.served }))
        tables.append(try await grouped(id: "by-household", title: req.t("reports.people.household"), key: ServedFile.householdBand, as: String.self,
                                        name: { req.t("reports.people.household.\($0)") }, list: { [("household", $0)] + Self.served }))
        tables.append(try await files())
        return tables
    }

    /// One row per beneficiary served in `range`: the grouping key, her household members, and whether she had
    /// received anything before the range.
    private func served(_ range: ReportPeriod, key: SQLQueryString) -> SQLQueryString {
        let reach = scope.reach("r.branch_id").map { " AND \($0)" as SQLQueryString }.joined()
        return """
            SELECT \(key) AS key, \(ServedFile.members) AS members, CASE WHEN \(ServedFile.servedBefore(range)) THEN 1 ELSE 0 END AS again
            FROM beneficiaries b WHERE b.id IN (
                SELECT s.beneficiary_id FROM service_deliveries s JOIN support_requests r ON r.id = s.request_id
                WHERE \(ServiceFigures.deliveredWithin(range))\(reach))
            """
    }

    private struct Served<Key: Decodable>: Decodable { let key: Key?; let first_time: Int?; let again: Int?; let members: Int? }

    /// Text keys are cast (a CASE of literals has no type on PostgreSQL); a record id is read as it is stored.
    private func read<Key: Decodable>(_ range: ReportPeriod, key: SQLQueryString, as _: Key.Type) async throws -> [Served<Key>] {
        let selected: SQLQueryString = Key.self == String.self ? "CAST(x.key AS TEXT)" : "x.key"
        return try await db.sql.raw("""
            SELECT \(selected) AS key, CAST(SUM(1 - x.again) AS BIGINT) AS first_time, CAST(SUM(x.again) AS BIGINT) AS again,
                CAST(SUM(x.members) AS BIGINT) AS members
            FROM (\(served(range, key: key))) x GROUP BY x.key
            """).all(decoding: Served.self)
    }

    private var headers: [String] {
        [req.t("reports.people.firstTime"), req.t("reports.people.returning"), req.t("reports.people.beneficiaries"), req.t("reports.people.members")]
    }

    private func totals() async throws -> ReportLinkedTable {
        let key: SQLQueryString = "'all'"
        let now = try await read(scope.period, key: key, as: String.self).first, before = try await read(scope.previous, key: key, as: String.self).first
        var table = ReportTableBuilder(id: "served", title: req.t("reports.people.served"),
                                 columns: [""] + [scope.period, scope.previous].map { $0.title(req.language) })
        func row(_ label: String, first: String? = nil, _ value: (Served<String>?) -> Int) {
            let more = Self.served + (first.map { [("first", $0)] } ?? [])
            table.add([.text(req.t(label)), .number(value(now)), .number(value(before))],
                      links: [nil, scope.link("/requests", more), scope.link("/requests", more, period: scope.previous)])
        }
        row("reports.people.beneficiaries") { ($0?.first_time ?? 0) + ($0?.again ?? 0) }
        row("reports.people.firstTime", first: "1") { $0?.first_time ?? 0 }
        row("reports.people.returning", first: "0") { $0?.again ?? 0 }
        row("reports.people.members") { $0?.members ?? 0 }
        row("reports.people.people") { ($0?.first_time ?? 0) + ($0?.again ?? 0) + ($0?.members ?? 0) }
        return table.build(note: req.t("reports.people.note"))
    }

    /// Served in the period by a key; with `list`, each figure of a row links to the requests behind it (first time
    /// and returning narrowed by `first`).
    private func grouped<Key: Decodable>(id: String, title: String, key: SQLQueryString, as type: Key.Type, name: (Key) -> String,
                                         list: ((Key) -> [(String, String)])? = nil) async throws -> ReportLinkedTable {
        let rows = try await read(scope.period, key: key, as: type)
        var table = ReportTableBuilder(id: id, title: req.t("reports.requests.by", title), columns: [title] + headers)
        for row in rows.sorted(by: { ($0.first_time ?? 0) + ($0.again ?? 0) > ($1.first_time ?? 0) + ($1.again ?? 0) }) {
            let first = row.first_time ?? 0, again = row.again ?? 0
            func link(_ more: [(String, String)] = []) -> String? {
                guard let key = row.key, let filters = list?(key), !filters.isEmpty else { return nil }
                return scope.link("/requests", filters + more)
            }
            table.add([.text(row.key.map(name) ?? "—"), .number(first), .number(again), .number(first + again), .number(row.members ?? 0)],
                      links: [nil, link([("first", "1")]), link([("first", "0")]), link(), link()])
        }
        return table.build()
    }

    /// Files registered, suspended and closed in the period: read from the audit trail, where every change of a
    /// file's status is written with its new status, then counted once per file within the reader's branches.
    private func files() async throws -> ReportLinkedTable {
        struct Change: Decodable { let record_id: String?; let action: String; let detail: String?; let occurred_at_ms: Int64 }
        let since = Int64(scope.previous.start.timeIntervalSince1970 * 1000), until = Int64(scope.period.end.timeIntervalSince1970 * 1000)
        let changes = try await db.sql.raw("""
            SELECT record_id, action, detail, occurred_at_ms FROM audit_entries
            WHERE action IN ('beneficiary.status', 'beneficiary.registered') AND outcome = 'success'
            AND occurred_at_ms >= \(bind: since) AND occurred_at_ms < \(bind: until)
            """).all(decoding: Change.self)
        let periodStart = Int64(scope.period.start.timeIntervalSince1970 * 1000)
        var files: [BeneficiaryStatus: (current: Set<UUID>, previous: Set<UUID>)] = [:]
        for change in changes {
            guard let id = change.record_id.flatMap(UUID.init(uuidString:)) else { continue }
            let target: BeneficiaryStatus? = change.action == "beneficiary.registered" ? .registered
                : change.detail.flatMap { $0.split(separator: "→").last }.flatMap { BeneficiaryStatus(rawValue: String($0)) }
            guard let target else { continue }
            if change.occurred_at_ms >= periodStart { files[target, default: ([], [])].current.insert(id) } else { files[target, default: ([], [])].previous.insert(id) }
        }
        let all = files.values.reduce(into: Set<UUID>()) { $0.formUnion($1.current); $0.formUnion($1.previous) }
        let reachable = try await reachableFiles(all)
        let opened = try await CurrentAndPrevious<String>.read("""
            SELECT NULL AS key, \(scope.currentAndPrevious("b.created_at")) FROM beneficiaries b
            \(SQLQueryString.whereClause(scope.bothPeriods("b.created_at") + scope.reach("b.branch_id")))
            """, on: db)[nil] ?? (0, 0)
        var table = ReportTableBuilder(id: "files", title: req.t("reports.people.files"),
                                 columns: [""] + [scope.period, scope.previous].map { $0.title(req.language) })
        // Each figure opens the files list with the same rule (FileChange), within the reader's branches.
        func lists(_ more: (String, String)) -> [String?] {
            [nil, scope.link("/beneficiaries", [more]), scope.link("/beneficiaries", [more], period: scope.previous)]
        }
        table.add([.text(req.t("reports.people.opened")), .number(opened.current), .number(opened.previous)], links: lists(("opened", "1")))
        for status in [BeneficiaryStatus.registered, .suspended, .closed] {
            let counts = files[status] ?? ([], [])
            table.add([.text(req.t(status.localizationKey)), .number(counts.current.intersection(reachable).count),
                       .number(counts.previous.intersection(reachable).count)], links: lists(("became", status.rawValue)))
        }
        return table.build(note: req.t("reports.people.filesNote"))
    }

    /// Which of these files are in the reader's branches (and the chosen one), asked in slices of bound ids.
    private func reachableFiles(_ ids: Set<UUID>) async throws -> Set<UUID> {
        struct Row: Decodable { let id: UUID }
        var result = Set<UUID>()
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 500) {
            let slice = all[start..<min(all.count, start + 500)]
            var list = SQLQueryString("")
            for (index, id) in slice.enumerated() {
                if index > 0 { list.appendInterpolation(unsafeRaw: ", ") }
                list.appendInterpolation(bind: id)
            }
            let conditions: [SQLQueryString] = ["b.id IN (\(list))"] + scope.reach("b.branch_id")
            for row in try await db.sql.raw("SELECT b.id FROM beneficiaries b\(SQLQueryString.whereClause(conditions))").all(decoding: Row.self) {
                result.insert(row.id)
            }
        }
        return result
    }
}
