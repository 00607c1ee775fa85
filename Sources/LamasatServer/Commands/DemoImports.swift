import Fluent
import Foundation
import LamasatCore
import Vapor

/// Issue 19's demo, through the real engine and job body: the manager's family members of the demo's files (one
/// import finished, one cancelled after its first batch) and their aid from before Lamasat; the donor officer's
/// older donors and their gifts; the coordinator's list of volunteers. Added once.
enum DemoImports {
    static func load(manager username: String, donors donorsUser: String, volunteers volunteersUser: String, now: Date,
                     on app: Application) async throws -> Int {
        guard try await ImportRun.query(on: app.db).count() == 0,
              let manager = try await StaffUser.query(on: app.db).filter(\.$username == username).first() else { return 0 }
        let mothers = try await Beneficiary.query(on: app.db).filter(\.$branch.$id == manager.$branch.id).sort(\.$fileSequence).limit(40).all(\.$nationalID)
        guard !mothers.isEmpty else { return 0 }
        let children = ["نورة", "فهد", "سارة", "خالد", "ريم", "تركي"]
        for (name, count, cancelled) in [("أفراد أسر المستفيدات.xlsx", 40, false), ("أفراد الأسر — القائمة الكاملة.xlsx", 1_200, true)] {
            let rows: [[String]] = (0..<count).map { n in
                [mothers[n % mothers.count], "\(children[n % children.count]) \(n + 1)", n % 2 == 0 ? "ابنة" : "ابن", "20\(10 + n % 12)-0\(1 + n % 9)-1\(n % 9)"]
            }
            try await run(.family, name, ["هوية الأم", "الاسم", "صلة القرابة", "تاريخ الميلاد"], rows, by: manager, cancelled: cancelled, now: now, on: app)
        }
        let aid: [[String]] = mothers.prefix(30).enumerated().map { n, id in
            n % 2 == 0 ? [id, "سلة غذائية", "2025-\(String(format: "%02d", 1 + n % 12))-10", "", "1", "سلة غذائية (قائمة 2025)"]
                : [id, "مساعدة مالية", "1446/\(String(format: "%02d", 1 + n % 12))/15", String(500 + n * 50), "", "إعانة نقدية (قائمة 1446)"]
        }
        try await run(.pastAid, "المساعدات المصروفة 1446.xlsx", ["هوية المستفيدة", "نوع الدعم", "تاريخ الصرف", "المبلغ", "الكمية", "البيان"], aid,
                      by: manager, now: now, on: app)
        var count = 4
        if let officer = try await StaffUser.query(on: app.db).filter(\.$username == donorsUser).first() {
            let givers = (0..<12).map { "05" + String(61_000_000 + $0 * 37) }
            try await run(.donors, "متبرعو الأعوام السابقة.xlsx", ["اسم المتبرع", "نوع المتبرع", "الجوال", "يوافق على التواصل"],
                          givers.enumerated().map { n, mobile in ["\(["منيرة", "حصة", "عبد الله", "سلمان"][n % 4]) \(["السبيعي", "الشمري", "العنزي"][n % 3]) \(n + 1)", "فرد", mobile, n % 2 == 0 ? "نعم" : ""] },
                          by: officer, now: now, on: app)
            try await run(.donations, "تبرعات 2025.xlsx", ["المتبرع", "المبلغ", "تاريخ التبرع", "طريقة الدفع", "المرجع", "نوع التبرع", "الصندوق"],
                          (0..<36).map { n in
                              [givers[n % givers.count], String(200 * (1 + n % 10)), "2025-\(String(format: "%02d", 1 + n % 12))-05", n % 2 == 0 ? "تحويل بنكي" : "نقدا",
                               n % 2 == 0 ? "TRX-2025-\(n)" : "", ["زكاة", "صدقة", "عام"][n % 3], ["", "صندوق الصدقات", "الصندوق العام"][n % 3]]
                          }, by: officer, now: now, on: app)
            count += 2
        }
        if let coordinator = try await StaffUser.query(on: app.db).filter(\.$username == volunteersUser).first() {
            try await run(.volunteers, "متطوعات البرامج السابقة.xlsx", ["رقم الهوية", "الاسم الرباعي", "الجوال", "المدينة", "الأحياء", "المهارات"],
                          (0..<8).map { n in
                              [NationalID.make(kind: .citizen, body: 9_300_000 + n).value, "\(["أمل", "جود", "لمى", "هند"][n % 4]) محمد سعد \(["الحربي", "العتيبي"][n % 2])",
                               "05" + String(62_000_000 + n * 41), "الرياض", "النسيم، الروضة", ["قيادة", "تدريس، ترجمة", "تغليف"][n % 3]]
                          }, by: coordinator, now: now, on: app)
            count += 1
        }
        return count
    }

    /// Writes the list as a workbook, checks it and runs its job as the page would.
    private static func run(_ kind: ImportKind, _ name: String, _ header: [String], _ rows: [[String]], by importer: StaffUser,
                            cancelled: Bool = false, now: Date, on app: Application) async throws {
        let folder = URL(fileURLWithPath: app.lamasat.config.dataDirectory).appendingPathComponent("imports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let table = ReportTable(id: "list", title: "القائمة", columns: header.map { .init(title: $0) }, rows: rows.map { $0.map { .text($0) } })
        let run = ImportRun(kind: kind, branchID: importer.$branch.id, fileName: name, storedPath: folder.appendingPathComponent(UUID().uuidString).path,
                            createdBy: try importer.requireID(), now: now)
        try XLSXWriter.workbook([table], modified: now).write(to: run.url)
        try await ImportEngine.prepare(run, on: app.db)
        let checked = try await ImportEngine(run: run, db: app.db, today: now, ownBranchOnly: nil).dryRun()
        run.totalRows = checked.total
        run.goodRows = checked.good
        run.status = .queued
        run.cancelRequested = cancelled
        try await run.create(on: app.db)
        try await ImportJob.perform(run, importer: importer, application: app, on: app.db)
    }
}
