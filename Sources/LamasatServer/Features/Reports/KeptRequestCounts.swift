import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The kept request counts (`RequestCounts`) of a report's period and the one before, within the reader's branch
/// scope: one query over the month rows of the two periods' whole months and the day rows of the rest.
struct KeptRequestCounts {
    typealias Pair = (current: Int, previous: Int)
    private var values: [RequestCounts.Measure: [String: Pair]] = [:]
    private var perBranch: [RequestCounts.Measure: [UUID: Pair]] = [:]

    static func read(_ scope: ReportScope, on db: any Database) async throws -> KeptRequestCounts {
        struct Row: Decodable { let measure: String; let item: String; let branch_id: UUID; let cur: Int; let total: Int }
        // Each period is its whole Gregorian months' rows and the day rows before and after them.
        var parts: [SQLQueryString] = []
        func part(_ cur: Int, month: Bool, _ from: Int, _ to: Int) {
            guard from < to else { return }
            let conditions: [SQLQueryString] = ["grain = \(bind: month ? 1 : 0)", "day >= \(bind: from)", "day < \(bind: to)"] + scope.reach("branch_id")
            parts.append("SELECT measure, item, branch_id, \(unsafeRaw: String(cur)) AS cur, total FROM request_counts\(SQLQueryString.whereClause(conditions))")
        }
        for (period, cur) in [(scope.period, 1), (scope.previous, 0)] {
            let cover = period.monthCover
            part(cur, month: false, cover.head.lowerBound, cover.head.upperBound)
            if let first = cover.monthStarts.first, let last = cover.monthStarts.last { part(cur, month: true, first, last + 1) }
            part(cur, month: false, cover.tail.lowerBound, cover.tail.upperBound)
        }
        var union = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            if index > 0 { union.appendInterpolation(unsafeRaw: " UNION ALL ") }
            union.appendInterpolation(part)
        }
        let rows = try await db.sql.raw("""
            SELECT measure, item, branch_id, cur, CAST(SUM(total) AS BIGINT) AS total FROM (\(union)) kept GROUP BY 1, 2, 3, 4
            """).all(decoding: Row.self)
        var counts = KeptRequestCounts()
        for row in rows {
            guard let measure = RequestCounts.Measure(rawValue: row.measure) else { continue }
            func added(_ old: Pair?) -> Pair {
                let old = old ?? (0, 0)
                return row.cur == 1 ? (old.current + row.total, old.previous) : (old.current, old.previous + row.total)
            }
            counts.values[measure, default: [:]][row.item] = added(counts.values[measure]?[row.item])
            counts.perBranch[measure, default: [:]][row.branch_id] = added(counts.perBranch[measure]?[row.branch_id])
        }
        return counts
    }

    subscript(_ measure: RequestCounts.Measure, _ item: String = "") -> Pair { values[measure]?[item] ?? (0, 0) }

    /// Every item of a measure with its counts.
    func items(_ measure: RequestCounts.Measure) -> [String: Pair] { values[measure] ?? [:] }

    /// A measure's counts summed by branch.
    func byBranch(_ measure: RequestCounts.Measure) -> [UUID: Pair] { perBranch[measure] ?? [:] }

    /// A measure whose items are whole days, as a histogram of each period: days → how many.
    func days(_ measure: RequestCounts.Measure) -> (current: [Int: Int], previous: [Int: Int]) {
        var current: [Int: Int] = [:], previous: [Int: Int] = [:]
        for (item, pair) in items(measure) {
            guard let days = Int(item) else { continue }
            if pair.current != 0 { current[days] = pair.current }
            if pair.previous != 0 { previous[days] = pair.previous }
        }
        return (current, previous)
    }
}
