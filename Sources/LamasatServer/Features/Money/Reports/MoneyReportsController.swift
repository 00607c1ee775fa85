import LamasatCore
import Vapor

/// `/reports/donations`: the money reports for whoever may read finance reports (the donor and finance officers, the
/// manager, the administrator), with the period chooser of the other reports, each table as XLSX and CSV, and bars
/// for the gifts by month, designation and method.
struct MoneyReportsController: RouteCollection {
    static let path = "/reports/donations"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "donations") { try await self.report(req: $0) }.requires(.viewFinanceReports)
        routes.exportsTables(of: "reports", "donations", requires: .viewFinanceReports) { req in
            try await DonationFigures(req: req, scope: try await ReportScope(req)).tables().map(\.table)
        }
    }

    func report(req: Request) async throws -> View {
        let scope = try await ReportScope(req)
        let built = try await DonationFigures(req: req, scope: scope).tables()
        try await req.audit("report.viewed", detail: "report=\(Self.path) period=\(scope.period.token)")
        var view = ReportPageView(req, scope: scope, path: Self.path, title: req.t("moneyReport.title"), tables: built)
        let query = scope.query().map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")" }.joined(separator: "&")
        view.downloads = TableExport.links(report: String(Self.path.dropFirst()), tables: built.map(\.table), query: query)
        for index in view.sections.indices where !view.sections[index].isEmpty {
            view.sections[index].download = view.downloads[view.sections[index].id]
            // Amounts are drawn from the figures, not from the text shown (which groups thousands with commas).
            if let column = DonationFigures.barColumns[view.sections[index].id], let table = built.first(where: { $0.table.id == view.sections[index].id }) {
                let points = zip(table.table.rows, view.sections[index].rows).dropLast(view.sections[index].id == "by-month" ? 1 : 0).compactMap { cells, shown -> (label: String, value: Double, shown: String)? in
                    guard case .money(let amount) = cells[column] else { return nil }
                    return (shown[0].text, NSDecimalNumber(decimal: amount).doubleValue, shown[column].text)
                }
                if points.contains(where: { $0.value > 0 }) { view.sections[index].chart = BarChart(rows: points, rightToLeft: req.language == .ar) }
            }
        }
        return try await req.render("reports/report", view)
    }
}
