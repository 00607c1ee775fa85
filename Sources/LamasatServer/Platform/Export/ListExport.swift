import Foundation
import LamasatCore
import Vapor

/// Every list page downloads what its reader may see: `<list>/export.xlsx` and `<list>/export.csv`, with the page's
/// filter, every row of it (not one page) up to `cap`. A list controller offers it in one line, reading its rows
/// through the same query as the page, under the same permission:
///
///     routes.exportsList("complaints", requires: .handleComplaints, title: "nav.complaints") { req, limit in ... }
///
/// The closure is given `limit` (the cap and one more) and returns its columns, rows and the filter it read.
enum ListExport {
    /// Enough for any list the association keeps; over it the reader narrows the filter rather than get a silent cut.
    static let cap = 50_000

    struct Table {
        let columns: [String]
        let rows: [[ReportTable.Cell]]
        /// The filter as the page read it, for the audit; free text never goes in (see `searchKind`).
        let filter: [String: String]
    }

    /// The buttons of a list page, carrying its filter.
    struct Links: Encodable, Sendable {
        let xlsx: String
        let csv: String

        init(path: String, filters: [String: String]) {
            var components = URLComponents()
            components.queryItems = filters.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) }
            let query = components.queryItems?.isEmpty == false ? "?" + (components.percentEncodedQuery ?? "") : ""
            xlsx = "\(path)/export.xlsx\(query)"
            csv = "\(path)/export.csv\(query)"
        }
    }

    static func download(_ req: Request, list: String, title: String, format: TableExport.Format,
                         table: (Request, Int) async throws -> Table) async throws -> Response {
        let cap = req.application.listExportCap
        let read = try await table(req, cap + 1)
        guard read.rows.count <= cap else {
            let heading = req.t("listExport.tooMany.title")
            return try await req.render("errors/error", ErrorPageView(
                page: PageContext(req, title: heading), code: 422, title: heading,
                message: req.t("listExport.tooMany", String(cap)), incident: nil, signedIn: true))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let name = req.t(title)
        let response = try TableExport.file([ReportTable(id: list, title: name, columns: read.columns.map { .init(title: req.t($0)) },
                                                         rows: read.rows)],
                                            format: format, req: req, fallbackName: list.replacingOccurrences(of: "/", with: "-"), title: name)
        let filter = read.filter.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        // One entry per download: which list, how, how many rows, under which filter — never the typed search text.
        try await req.audit("list.exported", record: ("list", list),
                            detail: "format=\(format.rawValue) rows=\(read.rows.count) filter=\(String(filter.prefix(300)))")
        return response
    }

    /// What a free-text search was, for the audit, in place of its text (which may be a national ID or a mobile).
    /// The kinds are those the files search tells apart (`BeneficiaryRegistry.interpret`), read here from the text alone.
    static func searchKind(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return "" }
        if (try? NationalID(trimmed)) != nil { return "nationalID" }
        if (try? SaudiMobile(trimmed)) != nil { return "mobile" }
        let upper = ArabicDigits.westernized(trimmed).uppercased()
        let digits = upper.hasPrefix("LMS") ? ArabicSearch.digits(upper) : upper
        if !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ ("0"..."9").contains($0) }) { return "fileNumber" }
        return "name"
    }

    /// A list's address parameters for the audit, its free-text `q` said by kind only.
    static func searchHidden(_ typed: [String: String], key: String = "q") -> [String: String] {
        var filter = typed
        filter[key] = typed[key].map(searchKind)
        return filter
    }

    /// A national ID or iqama as the export may show it: in full only to a role that may take personal data out.
    static func nationalID(_ value: String, _ req: Request) -> ReportTable.Cell {
        guard !value.isEmpty else { return .empty }
        if req.staff?.can(.exportPersonalData) == true { return .text(value) }
        return .text((try? NationalID(value))?.masked ?? "••••")
    }

    /// A date-and-time cell, empty when there is none.
    static func text(_ value: String?) -> ReportTable.Cell {
        guard let value, !value.isEmpty else { return .empty }
        return .text(value)
    }
}

extension Application {
    private struct ListExportCapKey: StorageKey { typealias Value = Int }

    /// `ListExport.cap`, lowered by a test to reach it with a few rows.
    var listExportCap: Int {
        get { storage[ListExportCapKey.self] ?? ListExport.cap }
        set { storage[ListExportCapKey.self] = newValue }
    }
}

extension RoutesBuilder {
    /// `<path>/export.xlsx` and `<path>/export.csv` of a list page, under the page's permission.
    /// `methods` adds POST for a list whose search text is posted (the files), so that it never sits in an address.
    func exportsList(_ path: String..., requires permission: Permission, title: String, methods: [HTTPMethod] = [.GET],
                     table: @escaping @Sendable (Request, Int) async throws -> ListExport.Table) {
        let list = path.joined(separator: "/")
        for format in TableExport.Format.allCases {
            let route = path.map { PathComponent(stringLiteral: $0) } + [PathComponent(stringLiteral: "export.\(format.rawValue)")]
            for method in methods {
                on(method, route) { req in try await ListExport.download(req, list: list, title: title, format: format, table: table) }
                    .requires(permission)
            }
        }
    }
}
