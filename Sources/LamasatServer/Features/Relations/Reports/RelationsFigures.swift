import Fluent
import LamasatCore
import SQLKit
import Vapor

/// What the relations report reads, in SQL: counts grouped in the database and only the dates the timings need, so
/// the report costs what the period holds, never a model per contact.
enum RelationsFigures {
    /// An inquiry or complaint of the period: when it came in, was first answered, closed, and was due.
    struct Case: Decodable {
        let channel: ContactChannel
        let created_at: Date
        let responded_at: Date?
        let closed_at: Date?
        let due_at: Date

        var createdAt: Date { created_at }
        var respondedAt: Date? { responded_at }
        var closedAt: Date? { closed_at }
        var dueAt: Date { due_at }
    }

    /// Of the cases whose clock has run out or that were answered: how many, and how many were answered in time. A
    /// case still within its target and unanswered is neither a hit nor a miss yet.
    static func timeliness(_ cases: [Case], now: Date) -> (inTime: Int, decided: Int) {
        let decided = cases.filter { $0.respondedAt != nil || $0.dueAt < now }
        return (decided.filter { x in x.respondedAt.map { $0 <= x.dueAt } ?? false }.count, decided.count)
    }

    struct Period {
        let contacts: [ContactChannel: Int]
        let inquiries: [Case]
        let complaints: [Case]
    }

    private struct ChannelCount: Decodable { let channel: String; let n: Int }

    /// `branch` narrows to one branch within her reach (a board pack's choice).
    static func read(from start: Date, to end: Date, staff: StaffContext, branch: UUID? = nil, on db: any Database) async throws -> Period {
        let chosen: [SQLQueryString] = branch.map { ["branch_id = \(bind: $0)"] } ?? []
        func within(_ column: String) -> SQLQueryString {
            SQLQueryString.whereClause([
                "\(unsafeRaw: column) >= \(bind: start)", "\(unsafeRaw: column) < \(bind: end)",
            ] + [staff.reachCondition("branch_id")].compactMap { $0 } + chosen)
        }
        let counts = try await db.sql.raw("""
            SELECT channel, COUNT(*) AS n FROM contacts \(within("\"at\"")) GROUP BY channel
            """).all(decoding: ChannelCount.self)
        let inquiries = try await db.sql.raw("""
            SELECT channel, created_at, first_response_at AS responded_at, closed_at, due_at FROM inquiries \(within("created_at"))
            """).all(decoding: Case.self)
        let complaints = try await db.sql.raw("""
            SELECT channel, created_at, responded_at, closed_at, due_at FROM complaints \(within("created_at"))
            """).all(decoding: Case.self)
        var byChannel: [ContactChannel: Int] = [:]
        for row in counts { if let channel = ContactChannel(rawValue: row.channel) { byChannel[channel, default: 0] += row.n } }
        return Period(contacts: byChannel, inquiries: inquiries, complaints: complaints)
    }

    /// Open inquiries and complaints per channel, bucketed by age: `cutoffs` are the moments from which a case is at
    /// most each age limit old (newest first), so bucket 0 holds cases received at or after `cutoffs[0]` and the last
    /// those received before the last cutoff.
    static func openByAge(cutoffs: [Date], staff: StaffContext, on db: any Database) async throws -> [ContactChannel: [Int]] {
        let reach = [staff.reachCondition("branch_id")].compactMap { $0 }.map { " AND \($0)" as SQLQueryString }.joined()
        var sums: [SQLQueryString] = []
        for index in 0...cutoffs.count {
            var conditions: [SQLQueryString] = []
            if index < cutoffs.count { conditions.append("created_at >= \(bind: cutoffs[index])") }
            if index > 0 { conditions.append("created_at < \(bind: cutoffs[index - 1])") }
            sums.append("SUM(CASE WHEN \(conditions.joined(separator: " AND ")) THEN 1 ELSE 0 END) AS b\(unsafeRaw: String(index))")
        }
        let rows = try await db.sql.raw("""
            SELECT channel, \(sums.joined(separator: ", ")) FROM (
                SELECT channel, created_at FROM inquiries WHERE status <> \(bind: InquiryStatus.closed.rawValue)\(reach)
                UNION ALL
                SELECT channel, created_at FROM complaints WHERE status <> \(bind: ComplaintStatus.closed.rawValue)\(reach)
            ) AS open_cases GROUP BY channel
            """).all()
        var result: [ContactChannel: [Int]] = [:]
        for row in rows {
            guard let channel = ContactChannel(rawValue: try row.decode(column: "channel", as: String.self)) else { continue }
            let counts = try (0...cutoffs.count).map { try row.decode(column: "b\($0)", as: Int?.self) ?? 0 }
            result[channel] = zip(result[channel] ?? counts.map { _ in 0 }, counts).map { $0 + $1 }
        }
        return result
    }
}
