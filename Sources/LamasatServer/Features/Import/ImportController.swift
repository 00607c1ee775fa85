import Fluent
import Foundation
import LamasatCore
import Vapor

/// `/admin/import`: upload a list, choose its sheet and kind, map its columns, see the dry run's report, then import
/// the good rows as one background job she can watch and cancel.
struct ImportController: RouteCollection {
    /// A workbook of 100,000 rows is a few megabytes; larger lists go through `lamasat import`.
    static let maximumUpload = 30 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped("import")
        imports.get { try await self.index(req: $0) }.requires(.importData)
        imports.on(.POST, body: .collect(maxSize: ByteCount(value: Self.maximumUpload + 1024 * 1024))) { try await self.upload(req: $0) }
            .requires(.importData)
        let one = imports.grouped(":importID")
        one.get { try await ImportPage.show(req: $0) }.requires(.importData)
        one.get("progress") { try await self.progress(req: $0) }.requires(.importData)
        one.get("report.xlsx") { try await self.report(req: $0) }.requires(.importData)
        one.post("sheet") { try await self.chooseSheet(req: $0) }.requires(.importData)
        one.post("check") { try await self.check(req: $0) }.requires(.importData)
        one.post("start") { try await self.start(req: $0) }.requires(.importData)
        one.post("cancel") { try await self.cancel(req: $0) }.requires(.importData)
    }

    /// The page permission a kind needs besides `importData`.
    static func permission(for kind: ImportKind) -> Permission {
        switch kind {
        case .files, .family, .pastAid: .editBeneficiaries
        case .donors, .donations: .manageDonors
        case .volunteers: .manageVolunteers
        }
    }

    static func kinds(for staff: StaffContext) -> [ImportKind] { ImportKind.allCases.filter { staff.can(permission(for: $0)) } }

    func index(req: Request) async throws -> View {
        try await ImportPage.index(req: req, error: nil, status: .ok)
    }

    struct UploadInput: Content {
        var file: File?
        var kind: String?
    }

    func upload(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let input = try? req.content.decode(UploadInput.self)
        let kind = ImportKind(rawValue: input?.kind ?? "") ?? .files
        guard Self.kinds(for: staff).contains(kind) else { throw Abort(.forbidden) }
        guard let file = input?.file, file.data.readableBytes > 0 else {
            return try await ImportPage.index(req: req, error: "import.problem.file.empty", status: .unprocessableEntity).encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard file.data.readableBytes <= Self.maximumUpload else {
            return try await ImportPage.index(req: req, error: "import.problem.file.tooLarge", status: .payloadTooLarge).encodeResponse(status: .payloadTooLarge, for: req)
        }
        let folder = URL(fileURLWithPath: req.application.lamasat.config.dataDirectory).appendingPathComponent("imports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = ImportRun(kind: kind, branchID: staff.user.$branch.id, fileName: String(file.filename.prefix(200)),
                            storedPath: folder.appendingPathComponent(UUID().uuidString).path, createdBy: staff.userID, now: req.now)
        try Data(buffer: file.data).write(to: run.url)
        do {
            _ = try SpreadsheetSource.sheetNames(of: run.url)
            try await ImportEngine.prepare(run, on: req.db)
        } catch {
            try? FileManager.default.removeItem(at: run.url)
            try await req.audit("import.refused", outcome: .denied, detail: "file=\(run.fileName) \(error)")
            let key = (error as? SpreadsheetSource.Problem)?.localizationKey ?? "import.problem.file.unreadable"
            return try await ImportPage.index(req: req, error: key, status: .unprocessableEntity).encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await run.create(on: req.db)
        try await req.audit("import.uploaded", record: ("import", try run.requireID().uuidString), detail: "kind=\(kind.rawValue) file=\(run.fileName)")
        return req.redirect(to: "/admin/import/\(try run.requireID().uuidString)")
    }

    /// A run of the reader's reach whose kind she may import; another branch's is 404.
    static func run(_ req: Request) async throws -> ImportRun {
        let run = try await req.scoped(ImportRun.self, id: req.parameters.get("importID"), branch: \.$branchID)
        guard kinds(for: try req.requireStaff()).contains(run.kind) else { throw Abort(.forbidden) }
        return run
    }

    func chooseSheet(req: Request) async throws -> Response {
        let run = try await Self.run(req)
        guard !run.status.isWorking, run.writtenRows == 0 else { throw Abort(.conflict) }
        let staff = try req.requireStaff()
        let sheets = (try? SpreadsheetSource.sheetNames(of: run.url)) ?? []
        let sheet = (try? req.content.get(Int.self, at: "sheet")) ?? run.sheet
        let kind = (try? req.content.get(String.self, at: "kind")).flatMap(ImportKind.init(rawValue:)) ?? run.kind
        guard sheets.indices.contains(sheet), Self.kinds(for: staff).contains(kind) else { throw Abort(.badRequest) }
        run.sheet = sheet
        run.kind = kind
        run.status = .uploaded
        do { try await ImportEngine.prepare(run, on: req.db) } catch {
            return try await ImportPage.show(req: req, run: run, error: "import.problem.file.empty", status: .unprocessableEntity)
        }
        run.updatedAt = req.now
        try await run.save(on: req.db)
        return req.redirect(to: "/admin/import/\(try run.requireID().uuidString)")
    }

    /// The dry run: every row through the validators; nothing is written.
    func check(req: Request) async throws -> Response {
        let run = try await Self.run(req)
        guard !run.status.isWorking, run.writtenRows == 0 else { throw Abort(.conflict) }
        var mapping: [ImportField: Int] = [:]
        for field in run.kind.fields {
            if let index = try? req.content.get(Int.self, at: "map_\(field.rawValue)"), run.headers.indices.contains(index) { mapping[field] = index }
        }
        run.mapping = mapping
        let missing = ImportRowReader(kind: run.kind, mapping: mapping, headers: run.headers, today: req.now).missingFields()
        guard missing.isEmpty else {
            return try await ImportPage.show(req: req, run: run, error: "import.mapping.missing",
                                             missing: missing.map { req.t($0.localizationKey) }, status: .unprocessableEntity)
        }
        let staff = try req.requireStaff()
        let summary: ImportEngine.Summary
        do {
            summary = try await ImportEngine(run: run, db: req.db, today: req.now, ownBranchOnly: staff.ownBranchOnly).dryRun()
        } catch let problem as SpreadsheetSource.Problem {
            return try await ImportPage.show(req: req, run: run, error: problem.localizationKey, status: .unprocessableEntity)
        }
        try await ImportMapping.remember(HeaderMatcher.signature(run.headers, kind: run.kind), mapping, now: req.now, on: req.db)
        run.totalRows = summary.total
        run.goodRows = summary.good
        run.badRows = summary.bad
        run.existingRows = summary.existing
        run.status = .checked
        run.updatedAt = req.now
        try await run.save(on: req.db)
        try await req.audit("import.checked", record: ("import", try run.requireID().uuidString),
                            detail: "kind=\(run.kind.rawValue) rows=\(summary.total) good=\(summary.good) bad=\(summary.bad) existing=\(summary.existing)")
        return req.redirect(to: "/admin/import/\(try run.requireID().uuidString)")
    }

    func start(req: Request) async throws -> Response {
        let run = try await Self.run(req)
        guard run.status == .checked, run.goodRows > 0 else { throw Abort(.conflict) }
        run.status = .queued
        run.cancelRequested = false
        run.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await run.save(on: db)
            try await JobQueue.enqueue(ImportJob.kind, payload: try run.requireID().uuidString, maxAttempts: 3, now: req.now, on: db)
            try await req.audit("import.started", record: ("import", try run.requireID().uuidString), detail: "rows=\(run.goodRows)", on: db)
        }
        return req.redirect(to: "/admin/import/\(try run.requireID().uuidString)")
    }

    func cancel(req: Request) async throws -> Response {
        let run = try await Self.run(req)
        guard run.status.isWorking else { throw Abort(.conflict) }
        run.cancelRequested = true
        run.updatedAt = req.now
        try await run.save(on: req.db)
        try await req.audit("import.cancelRequested", record: ("import", try run.requireID().uuidString))
        return req.redirect(to: "/admin/import/\(try run.requireID().uuidString)")
    }

    struct Progress: Content {
        let status: String
        let statusLabel: String
        let processed: Int
        let total: Int
        let written: Int
        let percent: Int
        let finished: Bool
    }

    func progress(req: Request) async throws -> Progress {
        let run = try await Self.run(req)
        return Progress(status: run.status.rawValue, statusLabel: req.t(run.status.localizationKey), processed: run.processedRows,
                        total: run.totalRows, written: run.writtenRows, percent: ImportPage.percent(run),
                        finished: !run.status.isWorking)
    }

    /// The dry run's report as a workbook: row, column, value, problem, in her language.
    func report(req: Request) async throws -> Response {
        let run = try await Self.run(req)
        let table = ReportTable(
            id: "report", title: req.t("import.report.title"),
            columns: ["import.report.row", "import.report.column", "import.report.value", "import.report.problem"].map { .init(title: req.t($0)) },
            rows: run.problems.map { [.number($0.row), .text($0.column), .text($0.value), .text(req.t($0.key))] })
        try await req.audit("import.reportDownloaded", record: ("import", try run.requireID().uuidString), detail: "problems=\(table.rows.count)")
        return try TableExport.file([table], format: .xlsx, req: req, fallbackName: "import-report", title: req.t("import.report.title"))
    }
}
