import Fluent
import LamasatCore
import Vapor

/// Reports of this area for a date range: contacts, inquiries and complaints by channel; what is open by age; and
/// first-response and resolution times in working days against the targets. Each table downloads as XLSX and CSV.
struct RelationsReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "relations") { try await self.report(req: $0) }.requires(.viewReports)
        routes.exportsTables(of: "reports", "relations", requires: .viewReports) { req in
            let figures = try await self.figures(req: req)
            return Self.tables(figures, req: req)
        }
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
        /// Download links by table id (and `all`), for the period shown.
        let downloads: [String: TableExport.Links]
    }

    /// Inquiries' or complaints' times as numbers: averages in working days (nil without a case), and how many of
    /// the cases decided so far were answered in time.
    struct TimingFigures {
        let label: String
        let count: Int
        let firstResponse: Double?
        let resolution: Double?
        let inTime: Int
        let decided: Int
    }

    /// What the page shows and the downloads carry, for one period.
    struct Figures {
        let from: CalendarDay, to: CalendarDay
        let channels: [ChannelLine]
        let totals: ChannelLine
        let ageHeaders: [String]
        let open: [AgeLine]
        let timings: [TimingFigures]
    }

    static let ageLimits = [2, 5, 10]

    func figures(req: Request) async throws -> Figures {
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
        func average(_ values: [Int]) -> Double? { values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count) }
        func timing(_ label: String, _ cases: [RelationsFigures.Case]) -> TimingFigures {
            let timeliness = RelationsFigures.timeliness(cases, now: req.now)
            return TimingFigures(
                label: label, count: cases.count,
                firstResponse: average(cases.compactMap { x in x.respondedAt.map { calendar.workingDays(from: x.createdAt, to: $0) } }),
                resolution: average(cases.compactMap { x in x.closedAt.map { calendar.workingDays(from: x.createdAt, to: $0) } }),
                inTime: timeliness.inTime, decided: timeliness.decided)
        }
        return Figures(
            from: from, to: to, channels: lines,
            totals: ChannelLine(channel: req.t("report.total"), contacts: c.values.reduce(0, +), inquiries: i.count, complaints: k.count),
            ageHeaders: ["0–2", "3–5", "6–10", "> 10"].map { req.t("report.ageBucket", $0) }, open: open,
            timings: [timing(req.t("nav.inquiries"), i), timing(req.t("nav.complaints"), k)])
    }

    func report(req: Request) async throws -> Vapor.View {
        let f = try await figures(req: req)
        func average(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }
        let timings = f.timings.map {
            Timing(label: $0.label, count: $0.count, firstResponse: average($0.firstResponse), resolution: average($0.resolution),
                   withinTarget: $0.decided == 0 ? "—" : "\($0.inTime * 100 / $0.decided)%")
        }
        return try await req.render("reports/relations", ReportView(
            page: PageContext(req, title: req.t("report.relationsTitle")),
            filters: [FormField(name: "from", label: req.t("report.from"), kind: "date", value: f.from.description, dir: "ltr"),
                      FormField(name: "to", label: req.t("report.to"), kind: "date", value: f.to.description, dir: "ltr")].prepared(),
            channels: f.channels, totals: f.totals, ageHeaders: f.ageHeaders, open: f.open, timings: timings,
            downloads: TableExport.links(report: "reports/relations", tables: Self.tables(f, req: req), query: "from=\(f.from)&to=\(f.to)")))
    }

    /// The report's tables for download: the period first (so a workbook says what it covers), then the page's three.
    /// Averages in working days go out as `.money`: the shared cell type has no plain decimal, and its format is two
    /// decimals without a currency sign.
    static func tables(_ f: Figures, req: Request) -> [ReportTable] {
        let channel = ReportTable.Column(title: req.t("request.field.channel"))
        func counts(_ line: ChannelLine) -> [ReportTable.Cell] {
            [.text(line.channel), .number(line.contacts), .number(line.inquiries), .number(line.complaints)]
        }
        func days(_ value: Double?) -> ReportTable.Cell {
            value.map { ReportTable.Cell.money(Decimal(($0 * 100).rounded()) / 100) } ?? .empty
        }
        return [
            ReportTable(id: "period", title: req.t("report.period"),
                        columns: [ReportTable.Column(title: req.t("report.from")), ReportTable.Column(title: req.t("report.to"))],
                        rows: [[.date(WorkingCalendar.startOfDay(f.from)), .date(WorkingCalendar.startOfDay(f.to))]]),
            ReportTable(id: "channels", title: req.t("report.byChannel"),
                        columns: [channel] + ["nav.contacts", "nav.inquiries", "nav.complaints"].map { ReportTable.Column(title: req.t($0)) },
                        rows: f.channels.map(counts) + [counts(f.totals)]),
            ReportTable(id: "open", title: req.t("report.openByAge"), columns: [channel] + f.ageHeaders.map { ReportTable.Column(title: $0) },
                        rows: f.open.map { [ReportTable.Cell.text($0.channel)] + $0.buckets.map(ReportTable.Cell.number) }),
            ReportTable(id: "timings", title: req.t("report.timings"),
                        columns: ["report.caseType", "report.count", "report.firstResponse", "report.resolution", "report.withinTarget"]
                            .map { ReportTable.Column(title: req.t($0)) },
                        rows: f.timings.map {
                            [ReportTable.Cell.text($0.label), .number($0.count), days($0.firstResponse), days($0.resolution),
                             .percent($0.decided == 0 ? nil : Double($0.inTime) / Double($0.decided))]
                        }),
        ]
    }
}
