import Fluent
import Foundation
import LamasatCore
import Vapor

/// The import as one background job: it writes batch by batch, records its progress for the page's bar, stops
/// between batches when she cancels (what is written stays, and is reported), and is audited as the importer.
enum ImportJob {
    static let kind = "import.run"

    static func run(_ context: JobContext) async throws {
        guard let id = UUID(uuidString: context.job.payload), let run = try await ImportRun.find(id, on: context.db), run.status.isWorking else { return }
        let app = context.application
        let importer = try await StaffUser.find(run.createdBy, on: context.db)
        try await perform(run, importer: importer, application: app, on: context.db)
    }

    /// Also what `lamasat import` runs, without the queue.
    @discardableResult
    static func perform(_ run: ImportRun, importer: StaffUser?, application app: Application, on db: any Database) async throws -> ImportEngine.Summary {
        let id = try run.requireID()
        let ownBranch = importer.flatMap { $0.scope == .ownBranch ? $0.$branch.id : nil }
        run.status = .running
        run.updatedAt = app.lamasat.clock.now()
        try await run.save(on: db)
        let engine = ImportEngine(run: run, db: db, today: app.lamasat.clock.now(), ownBranchOnly: ownBranch)
        let summary: ImportEngine.Summary
        do {
            summary = try await engine.write(actor: run.createdBy) { progress in
                run.processedRows = progress.total
                run.writtenRows = progress.written
                run.updatedAt = app.lamasat.clock.now()
                try await run.save(on: db)
                return try await ImportRun.query(on: db).filter(\.$id == id).first()?.cancelRequested ?? false
            }
        } catch {
            run.status = .failed
            run.error = String(String(describing: error).prefix(500))
            run.finishedAt = app.lamasat.clock.now()
            try await run.save(on: db)
            try await audit("import.failed", run, importer: importer, outcome: .failure, detail: run.error, application: app, on: db)
            return ImportEngine.Summary()
        }
        run.status = summary.cancelled ? .cancelled : .done
        run.processedRows = summary.total
        run.writtenRows = summary.written
        if !summary.cancelled { run.totalRows = summary.total }
        run.finishedAt = app.lamasat.clock.now()
        run.updatedAt = app.lamasat.clock.now()
        try await run.save(on: db)
        try await audit(summary.cancelled ? "import.cancelled" : "import.finished", run, importer: importer, outcome: .success,
                        detail: "kind=\(run.kind.rawValue) rows=\(summary.total) written=\(summary.written) existing=\(summary.existing) bad=\(summary.bad)",
                        application: app, on: db)
        return summary
    }

    static func audit(_ action: String, _ run: ImportRun, importer: StaffUser?, outcome: AuditRecord.Outcome, detail: String?,
                      application app: Application, on db: any Database) async throws {
        try await AuditChain.append(.init(actorID: importer?.id, actorName: importer?.fullName ?? "console", actorBranchID: importer?.$branch.id,
                                          action: action, recordType: "import", recordID: run.id?.uuidString, outcome: outcome,
                                          address: nil, detail: detail),
                                    at: app.lamasat.clock.now(), key: app.lamasat.secrets.audit, on: db)
    }
}
