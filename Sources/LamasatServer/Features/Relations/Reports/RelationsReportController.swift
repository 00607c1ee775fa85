import Fluent
import LamasatCore
import Vapor

/// Reports of this area for a date range: contacts, inquiries and complaints by channel; what is open by age; and
/// first-response and resolution times in working days against the targets.
struct RelationsReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "relations") { try await self.report(req: $0) }.requires(.viewReports)
    }

    struct ChannelLine: Encodable { let channel: String; let contacts: Int; let inquiries: Int; let complaints: Int }
    struct AgeLine: Encodable { let channel: String; let buckets: [Int] }
    struct Timing: Encodable { let label: String; let count: Int; let firstResponse: String; let resolution: String; let withinTarget: String }

    struct ReportView: Encodable {
        let page: PageContext
        /// The period shown, from and to, as a filter.
        let filters: [FormField]
        let channels: [ChannelLine]
        let totals: ChannelLine
        let ageHeaders: [String]
        let open: [AgeLine]
        let timings: [Timing]
    }

    static let ageLimits = [2, 5, 10]

    func report(req: Request) async throws -> Vapor.View {
        let staff = try req.requireStaff()
        let today = CalendarDay.today(req.now)
        let to = (try? CalendarDay.day(req.query[String.self, at: "to"] ?? "", calendar: .gregorian)) ?? today
        let defaultFrom = CalendarDay.today(req.now.addingTimeInterval(-30 * 86_400))
        let from = (try? CalendarDay.day(req.query[String.self, at: "from"] ?? "", calendar: .gregorian)) ?? defaultFrom
        let start = WorkingCalendar.startOfDay(from), end = WorkingCalendar.startOfDay(to).addingTimeInterval(86_400)
        let figures = try await RelationsFigures.read(from: start, to: end, staff: staff, on: req.db)
        let calendar = try await Holiday.calendar(on: req.db)
        let (c, i, k) = (figures.contacts, figures.inquiries, figures.complaints)
        let lines = ContactChannel.allCases.map { channel in
            ChannelLine(channel: req.t(channel.localizationKey), contacts: c[channel, default: 0],
                        inquiries: i.count { $0.channel == channel }, complaints: k.count { $0.channel == channel })
        }
        let cutoffs = Self.ageLimits.map { calendar.earliestStart(withinWorkingDays: $0, of: req.now) }
        let buckets = try await RelationsFigures.openByAge(cutoffs: cutoffs, staff: staff, on: req.db)
        let open = ContactChannel.allCases.map { channel in
            AgeLine(channel: req.t(channel.localizationKey), buckets: buckets[channel] ?? Array(repeating: 0, count: cutoffs.count + 1))
        }
        func average(_ values: [Int]) -> String {
            values.isEmpty ? "—" : String(format: "%.1f", Double(values.reduce(0, +)) / Double(values.count))
        }
        func share(_ hits: Int, of total: Int) -> String { total == 0 ? "—" : "\(hits * 100 / total)%" }
        /// Of the cases whose clock has run out or that were answered: the share answered in time. A case still within
        /// its target and unanswered is neither a hit nor a miss yet.
        func withinTarget(_ cases: [(answered: Date?, due: Date)]) -> String {
            let decided = cases.filter { $0.answered != nil || $0.due < req.now }
            return share(decided.filter { item in item.answered.map { $0 <= item.due } ?? false }.count, of: decided.count)
        }
        let inquiryTiming = Timing(
            label: req.t("nav.inquiries"), count: i.count,
            firstResponse: average(i.compactMap { q in q.respondedAt.map { calendar.workingDays(from: q.createdAt, to: $0) } }),
            resolution: average(i.compactMap { q in q.closedAt.map { calendar.workingDays(from: q.createdAt, to: $0) } }),
            withinTarget: withinTarget(i.map { ($0.respondedAt, $0.dueAt) }))
        let complaintTiming = Timing(
            label: req.t("nav.complaints"), count: k.count,
            firstResponse: average(k.compactMap { x in x.respondedAt.map { calendar.workingDays(from: x.createdAt, to: $0) } }),
            resolution: average(k.compactMap { x in x.closedAt.map { calendar.workingDays(from: x.createdAt, to: $0) } }),
            withinTarget: withinTarget(k.map { ($0.respondedAt, $0.dueAt) }))
        let headers = ["0–2", "3–5", "6–10", "> 10"].map { req.t("report.ageBucket", $0) }
        return try await req.render("reports/relations", ReportView(
            page: PageContext(req, title: req.t("report.relationsTitle")),
            filters: [FormField(name: "from", label: req.t("report.from"), kind: "date", value: from.description, dir: "ltr"),
                      FormField(name: "to", label: req.t("report.to"), kind: "date", value: to.description, dir: "ltr")].prepared(),
            channels: lines,
            totals: ChannelLine(channel: req.t("report.total"), contacts: c.values.reduce(0, +), inquiries: i.count, complaints: k.count),
            ageHeaders: headers, open: open, timings: [inquiryTiming, complaintTiming]))
    }
}
