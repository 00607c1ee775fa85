import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The manager's KPIs ([P-4], [P-9], [P-14], [P-15]) within her branch reach, each with its last six months: five
/// aggregate statements (waiting requests, kept request counts, satisfaction, complaints, messages).
struct LeadershipFigures: Equatable {
    /// Requests waiting for the committee's answer (submitted … committee review).
    var openRequests = 0
    /// Of those, the ones past their announced expected decision date.
    var overdueDecisions = 0
    var decisionsThisMonth = 0
    var decisionsLastMonth = 0
    /// Share of overall scores of 4–5 over the six months, nil under `SatisfactionMath.minimumGroup` answers.
    var satisfaction: Double?
    /// Open complaints and suggestions, without a response, past their target.
    var complaintsPastTarget = 0
    /// Messages whose delivery failed in the last 30 days.
    var messagesFailing = 0

    // Six months each, oldest first.
    var submitted: [Int] = []
    /// Requests whose expected decision date fell in the month and passed without a decision by then.
    var decidedLate: [Int] = []
    var decisions: [Int] = []
    var satisfactionByMonth: [Int?] = []
    /// Complaints whose target fell in the month and passed without a response by then.
    var complaintsLate: [Int] = []
    var failedMessages: [Int] = []

    static let failingWindowDays = 30

    static func compute(staff: StaffContext, now: Date, on db: any Database) async throws -> LeadershipFigures {
        let months = MonthBuckets(now: now)
        let sql = db.sql
        var figures = LeadershipFigures()
        let awaiting = SQLQueryString.list(SupportRequestStatus.allCases.filter(\.awaitsDecision).map(\.rawValue))

        // Past the expected date with no decision by then: still waiting (read here, through the status index), or
        // decided after it (kept as decisions are taken). Submissions and decisions are kept counts too, so the home
        // page reads no request's row.
        let reach = staff.reachCondition("r.branch_id")
        let waiting = try await sql.raw("""
            SELECT count(*) AS open_now, coalesce(sum(CASE WHEN r.expected_decision_at < \(bind: now) THEN 1 ELSE 0 END), 0) AS overdue_now
                \(months.sums("r.expected_decision_at", as: "o", when: "r.expected_decision_at < \(bind: now)"))
            FROM support_requests r\(SQLQueryString.whereClause(["r.status IN (\(awaiting))"] + [reach].compactMap { $0 }))
            """).first()
        let kept = try await RequestCounts.monthly([.submitted, .outcome, .decidedLate], months: months.firstDays,
                                                   reach: staff.reachCondition("branch_id"), on: db)
        func series(_ measure: RequestCounts.Measure) -> [Int] { months.firstDays.map { kept[measure]?[$0] ?? 0 } }
        if let row = waiting {
            figures.openRequests = try row.decode(column: "open_now", as: Int.self)
            figures.overdueDecisions = try row.decode(column: "overdue_now", as: Int.self)
            figures.decidedLate = zip(try MonthBuckets.values(row, "o"), series(.decidedLate)).map(+)
        }
        figures.submitted = series(.submitted)
        figures.decisions = series(.outcome)
        figures.decisionsThisMonth = figures.decisions[MonthBuckets.count - 1]
        figures.decisionsLastMonth = figures.decisions[MonthBuckets.count - 2]

        struct MonthScore: Decodable { let month: String; let n: Int; let satisfied: Int }
        var scoreConditions: [SQLQueryString] = ["q.aspect = \(bind: SurveyAspect.overall.rawValue)", "a.score IS NOT NULL",
                                                 "r.month >= \(bind: months.labels[0])", "r.month <= \(bind: months.labels[MonthBuckets.count - 1])"]
        if let reach = staff.reachCondition("r.branch_id") { scoreConditions.append(reach) }
        let scores = try await sql.raw("""
            SELECT r.month AS month, count(*) AS n, coalesce(sum(CASE WHEN a.score >= 4 THEN 1 ELSE 0 END), 0) AS satisfied
            FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id JOIN survey_questions q ON q.id = a.question_id
            \(SQLQueryString.whereClause(scoreConditions)) GROUP BY r.month
            """).all(decoding: MonthScore.self)
        let byMonth = Dictionary(scores.map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        // A month of fewer than five answers shows nothing, as on the results page ([P-13]).
        figures.satisfactionByMonth = months.labels.map { label in
            byMonth[label].flatMap { $0.n >= SatisfactionMath.minimumGroup ? SatisfactionMath.score(satisfied: $0.satisfied, of: $0.n) : nil }
                .map { Int(($0 + 0.5).rounded(.down)) }
        }
        let total = scores.reduce(0) { $0 + $1.n }, satisfied = scores.reduce(0) { $0 + $1.satisfied }
        figures.satisfaction = total >= SatisfactionMath.minimumGroup ? SatisfactionMath.score(satisfied: satisfied, of: total) : nil

        var complaintConditions = [staff.reachCondition("c.branch_id")].compactMap { $0 }
        complaintConditions.append(staff.can(.viewConfidentialComplaints)
            ? "(c.about_staff_id IS NULL OR c.about_staff_id <> \(bind: staff.userID))"
            : "c.is_confidential = \(bind: false) AND c.about_staff_id IS NULL")
        if let row = try await sql.raw("""
            SELECT coalesce(sum(CASE WHEN c.status = \(bind: ComplaintStatus.open.rawValue) AND c.due_at < \(bind: now) THEN 1 ELSE 0 END), 0) AS late_now
                \(months.sums("c.due_at", as: "c", when: "c.due_at < \(bind: now) AND (c.responded_at IS NULL OR c.responded_at > c.due_at)"))
            FROM complaints c \(SQLQueryString.whereClause(complaintConditions))
            """).first() {
            figures.complaintsPastTarget = try row.decode(column: "late_now", as: Int.self)
            figures.complaintsLate = try MonthBuckets.values(row, "c")
        }

        let since = now.addingTimeInterval(-Double(Self.failingWindowDays) * 86_400)
        var messageConditions: [SQLQueryString] = ["m.created_at >= \(bind: min(since, months.starts[0]))"]
        if let reach = staff.reachCondition("m.branch_id") { messageConditions.append(reach) }
        let failed = OutboxMessage.Status.failed.rawValue
        if let row = try await sql.raw("""
            SELECT coalesce(sum(CASE WHEN m.status = \(bind: failed) AND m.created_at >= \(bind: since) THEN 1 ELSE 0 END), 0) AS failing
                \(months.sums("m.created_at", as: "f", when: "m.status = \(bind: failed)"))
            FROM outbox_messages m \(SQLQueryString.whereClause(messageConditions))
            """).first() {
            figures.messagesFailing = try row.decode(column: "failing", as: Int.self)
            figures.failedMessages = try MonthBuckets.values(row, "f")
        }
        return figures
    }
}
