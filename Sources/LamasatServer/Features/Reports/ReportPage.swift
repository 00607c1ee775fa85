import LamasatCore
import Vapor

/// A report table with, for each cell, the list it counts (nil where a cell is a label or a rate).
struct ReportLinkedTable {
    var table: ReportTable
    var links: [[String?]]
    var note: String?
    /// Drawn as bars too: each row's first cell is the label, its second the value.
    var bars = false
}

/// Builds a `ReportLinkedTable` row by row.
struct ReportTableBuilder {
    let id: String
    let title: String
    let columns: [String]
    private var rows: [[ReportTable.Cell]] = []
    private var links: [[String?]] = []

    init(id: String, title: String, columns: [String]) {
        self.id = id
        self.title = title
        self.columns = columns
    }

    mutating func add(_ cells: [ReportTable.Cell], links: [String?] = []) {
        rows.append(cells)
        self.links.append(links + Array(repeating: nil, count: max(0, cells.count - links.count)))
    }

    var isEmpty: Bool { rows.isEmpty }

    func build(note: String? = nil) -> ReportLinkedTable {
        ReportLinkedTable(table: ReportTable(id: id, title: title, columns: columns.map { .init(title: $0) }, rows: rows), links: links, note: note)
    }
}

extension ReportTable.Cell {
    static func money(halalas: Int) -> Self { .money(Decimal(halalas) / 100) }
    static func share(_ part: Int, of whole: Int) -> Self { .percent(whole == 0 ? nil : Double(part) / Double(whole)) }
}

/// A report page: the period and branch chosen, quick choices, and the tables as the page shows them.
struct ReportPageView: Encodable {
    struct Link: Encodable { let label: String; let href: String; let current: Bool }
    struct Section: Encodable {
        struct Cell: Encodable {
            let text: String
            let link: String?
            let numeric: Bool
            /// The column's title: a phone shows each cell with it.
            var label = ""
        }
        let id: String
        let title: String
        let headers: [String]
        let rows: [[Cell]]
        let note: String?
        /// Its XLSX and CSV downloads (report pages only).
        var download: TableExport.Links?
        var chart: BarChart?
        var isEmpty: Bool { rows.isEmpty }

        enum CodingKeys: String, CodingKey { case id, title, headers, rows, note, isEmpty, download, chart }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(headers, forKey: .headers)
            try container.encode(rows, forKey: .rows)
            try container.encodeIfPresent(note, forKey: .note)
            try container.encode(isEmpty, forKey: .isEmpty)
            try container.encodeIfPresent(download, forKey: .download)
            try container.encodeIfPresent(chart, forKey: .chart)
        }
    }

    let page: PageContext
    let action: String
    let periodTitle: String
    let periodSpan: String
    let previousTitle: String
    let problem: String?
    let filters: [FormField]
    let shortcuts: [Link]
    let reports: [Link]
    var sections: [Section]
    let empty: String
    /// The hub's links to each report.
    var cards: [Card] = []
    /// Each table's XLSX and CSV download (by table id) and the whole report's workbook ("all"), for this period.
    var downloads: [String: TableExport.Links] = [:]

    struct Card: Encodable { let title: String; let summary: String; let href: String }

    init(_ req: Request, scope: ReportScope, path: String, title: String, tables: [ReportLinkedTable]) {
        let language = req.language
        page = PageContext(req, title: title)
        action = path
        periodTitle = scope.period.title(language)
        periodSpan = scope.period.span(language)
        previousTitle = req.t("reports.comparedWith", scope.previous.title(language))
        problem = scope.problem.map { req.t($0.localizationKey) }
        var fields = [FormField(name: "period", label: req.t("reports.period"), value: scope.period.kind == .custom ? "" : scope.period.token,
                                hint: req.t("reports.period.hint"), dir: "ltr", maxlength: 30),
                      FormField(name: "from", label: req.t("report.from"), value: scope.period.kind == .custom ? scope.period.first.description : "",
                                hint: req.t("reports.day.hint"), dir: "ltr", maxlength: 12),
                      FormField(name: "to", label: req.t("report.to"), value: scope.period.kind == .custom ? scope.period.last.description : "",
                                hint: req.t("reports.day.hint"), dir: "ltr", maxlength: 12)]
        if !scope.branches.isEmpty {
            fields.append(.filter(req, name: "branch", label: req.t("reports.branch"), selected: scope.branch?.uuidString ?? "", records: scope.branches))
        }
        filters = fields.prepared()
        let branchQuery = scope.branch.map { [URLQueryItem(name: "branch", value: $0.uuidString)] } ?? []
        func href(_ target: String, _ period: ReportPeriod) -> String {
            var components = URLComponents()
            components.path = target
            components.queryItems = [URLQueryItem(name: "period", value: period.token)] + branchQuery
            return components.string ?? target
        }
        shortcuts = ReportPeriod.shortcuts(req.now).map { Link(label: $0.title(language), href: href(path, $0), current: $0 == scope.period) }
        reports = ReportsController.reports.map { Link(label: req.t($0.titleKey), href: href($0.path, scope.period), current: $0.path == path) }
        let formatter = DualCalendarFormatter(language: language)
        sections = tables.map { linked in
            var section = Section(id: linked.table.id, title: linked.table.title, headers: linked.table.columns.map(\.title),
                    rows: zip(linked.table.rows, linked.links).map { cells, links in
                        zip(zip(cells, links), linked.table.columns).map { pair, column in
                            var cell = Self.render(pair.0, link: pair.1, formatter: formatter)
                            cell.label = column.title
                            return cell
                        }
                    }, note: linked.note)
            if linked.bars { section.chart = Self.bars(section, rightToLeft: language == .ar) }
            return section
        }
        empty = req.t("reports.none")
    }

    /// Bars of a section's second column, read back from the text shown (hours may be "12.5").
    static func bars(_ section: Section, rightToLeft: Bool) -> BarChart? {
        let points = section.rows.compactMap { row -> (label: String, value: Double, shown: String)? in
            guard row.count > 1, let value = Double(row[1].text) else { return nil }
            return (row[0].text, value, row[1].text)
        }
        return points.contains { $0.value > 0 } ? BarChart(rows: points, rightToLeft: rightToLeft) : nil
    }

    static func render(_ cell: ReportTable.Cell, link: String?, formatter: DualCalendarFormatter) -> Section.Cell {
        switch cell {
        case .text(let text): Section.Cell(text: text, link: link, numeric: false)
        // A zero links nowhere: its list would be empty.
        case .number(let n): Section.Cell(text: String(n), link: n == 0 ? nil : link, numeric: true)
        case .money(let amount):
            Section.Cell(text: Money(halalas: NSDecimalNumber(decimal: amount * 100).int64Value).plain, link: amount == 0 ? nil : link, numeric: true)
        case .percent(let share): Section.Cell(text: share.map { "\(Int(($0 * 100).rounded()))%" } ?? "—", link: nil, numeric: true)
        case .date(let date): Section.Cell(text: date.map { formatter.date($0).combined } ?? "—", link: link, numeric: false)
        case .empty: Section.Cell(text: "—", link: nil, numeric: true)
        }
    }
}
