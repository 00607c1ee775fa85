import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The volunteers report (issue 17): active volunteers by branch and skill (as they stand today), approved hours of
/// the period by month, branch and opportunity kind (the month drawn as bars), and the service given with
/// volunteers — deliveries a volunteer handed over and home visits she completed. Hours count by the day of the
/// work (the opportunity's start); only approved hours count.
struct VolunteerFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    func tables() async throws -> [ReportLinkedTable] {
        let branches = try await Branch.query(on: db).all()
        let branchName = Dictionary(uniqueKeysWithValues: branches.compactMap { b in b.id.map { ($0, b.name(in: req.language)) } })
        let hours = try await approvedHours()
        return [try await active(branchName), byMonth(hours), byBranch(hours, branchName), byKind(hours), try await withVolunteers()]
    }

    private struct Volunteered: Decodable { let branch_id: UUID; let skills: String; let status: String }

    private func active(_ branchName: [UUID: String]) async throws -> ReportLinkedTable {
        let rows = try await db.sql.raw("""
            SELECT branch_id, skills, status FROM volunteers\(SQLQueryString.whereClause(scope.reach("branch_id")))
            """).all(decoding: Volunteered.self)
        let activeRows = rows.filter { $0.status == VolunteerStatus.active.rawValue }
        var table = ReportTableBuilder(id: "active", title: req.t("reports.volunteers.active"),
                                       columns: ["", req.t("reports.volunteers.activeCount")])
        var perBranch: [UUID: Int] = [:]
        for row in activeRows { perBranch[row.branch_id, default: 0] += 1 }
        for (branch, count) in perBranch.sorted(by: { $0.value > $1.value }) {
            table.add([.text(branchName[branch] ?? "—"), .number(count)])
        }
        for skill in VolunteerSkill.allCases {
            let count = activeRows.filter { CodeList.parse($0.skills).contains(skill.rawValue) }.count
            if count > 0 { table.add([.text("\(req.t("reports.volunteers.skill")): \(req.t(skill.localizationKey))"), .number(count)]) }
        }
        table.add([.text(req.t("report.total")), .number(activeRows.count)])
        return table.build(note: req.t("reports.volunteers.activeNote"))
    }

    struct Hours: Decodable { let minutes: Int; let starts_at: Date; let branch_id: UUID; let kind: String }

    /// Approved minutes of work done in the period or the one before.
    private func approvedHours() async throws -> [Hours] {
        let conditions: [SQLQueryString] = ["a.hours_status = \(bind: HoursStatus.approved.rawValue)"] + scope.bothPeriods("o.starts_at") + scope.reach("a.branch_id")
        return try await db.sql.raw("""
            SELECT a.minutes AS minutes, o.starts_at AS starts_at, a.branch_id AS branch_id, o.kind AS kind
            FROM volunteer_assignments a JOIN volunteer_opportunities o ON o.id = a.opportunity_id\(SQLQueryString.whereClause(conditions))
            """).all(decoding: Hours.self)
    }

    private func inPeriod(_ row: Hours) -> Bool { row.starts_at >= scope.period.start && row.starts_at < scope.period.end }
    private func inPrevious(_ row: Hours) -> Bool { row.starts_at >= scope.previous.start && row.starts_at < scope.previous.end }

    private var hoursColumns: [String] {
        [req.t("reports.volunteers.hours", scope.period.title(req.language)), req.t("reports.volunteers.hours", scope.previous.title(req.language))]
    }

    private func byMonth(_ hours: [Hours]) -> ReportLinkedTable {
        let formatter = DualCalendarFormatter(language: req.language)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        var months: [String: (label: String, minutes: Int)] = [:]
        for row in hours where inPeriod(row) {
            let parts = calendar.dateComponents([.year, .month], from: row.starts_at)
            let key = String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
            months[key, default: (formatter.monthYear(year: parts.year ?? 0, month: parts.month ?? 0), 0)].minutes += row.minutes
        }
        var table = ReportTableBuilder(id: "hours-by-month", title: req.t("reports.volunteers.byMonth"), columns: ["", hoursColumns[0]])
        for (_, month) in months.sorted(by: { $0.key < $1.key }) { table.add([.text(month.label), .text(VolunteerHoursTotals.hours(month.minutes))]) }
        var built = table.build(note: req.t("reports.volunteers.hoursNote"))
        built.bars = true
        return built
    }

    private func byBranch(_ hours: [Hours], _ branchName: [UUID: String]) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "hours-by-branch", title: req.t("reports.volunteers.byBranch"), columns: [""] + hoursColumns)
        for branch in Set(hours.map(\.branch_id)).sorted(by: { (branchName[$0] ?? "") < (branchName[$1] ?? "") }) {
            let now = hours.filter { $0.branch_id == branch && inPeriod($0) }.reduce(0) { $0 + $1.minutes }
            let before = hours.filter { $0.branch_id == branch && inPrevious($0) }.reduce(0) { $0 + $1.minutes }
            table.add([.text(branchName[branch] ?? "—"), .text(VolunteerHoursTotals.hours(now)), .text(VolunteerHoursTotals.hours(before))])
        }
        return table.build()
    }

    private func byKind(_ hours: [Hours]) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "hours-by-kind", title: req.t("reports.volunteers.byKind"), columns: [""] + hoursColumns)
        for kind in OpportunityKind.allCases {
            let now = hours.filter { $0.kind == kind.rawValue && inPeriod($0) }.reduce(0) { $0 + $1.minutes }
            let before = hours.filter { $0.kind == kind.rawValue && inPrevious($0) }.reduce(0) { $0 + $1.minutes }
            if now + before > 0 { table.add([.text(req.t(kind.localizationKey)), .text(VolunteerHoursTotals.hours(now)), .text(VolunteerHoursTotals.hours(before))]) }
        }
        return table.build()
    }

    private struct Counted: Decodable { let cur: Int?; let prev: Int? }

    /// Deliveries a volunteer handed over, and home visits and other assignments volunteers completed.
    private func withVolunteers() async throws -> ReportLinkedTable {
        func within(_ column: String, _ range: ReportPeriod) -> SQLQueryString { scope.within(column, range) }
        let deliveries = try await db.sql.raw("""
            SELECT CAST(SUM(CASE WHEN \(ServiceFigures.deliveredWithin(scope.period)) THEN 1 ELSE 0 END) AS BIGINT) AS cur,
                CAST(SUM(CASE WHEN \(ServiceFigures.deliveredWithin(scope.previous)) THEN 1 ELSE 0 END) AS BIGINT) AS prev
            FROM service_deliveries s JOIN support_requests r ON r.id = s.request_id
            \(SQLQueryString.whereClause(["s.volunteer_id IS NOT NULL"] + scope.reach("r.branch_id")))
            """).first(decoding: Counted.self)
        func completed(_ kind: OpportunityKind?) async throws -> Counted? {
            let conditions: [SQLQueryString] = ["a.status = \(bind: AssignmentStatus.completed.rawValue)"]
                + (kind.map { ["o.kind = \(bind: $0.rawValue)"] } ?? []) + scope.reach("a.branch_id")
            return try await db.sql.raw("""
                SELECT \(scope.currentAndPrevious("o.starts_at")) FROM volunteer_assignments a JOIN volunteer_opportunities o ON o.id = a.opportunity_id
                \(SQLQueryString.whereClause(conditions))
                """).first(decoding: Counted.self)
        }
        let visits = try await completed(.homeVisit), all = try await completed(nil)
        var table = ReportTableBuilder(id: "with-volunteers", title: req.t("reports.volunteers.service"),
                                       columns: ["", scope.period.title(req.language), scope.previous.title(req.language)])
        table.add([.text(req.t("reports.volunteers.deliveries")), .number(deliveries?.cur ?? 0), .number(deliveries?.prev ?? 0)])
        table.add([.text(req.t("reports.volunteers.homeVisits")), .number(visits?.cur ?? 0), .number(visits?.prev ?? 0)])
        table.add([.text(req.t("reports.volunteers.completed")), .number(all?.cur ?? 0), .number(all?.prev ?? 0)])
        return table.build(note: req.t("reports.volunteers.serviceNote"))
    }
}
