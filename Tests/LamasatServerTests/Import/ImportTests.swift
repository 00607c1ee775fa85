import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// A workbook of files (and optionally family members) written with the export's own writer.
func importWorkbook(files: [[String]], members: [[String]] = []) throws -> [UInt8] {
    func table(_ title: String, _ header: [String], _ rows: [[String]]) -> ReportTable {
        ReportTable(id: title, title: title, columns: header.map { .init(title: $0) }, rows: rows.map { $0.map { .text($0) } })
    }
    var tables = [table("الملفات", ["رقم الهوية", "الاسم الرباعي", "تاريخ الميلاد", "الجوال", "المدينة", "الفرع"], files)]
    if !members.isEmpty { tables.append(table("أفراد الأسر", ["هوية الأم", "الاسم", "صلة القرابة", "تاريخ الميلاد"], members)) }
    return [UInt8](try XLSXWriter.workbook(tables))
}

func importedFileRow(_ n: Int, branch: String = "") -> [String] {
    [NationalID.make(kind: .citizen, body: 4_000_000 + n).value, "سارة محمد علي الحربي", "1410/05/15", "05\(String(format: "%08d", 10_000_000 + n))", "الرياض", branch]
}

@Suite("Import: upload, map, dry run and report, import job with progress, idempotence, cancel, scope", .serialized)
struct ImportTests {
    /// Uploads and runs the dry run with the guessed mapping; returns the run's id.
    func uploadAndCheck(_ browser: Browser, _ bytes: [UInt8], kind: String = "files", sheet: Int? = nil) async throws -> String {
        let uploaded = try await browser.upload("/admin/import", ["kind": kind], file: bytes, filename: "قائمة.xlsx")
        #expect(uploaded.status == .seeOther)
        let id = String(try #require(uploaded.location).dropFirst("/admin/import/".count))
        if let sheet {
            let chosen = try await browser.post("/admin/import/\(id)/sheet", ["sheet": String(sheet), "kind": kind])
            #expect(chosen.status == .seeOther)
        }
        let run = try #require(try await ImportRun.find(UUID(uuidString: id), on: browser.app.db))
        var form: [String: String] = [:]
        for (field, index) in run.mapping { form["map_\(field.rawValue)"] = String(index) }
        let checked = try await browser.post("/admin/import/\(id)/check", form)
        #expect(checked.status == .seeOther, "check failed: \(checked.status)")
        return id
    }

    @Test("the dry run validates every row, flags duplicates in the file and in the database, reports in Arabic, and writes nothing")
    func dryRun() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            try await registerFile(manager, try await fileForm(t, id: importedFileRow(3)[0], mobile: "0551112233"))
            let bad = ["1045789327", "سارة محمد علي الحربي", "1410/05/15", "0501234567", "", ""]
            let badMobile = [importedFileRow(4)[0], "سارة محمد علي الحربي", "1410/05/15", "0112345678", "", ""]
            let emptyName = [importedFileRow(5)[0], "", "1410/05/15", "0501234567", "", ""]
            let bytes = try importWorkbook(files: [importedFileRow(1), importedFileRow(2), importedFileRow(1), importedFileRow(3), bad, badMobile, emptyName])
            let id = try await uploadAndCheck(manager, bytes)
            let run = try #require(try await ImportRun.find(UUID(uuidString: id), on: t.db))
            #expect(run.status == .checked)
            #expect((run.totalRows, run.goodRows, run.badRows, run.existingRows) == (7, 2, 4, 1))
            let page = try await manager.get("/admin/import/\(id)")
            #expect(page.contains("مكرر في الملف نفسه"))
            #expect(page.contains("رقم الهوية غير صحيح (خانة التحقق لا تطابق)"))
            #expect(page.contains(t.app.lamasat.localizer.text("validation.mobile.landline", .ar)))
            #expect(page.contains("الاسم أقل من أربعة أجزاء"))
            let report = try await manager.get("/admin/import/\(id)/report.xlsx")
            #expect(report.status == .ok)
            #expect(report.headers.contentType?.description.contains("spreadsheetml") == true)
            #expect(try await Beneficiary.query(on: t.db).count() == 1)
            #expect(try await t.auditEntries(action: "import.checked").count == 1)
            // The mapping is remembered by its headers.
            #expect(try await ImportMapping.query(on: t.db).count() == 1)
        }
    }

    @Test("the import job writes the good rows with progress, they are found by search, and importing the same file again changes nothing")
    func importAndAgain() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            let mother = importedFileRow(1)[0]
            let bytes = try importWorkbook(files: [importedFileRow(1), importedFileRow(2)],
                                           members: [[mother, "نورة سعد", "ابنة", "2015-03-01"], [mother, "فهد سعد", "ابن", "1436/01/01"],
                                                     ["1045789326", "ليلى", "ابنة", "2015-03-01"]])
            let id = try await uploadAndCheck(manager, bytes)
            #expect(try await manager.post("/admin/import/\(id)/start").status == .seeOther)
            try await JobWorker(application: t.app).runDueJobs()
            let run = try #require(try await ImportRun.find(UUID(uuidString: id), on: t.db))
            #expect(run.status == .done)
            #expect((run.processedRows, run.writtenRows) == (2, 2))
            let progress = try await manager.get("/admin/import/\(id)/progress")
            #expect(progress.contains("\"percent\":100"))
            #expect(try await t.auditEntries(action: "import.finished").count == 1)
            let found = try await manager.post("/beneficiaries/search", ["q": mother])
            #expect(found.contains("الحربي") && found.contains("••••••" + mother.suffix(4)))
            #expect(!found.contains("••••••" + importedFileRow(2)[0].suffix(4)))
            // The batch wrote the name indexes too: both files are found by a word of the name, each under its own number.
            let byName = try await manager.post("/beneficiaries/search", ["q": "الحربي"])
            #expect(byName.contains("••••••" + mother.suffix(4)) && byName.contains("••••••" + importedFileRow(2)[0].suffix(4)))
            let numbers = try await Beneficiary.query(on: t.db).all().map(\.fileSequence)
            #expect(Set(numbers).count == 2)
            // Family members from the second sheet, keyed by the mother's ID; an unknown mother is reported.
            let family = try await uploadAndCheck(manager, bytes, kind: "family", sheet: 1)
            let familyRun = try #require(try await ImportRun.find(UUID(uuidString: family), on: t.db))
            #expect((familyRun.goodRows, familyRun.badRows) == (2, 1))
            #expect(familyRun.problems.map(\.key) == ["import.problem.motherNotFound"])
            #expect(try await manager.post("/admin/import/\(family)/start").status == .seeOther)
            try await JobWorker(application: t.app).runDueJobs()
            #expect(try await FamilyMember.query(on: t.db).count() == 2)
            // Again: everything is already there.
            let again = try await uploadAndCheck(manager, bytes)
            let second = try #require(try await ImportRun.find(UUID(uuidString: again), on: t.db))
            #expect((second.goodRows, second.existingRows) == (0, 2))
            #expect(try await manager.post("/admin/import/\(again)/start").status == .conflict)
            let familyAgain = try await uploadAndCheck(manager, bytes, kind: "family", sheet: 1)
            #expect(try await ImportRun.find(UUID(uuidString: familyAgain), on: t.db)?.existingRows == 2)
            #expect(try await Beneficiary.query(on: t.db).count() == 2)
            #expect(try await FamilyMember.query(on: t.db).count() == 2)
        }
    }

    @Test("a cancelled import stops between batches; what was written stays and is reported")
    func cancel() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            let bytes = try importWorkbook(files: (1...1_200).map { importedFileRow($0) })
            let id = try await uploadAndCheck(manager, bytes)
            #expect(try await manager.post("/admin/import/\(id)/start").status == .seeOther)
            #expect(try await manager.post("/admin/import/\(id)/cancel").status == .seeOther)
            try await JobWorker(application: t.app).runDueJobs()
            let run = try #require(try await ImportRun.find(UUID(uuidString: id), on: t.db))
            #expect(run.status == .cancelled)
            #expect(run.writtenRows == 499)  // the first batch holds the header row
            #expect(try await Beneficiary.query(on: t.db).count() == 499)
            #expect(try await t.auditEntries(action: "import.cancelled").first?.detail?.contains("written=499") == true)
            #expect(try await manager.get("/admin/import/\(id)").contains(t.app.lamasat.localizer.text("import.status.cancelled", .ar)))
        }
    }

    @Test("wrong role: without importData the pages are refused; with it but without the files permission the kind is refused")
    func wrongRole() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/admin/import").status == .forbidden)
            let (donors, _) = try await t.signedIn(as: .donorOfficer)
            #expect(try await donors.get("/admin/import").status == .ok)
            let refused = try await donors.upload("/admin/import", ["kind": "files"], file: try importWorkbook(files: [importedFileRow(1)]), filename: "a.xlsx")
            #expect(refused.status == .forbidden)
            #expect(try await ImportRun.query(on: t.db).count() == 0)
        }
    }

    @Test("other branch: another branch's import is 404, and a branch column may not name a branch outside her scope")
    func otherBranch() async throws {
        try await withLamasat { t in
            let north = try await t.makeBranch("NTH")
            let (manager, _) = try await t.signedIn(as: .manager, scope: .ownBranch)
            let id = try await uploadAndCheck(manager, try importWorkbook(files: [importedFileRow(1), importedFileRow(2, branch: "NTH")]))
            let run = try #require(try await ImportRun.find(UUID(uuidString: id), on: t.db))
            #expect((run.goodRows, run.badRows) == (1, 1))
            #expect(run.problems.map(\.key) == ["import.problem.branchOutOfScope"])
            let (other, _) = try await t.signedIn(as: .manager, username: "north", branch: north, scope: .ownBranch)
            #expect(try await other.get("/admin/import/\(id)").status == .notFound)
            #expect(try await other.post("/admin/import/\(id)/start").status == .notFound)
            #expect(try await other.get("/admin/import/\(id)/report.xlsx").status == .notFound)
        }
    }

    @Test("bad files are refused with a message and nothing stored: not a list, empty, a row wider than any list, a broken workbook")
    func badFiles() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            let wide = Array((0..<400).map { "c\($0)" }.joined(separator: ",").utf8) + [0x0A]
            let cases: [([UInt8], String)] = [
                (samplePNG, "import.problem.file.unreadable"),
                ([], "import.problem.file.empty"),
                (wide, "import.problem.file.rowTooLong"),
                ([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "import.problem.file.unreadable"),
            ]
            for (bytes, key) in cases {
                let page = try await manager.upload("/admin/import", ["kind": "files"], file: bytes, filename: "list.xlsx")
                #expect(page.status == .unprocessableEntity, "\(key)")
                #expect(page.contains(t.app.lamasat.localizer.text(key, .ar)), "\(key)")
            }
            #expect(try await ImportRun.query(on: t.db).count() == 0)
        }
    }
}
