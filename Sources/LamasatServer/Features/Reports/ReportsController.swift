import LamasatCore
import Vapor

/// The reports hub and the requests, services, people-served and messages reports (issue 15): one period chooser
/// and branch filter for all, every table built as a `ReportTable` first, and every figure within the reader's
/// branches.
struct ReportsController: RouteCollection {
    struct Entry: Sendable {
        let path: String
        let titleKey: String
        let summaryKey: String
        let tables: @Sendable (Request, ReportScope) async throws -> [ReportLinkedTable]
    }

    static let reports = [
        Entry(path: "/reports/requests", titleKey: "reports.requests.title", summaryKey: "reports.requests.summary") {
            try await RequestFigures(req: $0, scope: $1).tables()
        },
        Entry(path: "/reports/services", titleKey: "reports.services.title", summaryKey: "reports.services.summary") {
            try await ServiceFigures(req: $0, scope: $1).tables()
        },
        Entry(path: "/reports/people", titleKey: "reports.people.title", summaryKey: "reports.people.summary") {
            try await PeopleFigures(req: $0, scope: $1).tables()
        },
        Entry(path: "/reports/messages", titleKey: "reports.messages.title", summaryKey: "reports.messages.summary") {
            try await MessageFigures(req: $0, scope: $1).tables()
        },
        Entry(path: "/reports/volunteers", titleKey: "reports.volunteers.title", summaryKey: "reports.volunteers.summary") {
            try await VolunteerFigures(req: $0, scope: $1).tables()
        },
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports") { try await self.hub(req: $0) }.requires(.viewReports)
        for entry in Self.reports {
            let segments = entry.path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
            routes.get(segments) { try await self.report($0, entry) }.requires(.viewReports)
            // Each table and the whole report download as XLSX and CSV, for the same period and branch as the page.
            routes.exportsTables(of: segments.map(\.description), requires: .viewReports) { req in
                try await entry.tables(req, try await ReportScope(req)).map(\.table)
            }
        }
    }

    func hub(req: Request) async throws -> View {
        let scope = try await ReportScope(req)
        let staff = scope.staff
        var cards = Self.reports.map { entry in
            ReportPageView.Card(title: req.t(entry.titleKey), summary: req.t(entry.summaryKey), href: scope.link(entry.path))
        }
        // The relations report reads days, not a period token: give it the period's first and last day.
        cards.append(.init(title: req.t("report.relationsTitle"), summary: req.t("reports.relations.summary"),
                           href: "/reports/relations?from=\(scope.period.first)&to=\(scope.period.last)"))
        cards.append(.init(title: req.t("boardPack.title"), summary: req.t("boardPack.intro"), href: "/reports/board-pack"))
        if staff.can(.viewSatisfaction) {
            cards.append(.init(title: req.t("nav.satisfaction"), summary: req.t("reports.satisfaction.summary"), href: "/satisfaction"))
        }
        var view = ReportPageView(req, scope: scope, path: "/reports", title: req.t("reports.title"), tables: [])
        view.cards = cards
        return try await req.render("reports/index", view)
    }

    func report(_ req: Request, _ entry: Entry) async throws -> View {
        let scope = try await ReportScope(req)
        let built = try await entry.tables(req, scope)
        try await req.audit("report.viewed", detail: "report=\(entry.path) period=\(scope.period.token)")
        var view = ReportPageView(req, scope: scope, path: entry.path, title: req.t(entry.titleKey), tables: built)
        let query = scope.query().map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")" }.joined(separator: "&")
        view.downloads = TableExport.links(report: String(entry.path.dropFirst()), tables: built.map(\.table), query: query)
        for index in view.sections.indices where !view.sections[index].isEmpty {
            view.sections[index].download = view.downloads[view.sections[index].id]
        }
        return try await req.render("reports/report", view)
    }
}
