import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The counts the officer's, the representative's, the researcher's and the service officer's home pages show, each
/// one aggregate statement within the reader's branch reach.
struct QueueFigures: Equatable {
    var drafts = 0
    var toVerify = 0
    var overdue = 0
    var toDeliver = 0
    var inquiriesOpen = 0
    var inquiriesLate = 0
    var inquiriesDueToday = 0

    static func requests(staff: StaffContext, now: Date, on db: any Database) async throws -> QueueFigures {
        var figures = QueueFigures()
        func list(_ statuses: [SupportRequestStatus]) -> SQLQueryString { .list(statuses.map(\.rawValue)) }
        let awaiting = SupportRequestStatus.allCases.filter(\.awaitsDecision)
        guard let row = try await db.sql.raw("""
            SELECT coalesce(sum(CASE WHEN r.status IN (\(list([.draft, .returnedToApplicant]))) THEN 1 ELSE 0 END), 0) AS drafts,
                coalesce(sum(CASE WHEN r.status IN (\(list([.submitted, .verification]))) THEN 1 ELSE 0 END), 0) AS to_verify,
                coalesce(sum(CASE WHEN r.status IN (\(list(awaiting))) AND r.expected_decision_at < \(bind: now) THEN 1 ELSE 0 END), 0) AS overdue,
                coalesce(sum(CASE WHEN r.status IN (\(list([.approved, .inService]))) THEN 1 ELSE 0 END), 0) AS to_deliver
            FROM support_requests r \(SQLQueryString.whereClause([staff.reachCondition("r.branch_id")].compactMap { $0 }))
            """).first() else { return figures }
        figures.drafts = try row.decode(column: "drafts", as: Int.self)
        figures.toVerify = try row.decode(column: "to_verify", as: Int.self)
        figures.overdue = try row.decode(column: "overdue", as: Int.self)
        figures.toDeliver = try row.decode(column: "to_deliver", as: Int.self)
        return figures
    }

    /// Open inquiries (new or referred) of her reach; a researcher's are those referred to her, as in "my work".
    mutating func inquiries(staff: StaffContext, now: Date, on db: any Database) async throws {
        var conditions: [SQLQueryString] = ["i.status IN (\(SQLQueryString.list([InquiryStatus.new.rawValue, InquiryStatus.referred.rawValue])))"]
        if let reach = staff.reachCondition("i.branch_id") { conditions.append(reach) }
        if staff.user.role == .researcher { conditions.append("i.referred_to = \(bind: staff.userID)") }
        let today = RiyadhMonths.calendar.startOfDay(for: now).addingTimeInterval(86_399)
        guard let row = try await db.sql.raw("""
            SELECT count(*) AS n, coalesce(sum(CASE WHEN i.due_at < \(bind: now) THEN 1 ELSE 0 END), 0) AS late,
                coalesce(sum(CASE WHEN i.due_at >= \(bind: now) AND i.due_at <= \(bind: today) THEN 1 ELSE 0 END), 0) AS due_today
            FROM inquiries i \(SQLQueryString.whereClause(conditions))
            """).first() else { return }
        inquiriesOpen = try row.decode(column: "n", as: Int.self)
        inquiriesLate = try row.decode(column: "late", as: Int.self)
        inquiriesDueToday = try row.decode(column: "due_today", as: Int.self)
    }
}

/// One line of a home-page list: what, when, and where to open it.
struct CockpitLine: Encodable {
    let path: String
    let title: String
    let detail: String
    let late: Bool
}

extension CockpitLine {
    /// Her follow-ups due today or earlier (ten at most), as "my work" lists them.
    static func followUps(staff: StaffContext, now: Date, language: Language, t: (String) -> String, on db: any Database) async throws -> [CockpitLine] {
        let today = CalendarDay.today(now).description
        let formatter = DualCalendarFormatter(language: language)
        return try await Contact.query(on: db).filter(\.$staffID == staff.userID).filter(\.$followUpDone == false)
            .filter(\.$followUpOn != "").filter(\.$followUpOn <= today).sort(\.$followUpOn).limit(10).all().map {
                CockpitLine(path: $0.beneficiaryID.map { "/beneficiaries/\($0.uuidString)?tab=interactions" } ?? "/contacts?mine=1",
                            title: $0.subject,
                            detail: t($0.channel.localizationKey) + " · " + (CalendarDay(stored: $0.followUpOn).map { formatter.date($0.moment).combined } ?? $0.followUpOn),
                            late: $0.followUpOn < today)
            }
    }

    /// The researcher's visits still to make, soonest first (ten at most), with the request's tracking number.
    static func visits(researcher: UUID, language: Language, t: (String) -> String, on db: any Database) async throws -> [CockpitLine] {
        struct Row: Decodable { let request_id: UUID; let tracking_number: String?; let kind: String; let scheduled_at: Date; let address: String }
        let formatter = DualCalendarFormatter(language: language)
        return try await db.sql.raw("""
            SELECT v.request_id, r.tracking_number, v.kind, v.scheduled_at, v.address FROM research_visits v
            JOIN support_requests r ON r.id = v.request_id
            WHERE v.researcher_id = \(bind: researcher) AND v.status = \(bind: ResearchVisitStatus.scheduled.rawValue)
            ORDER BY v.scheduled_at LIMIT 10
            """).all(decoding: Row.self).map { row in
            CockpitLine(path: "/requests/\(row.request_id.uuidString)", title: (row.tracking_number ?? "—") + " · "
                            + (ResearchVisitKind(rawValue: row.kind).map { t($0.localizationKey) } ?? row.kind),
                        detail: formatter.dateTime(row.scheduled_at).combined + (row.address.isEmpty ? "" : " · " + row.address), late: false)
        }
    }
}
