import Fluent
import Foundation
import LamasatCore
import Vapor

/// `lamasat import FILE --kind files [--sheet N] [--branch CODE] [--dry-run] [--user NAME]`: the page's import for
/// lists too large to upload, through the same engine (`ImportEngine`) and job body (`ImportJob.perform`). The run is
/// recorded like an uploaded one, so the page lists it, and it is audited as the named user.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "an XLSX or CSV file") var file: String
        @Option(name: "kind", help: "files, family, pastAid, donors, donations or volunteers (default files)") var kind: String?
        @Option(name: "sheet", help: "the sheet's number, from 1 (default 1)") var sheet: Int?
        @Option(name: "branch", help: "branch code for rows that name none (default: the user's branch)") var branch: String?
        @Option(name: "user", help: "the importing user's sign-in name (default: the first administrator)") var user: String?
        @Flag(name: "dry-run", help: "check every row and print the report; write nothing") var dryRun: Bool
        init() {}
    }

    var help: String { "Imports an association's existing list (beneficiary files, family members, past aid, donors, donations or volunteers) from XLSX or CSV." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let db = app.db
        guard let kind = ImportKind(rawValue: signature.kind ?? "files") else { throw CommandProblem("import: --kind must be one of " + ImportKind.allCases.map(\.rawValue).joined(separator: ", ")) }
        let url = URL(fileURLWithPath: signature.file)
        let sheets: [String]
        do { sheets = try SpreadsheetSource.sheetNames(of: url) } catch { throw CommandProblem("import: cannot read \(signature.file) (\(error.rawValue))") }
        let sheet = (signature.sheet ?? 1) - 1
        guard sheets.indices.contains(sheet) else { throw CommandProblem("import: the file has \(sheets.count) sheet(s): \(sheets.joined(separator: ", "))") }
        let userQuery = StaffUser.query(on: db)
        if let name = signature.user { userQuery.filter(\.$username == name) } else { userQuery.filter(\.$role == .admin) }
        guard let user = try await userQuery.sort(\.$createdAt).first() else { throw CommandProblem("import: no such user") }
        var branchID = user.$branch.id
        if let code = signature.branch {
            guard let branch = try await Branch.query(on: db).filter(\.$code == code).first() else { throw CommandProblem("import: no branch \(code)") }
            branchID = try branch.requireID()
        }
        let now = app.lamasat.clock.now()
        let run = ImportRun(kind: kind, branchID: branchID, fileName: url.lastPathComponent, storedPath: url.path, createdBy: try user.requireID(), now: now)
        run.sheet = sheet
        try await ImportEngine.prepare(run, on: db)
        let missing = ImportRowReader(kind: kind, mapping: run.mapping, headers: run.headers, today: now).missingFields()
        guard missing.isEmpty else {
            throw CommandProblem("import: no column recognised for \(missing.map(\.rawValue).joined(separator: ", ")); headers: \(run.headers.joined(separator: ", "))")
        }
        let started = ContinuousClock.now
        let summary = try await ImportEngine(run: run, db: db, today: now, ownBranchOnly: nil).dryRun()
        run.totalRows = summary.total
        run.goodRows = summary.good
        run.badRows = summary.bad
        run.existingRows = summary.existing
        run.status = .checked
        try await run.create(on: db)
        context.console.print("dry run: \(summary.total) rows, \(summary.good) to import, \(summary.bad) with problems, \(summary.existing) already there (\(started.duration(to: .now)))")
        for problem in run.problems.prefix(20) {
            context.console.print("  row \(problem.row) · \(problem.column) · \(problem.value) · \(app.lamasat.localizer.text(problem.key, .en))")
        }
        guard !signature.dryRun else {
            try await ImportJob.audit("import.checked", run, importer: user, outcome: .success, detail: "console dry run rows=\(summary.total)", application: app, on: db)
            return
        }
        run.status = .queued
        try await run.save(on: db)
        let writeStarted = ContinuousClock.now
        let written = try await ImportJob.perform(run, importer: user, application: app, on: db)
        if run.status == .failed { throw CommandProblem("import failed: \(run.error ?? "")") }
        context.console.print("import: \(written.written) written, \(written.existing) already there, \(written.bad) skipped (\(writeStarted.duration(to: .now)))")
    }
}
