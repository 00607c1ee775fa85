import Fluent
import Foundation
import LamasatCore
import Vapor

/// The import pages' view contexts, already localized.
enum ImportPage {
    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct RunRow: Encodable {
        let id: String
        let fileName: String
        let kind: String
        let status: String
        let statusCode: String
        let rows: Int
        let written: Int
        let created: String
    }

    struct IndexView: Encodable {
        let page: PageContext
        let error: String?
        let kinds: [Choice]
        let runs: [RunRow]
        let maximumMegabytes: Int
    }

    static func index(req: Request, error: String?, status: HTTPStatus) async throws -> View {
        let staff = try req.requireStaff()
        let query = ImportRun.query(on: req.db).sort(\.$createdAt, .descending).limit(20)
        query.withinReach(of: staff, \.$branchID)
        let formatter = DualCalendarFormatter(language: req.language)
        let runs = try await query.all().map { run in
            RunRow(id: run.id!.uuidString, fileName: run.fileName, kind: req.t(run.kind.localizationKey), status: req.t(run.status.localizationKey),
                   statusCode: run.status.rawValue, rows: run.totalRows, written: run.writtenRows, created: formatter.dateTime(run.createdAt).combined)
        }
        let kinds = ImportController.kinds(for: staff).map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0 == .files) }
        return try await req.render("import/index", IndexView(page: PageContext(req, title: req.t("import.title")), error: error.map { req.t($0) },
                                                              kinds: kinds, runs: runs, maximumMegabytes: ImportController.maximumUpload / 1_048_576))
    }

    struct MappedField: Encodable {
        let name: String
        let label: String
        let required: Bool
        let options: [Choice]
    }

    struct ProblemRow: Encodable {
        let row: Int
        let column: String
        let value: String
        let problem: String
    }

    struct ShowView: Encodable {
        let page: PageContext
        let id: String
        let fileName: String
        let status: String
        let statusCode: String
        let kind: String
        let error: String?
        let missing: [String]
        let editable: Bool
        let sheets: [Choice]
        let kinds: [Choice]
        let fields: [MappedField]
        let checked: Bool
        let canStart: Bool
        let working: Bool
        let finished: Bool
        let total: Int
        let good: Int
        let bad: Int
        let existing: Int
        let processed: Int
        let written: Int
        let percent: Int
        let problems: [ProblemRow]
        let problemsShown: Int
        let problemsTotal: Int
    }

    static let problemsOnPage = 200

    static func percent(_ run: ImportRun) -> Int {
        run.totalRows == 0 ? (run.status == .done ? 100 : 0) : min(100, run.processedRows * 100 / run.totalRows)
    }

    static func show(req: Request) async throws -> View {
        let run = try await ImportController.run(req)
        try await req.auditView("import", id: run.id!.uuidString)
        return try await page(req, run: run, error: nil, missing: [])
    }

    static func show(req: Request, run: ImportRun, error: String, missing: [String] = [], status: HTTPStatus) async throws -> Response {
        try await page(req, run: run, error: error, missing: missing).encodeResponse(status: status, for: req)
    }

    static func page(_ req: Request, run: ImportRun, error: String?, missing: [String]) async throws -> View {
        let staff = try req.requireStaff()
        let sheetNames = (try? SpreadsheetSource.sheetNames(of: run.url)) ?? []
        let headers = run.headers, mapping = run.mapping
        let required = Set(ImportRowReader.required(run.kind))
        let fields = run.kind.fields.map { field in
            MappedField(name: "map_\(field.rawValue)", label: req.t(field.localizationKey), required: required.contains(field),
                        options: [Choice(value: "", label: req.t("import.mapping.none"), selected: mapping[field] == nil)]
                            + headers.enumerated().map { index, header in
                                Choice(value: String(index), label: header.isEmpty ? req.t("import.mapping.column", String(index + 1)) : header,
                                       selected: mapping[field] == index)
                            })
        }
        let problems = run.problems
        let editable = !run.status.isWorking && run.writtenRows == 0 && run.status != .done && run.status != .cancelled
        return try await req.render("import/show", ShowView(
            page: PageContext(req, title: req.t("import.title")), id: run.id!.uuidString, fileName: run.fileName,
            status: req.t(run.status.localizationKey), statusCode: run.status.rawValue, kind: req.t(run.kind.localizationKey),
            error: error.map { req.t($0) }, missing: missing, editable: editable,
            sheets: sheetNames.enumerated().map { Choice(value: String($0), label: $1, selected: $0 == run.sheet) },
            kinds: ImportController.kinds(for: staff).map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0 == run.kind) },
            fields: fields, checked: run.status != .uploaded, canStart: run.status == .checked && run.goodRows > 0,
            working: run.status.isWorking, finished: [.done, .cancelled, .failed].contains(run.status),
            total: run.totalRows, good: run.goodRows, bad: run.badRows, existing: run.existingRows,
            processed: run.processedRows, written: run.writtenRows, percent: percent(run),
            problems: problems.prefix(problemsOnPage).map { ProblemRow(row: $0.row, column: $0.column, value: $0.value, problem: req.t($0.key)) },
            problemsShown: min(problems.count, problemsOnPage), problemsTotal: problems.count))
    }
}
