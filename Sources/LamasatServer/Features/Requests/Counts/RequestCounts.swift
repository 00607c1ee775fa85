import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Counts of requests kept as events happen (issue 15), so a year's requests report reads a few thousand summary
/// rows instead of every request, transition and decision of the year.
///
/// One definition serves both ways of keeping them: a request's `Facts` give its `contributions` to the counts. An
/// action on a request writes the difference between its contributions after and before (`tracking`), in the
/// action's own transaction; `rebuild` recomputes every count from the records (the migration that adds the table,
/// data written straight into the tables by `demo` and `bench-data`). A test checks that both ways agree.
enum RequestCounts {
    static let table = "request_counts"

    /// What a row counts. Cohort measures are keyed by the day the request was submitted; decision measures by the
    /// day of the decision.
    enum Measure: String, CaseIterable, Sendable {
        /// Cohort: submitted (item ""), its status now, support type, intake channel, her file's category, and each
        /// stage it has reached.
        case submitted, status, type, channel, category, reached
        /// Decisions: outcome, rejection reason ("" for none), whole days from submission, decided by the expected
        /// date (item ""); for approvals, whole days to the first and to the final delivery.
        case outcome, reason, decisionDays, onTime, firstDelivery, finalDelivery
        /// Decided after the expected date (item ""), keyed by the expected date's day.
        case decidedLate
    }

    /// A row counts one day, or (`month`) the whole Gregorian month starting on `day`: a year's report reads twelve
    /// month rows per measure and only the days of partial months.
    struct Key: Hashable, Comparable, Sendable {
        var month = false
        let day: Int, branch: UUID, measure: Measure, item: String

        static func < (a: Key, b: Key) -> Bool {
            (a.month ? 1 : 0, a.day, a.branch.uuidString, a.measure.rawValue, a.item) < (b.month ? 1 : 0, b.day, b.branch.uuidString, b.measure.rawValue, b.item)
        }

        /// The month row this day row adds to.
        var inMonth: Key { Key(month: true, day: ReportPeriod.monthStart(ofDay: day), branch: branch, measure: measure, item: item) }
    }

    /// Day rows with the month rows they add up to.
    static func withMonths(_ counts: [Key: Int]) -> [Key: Int] {
        var all = counts
        for (key, count) in counts { all[key.inMonth, default: 0] += count }
        return all
    }

    /// What the counts need to know of one submitted request.
    struct Facts: Equatable, Sendable {
        var branch: UUID, status: String, type: UUID, channel: String, category: UUID
        var submittedAt: Date, expectedAt: Date?
        /// Every status it has had, whatever it went back to since.
        var reached: Set<String>
        var outcome: String?, reason: UUID?, decidedAt: Date?
        /// Days as stored ("2026-11-30").
        var firstDelivery: String?, finalDelivery: String?

        func contributions() -> [Key: Int] {
            var counts: [Key: Int] = [:]
            let submitted = ReportPeriod.dayNumber(submittedAt)
            func add(_ day: Int, _ measure: Measure, _ item: String) { counts[Key(day: day, branch: branch, measure: measure, item: item), default: 0] += 1 }
            add(submitted, .submitted, "")
            add(submitted, .status, status)
            add(submitted, .type, type.uuidString)
            add(submitted, .channel, channel)
            add(submitted, .category, category.uuidString)
            for stage in reached { add(submitted, .reached, stage) }
            guard let outcome, let decidedAt else { return counts }
            let decided = ReportPeriod.dayNumber(decidedAt)
            add(decided, .outcome, outcome)
            if outcome == SupportRequestStatus.rejected.rawValue { add(decided, .reason, reason?.uuidString ?? "") }
            add(decided, .decisionDays, String(decided - submitted))
            if let expectedAt { decidedAt <= expectedAt ? add(decided, .onTime, "") : add(ReportPeriod.dayNumber(expectedAt), .decidedLate, "") }
            guard outcome == SupportRequestStatus.approved.rawValue else { return counts }
            for (measure, stored) in [(Measure.firstDelivery, firstDelivery), (.finalDelivery, finalDelivery)] {
                if let day = stored.flatMap(CalendarDay.init(stored:)) { add(decided, measure, String(ReportPeriod.dayNumber(day) - decided)) }
            }
            return counts
        }
    }

    /// Which requests an action may change: one, or every request of one file (an edit of her file).
    enum Scope: Sendable {
        case request(UUID), file(UUID)
        /// Submitted in `[from, to)`: the rebuild's slices.
        case submitted(from: Date, to: Date)
        fileprivate var condition: SQLQueryString {
            switch self {
            case .request(let id): " AND r.id = \(bind: id)"
            case .file(let id): " AND r.beneficiary_id = \(bind: id)"
            case .submitted(let from, let to): " AND r.submitted_at >= \(bind: from) AND r.submitted_at < \(bind: to)"
            }
        }
    }

    /// Runs `work` (which may change the requests of `scope` in any way) and writes the change of their counts, on
    /// `db` (the caller's transaction).
    static func tracking<T: Sendable>(_ scope: Scope, on db: any Database, _ work: () async throws -> T) async throws -> T {
        // Her file's row is written first: on SQLite the transaction takes the write lock before it reads (a read
        // first could not be upgraded once another connection committed), and on PostgreSQL every change to her
        // requests or her file waits here, so "before" is what the change really starts from.
        let file: SQLQueryString = switch scope {
        case .request(let id): "(SELECT beneficiary_id FROM support_requests WHERE id = \(bind: id))"
        case .file(let id): "\(bind: id)"
        case .submitted: "NULL"
        }
        try await db.sql.raw("UPDATE beneficiaries SET updated_at = updated_at WHERE id = \(file)").run()
        let before = try await load(scope, on: db)
        let result = try await work()
        let after = try await load(scope, on: db)
        guard before != after else { return result }
        var delta: [Key: Int] = [:]
        for facts in after.values { for (key, count) in facts.contributions() { delta[key, default: 0] += count } }
        for facts in before.values { for (key, count) in facts.contributions() { delta[key, default: 0] -= count } }
        try await add(withMonths(delta.filter { $0.value != 0 }).filter { $0.value != 0 }, on: db)
        return result
    }

    /// Every count recomputed from the records; the table's rows are replaced.
    /// In one transaction that holds the counts still: actions on requests meanwhile wait for it, so none of their
    /// changes is counted twice or lost.
    static func rebuild(on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await holdStill(on: db)
            let totals = try await recomputed(on: db)
            try await db.sql.raw("DELETE FROM request_counts").run()
            let rows = totals.sorted { $0.key < $1.key }
            // Six binds a row: 400 rows stay far under SQLite's and PostgreSQL's bind limits.
            for start in stride(from: 0, to: rows.count, by: 400) {
                try await insert(rows[start..<min(start + 400, rows.count)], on: db)
            }
        }
    }

    /// Keeps actions on requests from changing the counts until the caller's transaction ends: PostgreSQL locks the
    /// table against writers; SQLite takes its one write lock.
    private static func holdStill(on db: any Database) async throws {
        if db.isPostgres {
            try await db.sql.raw("LOCK TABLE request_counts IN SHARE ROW EXCLUSIVE MODE").run()
        } else {
            try await db.sql.raw("UPDATE request_counts SET total = total WHERE grain < 0").run()
        }
    }

    /// How many rows differ between the kept counts and the counts recomputed from the records (0: they agree).
    static func differences(on db: any Database) async throws -> Int {
        try await db.writeTransaction { db in
            try await holdStill(on: db)
            return try await differencesHeldStill(on: db)
        }
    }

    private static func differencesHeldStill(on db: any Database) async throws -> Int {
        struct Row: Decodable { let grain: Int; let day: Int; let branch_id: UUID; let measure: String; let item: String; let total: Int }
        var kept: [Key: Int] = [:]
        for row in try await db.sql.raw("SELECT grain, day, branch_id, measure, item, total FROM request_counts").all(decoding: Row.self)
        where row.total != 0 {
            guard let measure = Measure(rawValue: row.measure) else { continue }
            kept[Key(month: row.grain == 1, day: row.day, branch: row.branch_id, measure: measure, item: row.item)] = row.total
        }
        let fresh = try await recomputed(on: db)
        return Set(kept.keys).union(fresh.keys).filter { kept[$0] != fresh[$0] }.count
    }

    /// Day and month rows worked out from the records.
    private static func recomputed(on db: any Database) async throws -> [Key: Int] {
        var totals: [Key: Int] = [:]
        struct Span: Decodable { let first: Date?; let last: Date? }
        let span = try await db.sql.raw("SELECT MIN(submitted_at) AS first, MAX(submitted_at) AS last FROM support_requests").first(decoding: Span.self)
        // Thirty days of requests at a time, so memory holds one slice's facts and the totals, not every request.
        if let first = span?.first, let last = span?.last {
            var from = first
            while from <= last {
                let to = from.addingTimeInterval(30 * 86_400)
                for facts in try await load(.submitted(from: from, to: to), on: db).values {
                    for (key, count) in facts.contributions() { totals[key, default: 0] += count }
                }
                from = to
            }
        }
        return withMonths(totals).filter { $0.value != 0 }
    }

    /// Month rows of `measures` for the Gregorian months starting on `months`, within the branch rule `reach` (on
    /// `branch_id`): measure → the month's first day → total.
    static func monthly(_ measures: [Measure], months: [Int], reach: SQLQueryString?, on db: any Database) async throws -> [Measure: [Int: Int]] {
        struct Row: Decodable { let measure: String; let day: Int; let total: Int }
        guard let first = months.min(), let last = months.max() else { return [:] }
        let conditions: [SQLQueryString] = ["grain = 1", "day >= \(bind: first)", "day <= \(bind: last)",
                                            "measure IN (\(SQLQueryString.list(measures.map(\.rawValue))))"] + [reach].compactMap { $0 }
        var result: [Measure: [Int: Int]] = [:]
        for row in try await db.sql.raw("""
            SELECT measure, day, CAST(SUM(total) AS BIGINT) AS total FROM request_counts\(SQLQueryString.whereClause(conditions)) GROUP BY measure, day
            """).all(decoding: Row.self) {
            if let measure = Measure(rawValue: row.measure) { result[measure, default: [:]][row.day] = row.total }
        }
        return result
    }

    static func facts(of id: UUID, on db: any Database) async throws -> Facts? {
        try await load(.request(id), on: db)[id]
    }

    // MARK: - Reading and writing

    /// Adds each delta to its row, creating the row at the first count. Rows are written in key order, so two
    /// transactions on PostgreSQL lock shared rows in the same order.
    private static func add(_ delta: [Key: Int], on db: any Database) async throws {
        guard !delta.isEmpty else { return }
        try await insert(delta.sorted { $0.key < $1.key }[...], on: db)
    }

    private static func insert(_ rows: ArraySlice<(key: Key, value: Int)>, on db: any Database) async throws {
        let values = rows.map { row in
            SQLGroupExpression([SQLBind(row.key.month ? 1 : 0), SQLBind(row.key.day), SQLBind(row.key.branch), SQLBind(row.key.measure.rawValue),
                                SQLBind(row.key.item), SQLBind(row.value)] as [any SQLExpression])
        }
        try await db.sql.raw("""
            INSERT INTO request_counts (grain, day, branch_id, measure, item, total) VALUES \(SQLList(values))
            ON CONFLICT (grain, day, branch_id, measure, item) DO UPDATE SET total = request_counts.total + excluded.total
            """).run()
    }

    private struct Row: Decodable {
        let id: UUID, branch_id: UUID, status: String, support_type_id: UUID, channel: String, category_id: UUID
        let submitted_at: Date, expected_decision_at: Date?, reached: Int?
        let outcome: String?, reason_id: UUID?, decided_at: Date?, first_on: String?, final_on: String?
    }

    /// Each status as one bit, so the statuses a request has had come back as one number (`SUM(DISTINCT …)`).
    private static let bits: [(String, Int)] = SupportRequestStatus.allCases.enumerated().map { ($1.rawValue, 1 << $0) }

    /// The facts of the submitted requests in `scope`: one row each, in one query.
    private static func load(_ scope: Scope, on db: any Database) async throws -> [UUID: Facts] {
        let bit = SQLQueryString(bits.map { "WHEN '\($0.0)' THEN \($0.1)" }.joined(separator: " "))
        let only = scope.condition
        let rows = try await db.sql.raw("""
            SELECT r.id, r.branch_id, r.status, r.support_type_id, r.channel, b.category_id, r.submitted_at, r.expected_decision_at,
              (SELECT SUM(DISTINCT CASE t.to_status \(bit) END) FROM request_transitions t WHERE t.request_id = r.id) AS reached,
              d.outcome, d.reason_id, d.decided_at,
              (SELECT MIN(s.delivered_on) FROM service_deliveries s WHERE s.request_id = r.id) AS first_on,
              (SELECT MAX(s.delivered_on) FROM service_deliveries s WHERE s.request_id = r.id AND s.is_final = \(bind: true)) AS final_on
            FROM support_requests r JOIN beneficiaries b ON b.id = r.beneficiary_id LEFT JOIN request_decisions d ON d.request_id = r.id
            WHERE r.submitted_at IS NOT NULL\(only)
            """).all(decoding: Row.self)
        var facts: [UUID: Facts] = [:]
        for row in rows {
            let mask = row.reached ?? 0
            facts[row.id] = Facts(branch: row.branch_id, status: row.status, type: row.support_type_id, channel: row.channel,
                                  category: row.category_id, submittedAt: row.submitted_at, expectedAt: row.expected_decision_at,
                                  reached: Set(bits.filter { mask & $0.1 != 0 }.map(\.0)), outcome: row.outcome, reason: row.reason_id,
                                  decidedAt: row.decided_at, firstDelivery: row.first_on, finalDelivery: row.final_on)
        }
        return facts
    }
}
