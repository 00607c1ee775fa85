import Foundation
import LamasatCore
import SQLKit

/// The last six months (this one included) as half-open Riyadh-time ranges, and the SQL that counts rows into them
/// in one pass: `sum(CASE WHEN column in month i …)` per month, so a trend costs no statement of its own.
struct MonthBuckets {
    static let count = 6
    /// count + 1 boundaries: the first moment of the month five months ago … the first moment of next month.
    let starts: [Date]
    let labels: [String]

    init(now: Date) {
        starts = (-(Self.count - 1)...1).map { RiyadhMonths.start($0, from: now) }
        labels = starts.dropLast().map { RiyadhMonths.key($0) }
    }

    /// The months' first days as day numbers, for the month rows of kept counts.
    var firstDays: [Int] { starts.dropLast().map { ReportPeriod.dayNumber($0) } }

    var thisMonth: Date { starts[Self.count - 1] }
    var lastMonth: Date { starts[Self.count - 2] }

    /// `, coalesce(sum(CASE WHEN column >= start AND column < end [AND condition] THEN 1 ELSE 0 END), 0) AS name0` … name5.
    func sums(_ column: String, as name: String, when condition: SQLQueryString? = nil) -> SQLQueryString {
        var sql = SQLQueryString("")
        for index in 0..<Self.count {
            sql.appendInterpolation(unsafeRaw: ", coalesce(sum(CASE WHEN \(column) >= ")
            sql.appendInterpolation(bind: starts[index])
            sql.appendInterpolation(unsafeRaw: " AND \(column) < ")
            sql.appendInterpolation(bind: starts[index + 1])
            if let condition {
                sql.appendInterpolation(unsafeRaw: " AND ")
                sql.appendInterpolation(condition)
            }
            sql.appendInterpolation(unsafeRaw: " THEN 1 ELSE 0 END), 0) AS \(name)\(index)")
        }
        return sql
    }

    /// The six values `sums` named `name0`…`name5` in a result row.
    static func values(_ row: any SQLRow, _ name: String) throws -> [Int] {
        try (0..<count).map { try row.decode(column: "\(name)\($0)", as: Int.self) }
    }

    /// "11/26"-style labels for the bars' titles.
    var shortLabels: [String] { labels.map { String($0.suffix(2)) + "/" + String($0.prefix(4).suffix(2)) } }

    func sparkline(_ values: [Int?], maximum: Int? = nil) -> Sparkline {
        Sparkline(series: zip(shortLabels, values).map { (label: $0, value: $1) }, maximum: maximum)
    }
}
