import Foundation
import LamasatCore
import Vapor

/// Downloads of a report's tables: `<report>/export/<tableID>.xlsx` and `.csv`, and `<report>/export/all.xlsx` with
/// every table of the report as one workbook. A report controller offers them in one line:
///
///     routes.exportsTables(of: "reports", "relations", requires: .viewReports) { try await self.tables(req: $0) }
///
/// The closure reads the report for the request's filter, as the page does; the same permission guards both.
extension RoutesBuilder {
    func exportsTables(of report: String..., requires permission: Permission,
                       tables: @escaping @Sendable (Request) async throws -> [ReportTable]) {
        exportsTables(of: report, requires: permission, tables: tables)
    }

    /// The same, for a report whose path is held as its parts.
    func exportsTables(of report: [String], requires permission: Permission,
                       tables: @escaping @Sendable (Request) async throws -> [ReportTable]) {
        let path = report.map { PathComponent(stringLiteral: $0) } + ["export", ":file"]
        let name = report.joined(separator: "/")
        get(path) { req in try await TableExport.download(req, report: name, tables: tables) }.requires(permission)
    }
}

enum TableExport {
    enum Format: String, CaseIterable, Sendable { case xlsx, csv }

    /// The file name of the whole report as one workbook.
    static let wholeReport = "all"

    static func download(_ req: Request, report: String, tables: (Request) async throws -> [ReportTable]) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard let dot = file.lastIndex(of: "."), let format = Format(rawValue: String(file[file.index(after: dot)...])) else {
            throw Abort(.notFound)
        }
        let id = String(file[..<dot])
        let all = try await tables(req)
        let chosen = id == wholeReport && format == .xlsx ? all : all.filter { $0.id == id }
        guard let first = chosen.first else { throw Abort(.notFound) }
        let response = try Self.file(chosen, format: format, req: req, fallbackName: "\(report.replacingOccurrences(of: "/", with: "-"))-\(id)",
                                title: chosen.count == 1 ? first.title : req.t("tableExport.wholeReportFile"))
        // What left the system, and for which period: the query is the report's filter.
        try await req.audit("report.exported", record: ("report", "\(report)/\(id)"),
                            detail: "format=\(format.rawValue) filter=\(String((req.url.query ?? "").prefix(300)))")
        return response
    }

    /// Tables as a downloaded file: XLSX holds every table (a sheet each, right-to-left in Arabic), CSV the first.
    /// For a download that checks and audits in its own way (the satisfaction answers) as well as for report tables.
    static func file(_ tables: [ReportTable], format: Format, req: Request, fallbackName: String, title: String) throws -> Response {
        guard let first = tables.first else { throw Abort(.notFound) }
        let body: Data
        switch format {
        case .xlsx: body = try XLSXWriter.workbook(tables, rightToLeft: req.language == .ar, modified: req.now)
        case .csv: body = CSVWriter.csv(first)
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: format == .xlsx ? XLSXWriter.contentType : CSVWriter.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: disposition(
            fallback: "\(fallbackName).\(format.rawValue)", title: "\(title).\(format.rawValue)"))
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    /// `attachment` with an ASCII name for old clients and the Arabic title in `filename*` (RFC 6266 / RFC 5987).
    static func disposition(fallback: String, title: String) -> String {
        let ascii = String(fallback.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        let cleanTitle = String(title.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !"/\\\"".unicodeScalars.contains($0) })
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(attributeEncoded(cleanTitle))"
    }

    /// RFC 5987 `value-chars`: attr-chars as they are, every other UTF-8 byte as %XX.
    static func attributeEncoded(_ text: String) -> String {
        let attrChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~".utf8)
        return text.utf8.map { attrChars.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
    }

    /// The download links of a report page, by table id, carrying the page's filter.
    struct Links: Encodable, Sendable {
        let title: String
        let xlsx: String
        let csv: String
    }

    static func links(report: String, tables: [ReportTable], query: String) -> [String: Links] {
        let suffix = query.isEmpty ? "" : "?" + query
        var links: [String: Links] = [:]
        for table in tables {
            links[table.id] = Links(title: table.title, xlsx: "/\(report)/export/\(table.id).xlsx\(suffix)",
                                    csv: "/\(report)/export/\(table.id).csv\(suffix)")
        }
        links[wholeReport] = Links(title: "", xlsx: "/\(report)/export/\(wholeReport).xlsx\(suffix)", csv: "")
        return links
    }
}
