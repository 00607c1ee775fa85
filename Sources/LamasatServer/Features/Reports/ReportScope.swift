import Fluent
import LamasatCore
import SQLKit
import Vapor

/// What every report reads from its address: the period (and the one before it, for comparison), the branch chosen
/// by a reader who reaches several, and the reader's own branch rule. It writes the SQL conditions for both rules so
/// no report can forget one.
struct ReportScope {
    let staff: StaffContext
    let period: ReportPeriod
    /// Why the asked-for period was not used (shown on the page); nil when it was.
    let problem: ReportPeriod.Problem?
    /// A branch chosen in the filter; only for readers who reach every branch.
    let branch: UUID?
    let branches: [Branch]

    var previous: ReportPeriod { period.previous }

    init(_ req: Request) async throws {
        staff = try req.requireStaff()
        (period, problem) = ReportPeriod.requested(period: req.query[String.self, at: "period"], from: req.query[String.self, at: "from"],
                                                   to: req.query[String.self, at: "to"], now: req.now)
        if staff.ownBranchOnly == nil {
            branches = try await Branch.query(on: req.db).sort(\.$code).all()
            let chosen = UUID(uuidString: req.query[String.self, at: "branch"] ?? "")
            branch = branches.contains { $0.id == chosen } ? chosen : nil
        } else {
            branches = []
            branch = nil
        }
    }

    /// The branch rules for a branch column: hers, and the filter's.
    func reach(_ column: String) -> [SQLQueryString] {
        var conditions = [staff.reachCondition(column)].compactMap { $0 }
        if let branch { conditions.append("\(unsafeRaw: column) = \(bind: branch)") }
        return conditions
    }

    /// `column` within the period or the one before (they touch, so one range covers both).
    func bothPeriods(_ column: String) -> [SQLQueryString] {
        ["\(unsafeRaw: column) >= \(bind: previous.start)", "\(unsafeRaw: column) < \(bind: period.end)"]
    }

    func within(_ column: String, _ range: ReportPeriod) -> SQLQueryString {
        "\(unsafeRaw: column) >= \(bind: range.start) AND \(unsafeRaw: column) < \(bind: range.end)"
    }

    /// `SUM(CASE WHEN <column in period> THEN value ELSE 0 END) AS cur` and the same for the period before `AS prev`.
    func currentAndPrevious(_ column: String, value: String = "1") -> SQLQueryString {
        """
            CAST(SUM(CASE WHEN \(within(column, period)) THEN \(unsafeRaw: value) ELSE 0 END) AS BIGINT) AS cur, \
            CAST(SUM(CASE WHEN \(within(column, previous)) THEN \(unsafeRaw: value) ELSE 0 END) AS BIGINT) AS prev
            """
    }

    /// The address parameters that keep this period and branch on a link.
    func query(_ chosen: ReportPeriod? = nil) -> [(String, String)] {
        [("period", (chosen ?? period).token)] + (branch.map { [("branch", $0.uuidString)] } ?? [])
    }

    /// A link keeping the period (or another one) and the branch.
    func link(_ path: String, _ more: [(String, String)] = [], period chosen: ReportPeriod? = nil) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = (query(chosen) + more).map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }
}

/// A count or sum in the period and in the one before, by a key.
struct CurrentAndPrevious<Key: Decodable & Hashable>: Decodable {
    let key: Key?
    let cur: Int?
    let prev: Int?

    static func read(_ sql: SQLQueryString, on db: any Database) async throws -> [Key?: (current: Int, previous: Int)] {
        var result: [Key?: (current: Int, previous: Int)] = [:]
        for row in try await db.sql.raw(sql).all(decoding: Self.self) {
            let old = result[row.key] ?? (0, 0)
            result[row.key] = (old.current + (row.cur ?? 0), old.previous + (row.prev ?? 0))
        }
        return result
    }
}
