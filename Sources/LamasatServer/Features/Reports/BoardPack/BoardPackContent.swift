import Fluent
import LamasatCore
import Vapor

/// What a board pack holds, read from the same figures as the reports (so the pack and the screen cannot disagree)
/// and rendered once into a page that needs nothing else to open: the request funnel, decisions and how long they
/// took against the announced period, services and amounts, people served, channels, the satisfaction trend,
/// complaints, and the improvements made because of what she said ("you said, we did").
enum BoardPackContent {
    struct Item: Encodable { let title: String; let text: String }
    struct Table: Encodable { let headers: [String]; let rows: [[ReportPageView.Section.Cell]] }
    struct Section: Encodable {
        let title: String
        var chart: BarChart?
        var trend: TrendChart?
        var table: Table?
        var items: [Item]?
        var note: String?
    }

    struct Page: Encodable {
        let lang: String
        let dir: String
        let title: String
        let organization: String
        let licence: String
        let periodLabel: String
        let periodSpan: String
        let scope: String
        let generated: String
        let sections: [Section]
        let closing: String
    }

    /// The report tables a pack shows, by report and table id, and whether each is drawn as bars.
    static let chosen: [(report: String, id: String, bars: Bool)] = [
        ("requests", "funnel", true), ("requests", "decisions", false), ("requests", "decision-time", false),
        ("requests", "delivery-time", false), ("services", "by-type", true), ("services", "by-place", true),
        ("people", "served", false), ("people", "by-category", true), ("requests", "by-channel", true),
    ]

    static func render(period: ReportPeriod, branch: UUID?, req: Request) async throws -> String {
        let staff = try req.requireStaff()
        let scope = ReportScope(staff: staff, period: period, branch: branch)
        let formatter = DualCalendarFormatter(language: req.language)
        let reports: [String: [ReportLinkedTable]] = [
            "requests": try await RequestFigures(req: req, scope: scope).tables(),
            "services": try await ServiceFigures(req: req, scope: scope).tables(),
            "people": try await PeopleFigures(req: req, scope: scope).tables(),
        ]
        var sections: [Section] = chosen.compactMap { choice in
            guard let linked = reports[choice.report]?.first(where: { $0.table.id == choice.id }) else { return nil }
            return section(linked, bars: choice.bars, req: req, formatter: formatter)
        }
        sections.append(try await complaints(period: period, scope: scope, req: req))
        if let trend = try await satisfaction(period: period, branch: branch ?? staff.ownBranchOnly, req: req) { sections.append(trend) }
        sections.append(try await improvements(period: period, branch: branch, staff: staff, req: req))

        let organization = try await req.organization()
        var branchName: String?
        if let branch { branchName = try await Branch.find(branch, on: req.db)?.name(in: req.language) }
        let page = Page(
            lang: req.language.rawValue, dir: req.language == .ar ? "rtl" : "ltr", title: req.t("boardPack.title"),
            organization: req.language == .ar ? organization.nameArabic : organization.nameEnglish,
            licence: req.t("boardPack.licence", organization.licenceNumber), periodLabel: period.title(req.language),
            periodSpan: period.span(req.language), scope: branchName ?? req.t("boardPack.allBranches"),
            generated: req.t("boardPack.generated", formatter.dateTime(req.now).combined, staff.user.fullName),
            sections: sections, closing: req.t("boardPack.closing"))
        let html = String(buffer: try await req.leaf.render(path: "reports/board-pack/pack", context: page).get())
        return html.replacingOccurrences(of: "<style></style>", with: "<style>\(try stylesheet(req))</style>")
    }

    /// The print styles, kept inside the stored page so an old pack looks as it did after the styles change.
    static func stylesheet(_ req: Request) throws -> String {
        let path = req.application.directory.resourcesDirectory + "Print/board-pack.css"
        guard let data = FileManager.default.contents(atPath: path), let css = String(data: data, encoding: .utf8) else {
            throw Abort(.internalServerError, reason: "board pack styles missing at \(path)")
        }
        return css.replacingOccurrences(of: "</", with: "<\\/")  // never closes the style element early
    }

    /// A report table as the pack prints it: the period and the one before, and bars of the period's column.
    static func section(_ linked: ReportLinkedTable, bars: Bool, req: Request, formatter: DualCalendarFormatter) -> Section {
        let table = linked.table
        let rows = table.rows.map { $0.map { ReportPageView.render($0, link: nil, formatter: formatter) } }
        var section = Section(title: table.title, table: rows.isEmpty ? nil : Table(headers: table.columns.map(\.title), rows: rows),
                              note: rows.isEmpty ? req.t("reports.none") : linked.note)
        if bars, !rows.isEmpty {
            let points: [(label: String, value: Double, shown: String)] = table.rows.enumerated().compactMap { index, cells in
                // A total row is printed in the table, not drawn: its bar would flatten every other one.
                guard cells.count > 1, case .text(let label) = cells[0], label != req.t("report.total"), let value = number(cells[1]) else { return nil }
                return (label, value, rows[index][1].text)
            }
            if points.contains(where: { $0.value > 0 }) { section.chart = BarChart(rows: points, rightToLeft: req.language == .ar) }
        }
        return section
    }

    static func number(_ cell: ReportTable.Cell) -> Double? {
        switch cell {
        case .number(let n): Double(n)
        case .money(let amount): NSDecimalNumber(decimal: amount).doubleValue
        case .percent(let share): share.map { $0 * 100 }
        default: nil
        }
    }

    /// Complaints received in the period, those answered within their target, and those still open.
    static func complaints(period: ReportPeriod, scope: ReportScope, req: Request) async throws -> Section {
        let figures = try await RelationsFigures.read(from: period.start, to: period.end, staff: scope.staff, branch: scope.branch, on: req.db)
        let received = figures.complaints
        let answered = received.filter { $0.respondedAt != nil }
        let open = received.filter { $0.closedAt == nil }
        func cell(_ text: String, numeric: Bool = true) -> ReportPageView.Section.Cell { .init(text: text, link: nil, numeric: numeric) }
        let (inTime, decided) = RelationsFigures.timeliness(received, now: req.now)
        let share = decided == 0 ? "—" : "\(inTime * 100 / decided)%"
        return Section(title: req.t("nav.complaints"), table: Table(headers: [req.t("boardPack.complaints.what"), req.t("boardPack.complaints.count")], rows: [
            [cell(req.t("boardPack.complaints.received"), numeric: false), cell(String(received.count))],
            [cell(req.t("boardPack.complaints.answered"), numeric: false), cell(String(answered.count))],
            [cell(req.t("boardPack.complaints.inTime"), numeric: false), cell(share)],
            [cell(req.t("boardPack.complaints.open"), numeric: false), cell(String(open.count))],
        ]))
    }

    /// The overall satisfaction month by month over the Gregorian months the period covers; a month with fewer
    /// than five answers shows no point, as on the results page.
    static func satisfaction(period: ReportPeriod, branch: UUID?, req: Request) async throws -> Section? {
        let from = String(period.first.description.prefix(7)), to = String(period.last.description.prefix(7))
        let filter = SurveyFilter(from: from, to: to, branchID: branch, serviceType: nil)
        let facts = try await SurveyData.load(filter, on: req.db).facts
        let minimum = SatisfactionMath.minimumGroup
        let series = SurveyFilter.months(from: from, to: to).map { month -> (label: String, value: Double?) in
            let overall = facts.filter { $0.month == month }.compactMap(\.overall)
            return (String(month.suffix(2)) + "/" + String(month.prefix(4).suffix(2)), overall.count >= minimum ? SatisfactionMath.score(overall) : nil)
        }
        let answered = facts.compactMap(\.overall)
        let score = answered.count >= minimum ? SatisfactionMath.score(answered).flatMap(SatisfactionMath.percent).map { "\($0)%" } : nil
        return Section(title: req.t("nav.satisfaction"), trend: TrendChart(series: series),
                       note: score.map { req.t("boardPack.satisfaction.score", $0, String(answered.count)) } ?? req.t("satisfaction.tooFew", String(minimum)))
    }

    /// [P-15] What changed because of what beneficiaries said, finished within the period.
    static func improvements(period: ReportPeriod, branch: UUID?, staff: StaffContext, req: Request) async throws -> Section {
        let query = ImprovementAction.query(on: req.db).withinReach(of: staff, \.$branchID)
            .filter(\.$status == .done).filter(\.$doneOn >= period.first.description).filter(\.$doneOn <= period.last.description)
            .sort(\.$doneOn)
        if let branch { query.filter(\.$branchID == branch) }
        let done = try await query.limit(40).all()
        return Section(title: req.t("boardPack.improvements"),
                       items: done.map { Item(title: req.t("improvement.youSaid") + ": " + $0.youSaid, text: req.t("improvement.weDid") + ": " + $0.weDid) }.nonEmpty,
                       note: done.isEmpty ? req.t("boardPack.improvements.none") : nil)
    }
}

extension ReportScope {
    /// A scope chosen on the board pack's form rather than read from the address.
    init(staff: StaffContext, period: ReportPeriod, branch: UUID?) {
        self.staff = staff
        self.period = period
        self.problem = nil
        self.branch = staff.ownBranchOnly == nil ? branch : nil
        self.branches = []
    }
}
