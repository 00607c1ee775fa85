import Fluent
import Foundation
import LamasatCore
import Vapor

/// Issue 19's demo: two imports by the manager through the real engine and job body, of family members of the demo's
/// files (the demo keeps its 200 files): one finished, and one she cancelled after its first batch. Added once.
enum DemoImports {
    static func load(manager username: String, now: Date, on app: Application) async throws -> Int {
        guard try await ImportRun.query(on: app.db).count() == 0,
              let manager = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else { return 0 }
        let folder = URL(fileURLWithPath: app.lamasat.config.dataDirectory).appendingPathComponent("imports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mothers = try await Beneficiary.query(on: app.db).filter(\.$branch.$id == manager.$branch.id).sort(\.$fileSequence).limit(40).all(\.$nationalID)
        guard !mothers.isEmpty else { return 0 }
        let children = ["نورة", "فهد", "سارة", "خالد", "ريم", "تركي"]
        for (name, count, cancelled) in [("أفراد أسر المستفيدات.xlsx", 40, false), ("أفراد الأسر — القائمة الكاملة.xlsx", 1_200, true)] {
            let rows: [[ReportTable.Cell]] = (0..<count).map { n in
                let child = children[n % children.count]
                return [.text(mothers[n % mothers.count]), .text("\(child) \(n + 1)"), .text(n % 2 == 0 ? "ابنة" : "ابن"),
                        .text("20\(10 + n % 12)-0\(1 + n % 9)-1\(n % 9)")]
            }
            let table = ReportTable(id: "list", title: "أفراد الأسر", columns: ["هوية الأم", "الاسم", "صلة القرابة", "تاريخ الميلاد"].map { .init(title: $0) },
                                    rows: rows)
            let run = ImportRun(kind: .family, branchID: manager.$branch.id, fileName: name,
                                storedPath: folder.appendingPathComponent(UUID().uuidString).path, createdBy: try manager.requireID(), now: now)
            try XLSXWriter.workbook([table], modified: now).write(to: run.url)
            try await ImportEngine.prepare(run, on: app.db)
            let checked = try await ImportEngine(run: run, db: app.db, today: now, ownBranchOnly: nil).dryRun()
            run.totalRows = checked.total
            run.goodRows = checked.good
            run.status = .queued
            run.cancelRequested = cancelled
            try await run.create(on: app.db)
            try await ImportJob.perform(run, importer: manager, application: app, on: app.db)
        }
        return 2
    }
}
