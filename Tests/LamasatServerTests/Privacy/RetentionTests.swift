import Fluent
import Foundation
import LamasatCore
import SQLKit
import Testing
import Vapor
@testable import LamasatServer

@Suite("Retention schedule and anonymisation", .serialized)
struct RetentionTests {
    /// Every table and text, JSON or binary column of the database, SQLite's full-text and vocabulary tables and their
    /// shadow tables included: where `needle` is found, as "table.column".
    static func occurrences(of needle: String, on db: any Database) async throws -> [String] {
        struct Column: Decodable { let t: String; let c: String; let binary: Bool }
        let columns: [Column] = db.isPostgres
            ? try await db.sql.raw("""
                SELECT table_name AS t, column_name AS c, data_type = 'bytea' AS binary FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
                """).all(decoding: Column.self)
            : try await db.sql.raw("""
                SELECT m.name AS t, p.name AS c, 0 AS binary FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'
                """).all(decoding: Column.self)
        #expect(columns.count > 300, "the search reads the whole schema")
        var found: [String] = []
        for column in columns {
            let hit: SQLQueryString = !db.isPostgres
                ? "instr(CAST(\(ident: column.c) AS BLOB), CAST(\(bind: needle) AS BLOB)) > 0"
                : column.binary ? "position(convert_to(\(bind: needle), 'UTF8') in \(ident: column.c)) > 0"
                : "\(ident: column.c)::text LIKE \(bind: "%" + needle + "%")"
            struct Count: Decodable { let n: Int }
            let n = try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: column.t) WHERE " + hit).first(decoding: Count.self)?.n ?? 0
            if n > 0 { found.append("\(column.t).\(column.c)") }
        }
        return found
    }

    /// The cells of every table of the reports that count requests, services, people and cases, for November.
    static func reportCells(_ browser: Browser) async throws -> [String: [String]] {
        var cells: [String: [String]] = [:]
        for report in ["requests", "services", "people", "relations", "messages"] {
            let page = try await browser.get("/reports/\(report)?period=2026-11")
            #expect(page.status == .ok, "\(report)")
            cells[report] = page.body.components(separatedBy: "<td").dropFirst().map { cell in
                String(cell.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
            }
        }
        return cells
    }

    static func needles(id: String, mobile: String, words: [String]) -> [String] {
        [id, mobile, "+966" + mobile.dropFirst(), String(mobile.dropFirst())] + words + words.map(ArabicSearch.normalize)
    }

    @Test("an approved batch removes her from every table (full-text, vocabulary, outbox and jobs included), a file kept back stays whole, and the reports' totals do not move")
    func anonymisesEverywhere() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            // Her file: documents, a signed declaration, research, the committee's approval, messages, family, a case, a portal visit.
            let herForm = try await fileForm(t, id: "1000000008", mobile: "0551112233", first: "وجدان", family: "الشمرانية")
            let (her, request) = try await crew.inCommittee(fileForm: herForm)
            let meeting = try await crew.meeting()
            #expect(try await crew.vote(0, meeting, request, .approve).status == .seeOther)
            #expect(try await crew.vote(1, meeting, request, .approve).status == .seeOther)
            let fund = try await crew.funded()
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(request)/decide", ["outcome": "approve", "amount": "4500", "fundID": fund]).status == .seeOther)
            #expect(try await crew.officer.post("/beneficiaries/\(her)/family", ["relation": "son", "fullName": "ريان الشمرانية", "birthDate": "2017-03-01",
                                                                                   "birthCalendar": "gregorian", "sex": "male", "schooling": "primary",
                                                                                   "isDependant": "on"]).status == .seeOther)
            let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .inquiry).first())
            let now = t.clock.now()
            let officerUser = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "relationsofficer1").first())
            let inquiry = Inquiry.opened(beneficiaryID: her, contactName: "وجدان الشمرانية", contactPhone: "0551112233", branchID: try await t.headOffice().id!,
                                         channel: .phone, categoryID: category.id!, question: "وجدان تسأل عن موعد القرار", createdBy: officerUser.id!, at: now, due: now)
            try await inquiry.register(now: now, on: t.db)
            _ = try await portalSignIn(t, nationalID: "1000000008")
            // Another applicant, never registered, kept back by the administrator: the search finds her, so it can find.
            let keptID = try await registerFile(crew.officer, try await fileForm(t, id: "1000000016", mobile: "0552223344", first: "هند", family: "العتيبية"))
            // A registered file the schedule does not touch.
            let other = try await registerFile(crew.officer, try await fileForm(t))
            try await t.db.sql.raw("UPDATE beneficiaries SET status = 'registered' WHERE id = \(bind: other)").run()
            try await t.db.sql.raw("UPDATE beneficiaries SET status = 'closed' WHERE id = \(bind: her)").run()
            let herNeedles = Self.needles(id: "1000000008", mobile: "0551112233", words: ["وجدان", "الشمرانية"])
            for needle in herNeedles.prefix(2) { #expect(try await !Self.occurrences(of: needle, on: t.db).isEmpty, "\(needle) is there before") }

            // Two months on; the schedule asks one month after the last activity.
            t.clock.advance(by: 70 * 86_400)
            let (admin, _) = try await t.signedIn(as: .admin)
            let (manager, _) = try await t.signedIn(as: .manager, username: "manager2")
            let before = try await Self.reportCells(manager)
            var schedule: [String: String] = [:]
            // The files only: her messages must go with her file, not because old messages go anyway.
            for kind in RetentionKind.allCases {
                (schedule["months.\(kind.rawValue)"], schedule["enabled.\(kind.rawValue)"]) = ("1", kind.isItemised ? "on" : "")
            }
            #expect(try await admin.post("/admin/retention/schedule", schedule).location == "/admin/retention?done=retentionScheduleSaved")
            #expect(try await admin.post("/admin/retention/scan").location == "/admin/retention?done=retentionProposed")
            let batch = try #require(try await RetentionBatch.query(on: t.db).first())
            #expect(batch.status == .proposed && batch.dueCounts[.closedFiles] == 1 && batch.dueCounts[.unregisteredApplicants] == 1)
            // The preview: file numbers and branches, never a name.
            let herFile = try #require(try await Beneficiary.find(her, on: t.db)), keptFile = try #require(try await Beneficiary.find(keptID, on: t.db))
            let preview = try await admin.get("/admin/retention")
            #expect(preview.contains(herFile.fileNumber) && preview.contains(keptFile.fileNumber) && !preview.contains("وجدان") && !preview.contains("هند"))

            // Kept back with a reason (none: refused, nothing changes).
            let keptItem = try #require(try await RetentionItem.query(on: t.db).filter(\.$beneficiaryID == keptID).first())
            let noReason = try await admin.post("/admin/retention/items/\(keptItem.id!)/keep", ["reason": "  "])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(t.app.lamasat.localizer.text("retention.error.keepReason", .ar)))
            #expect(try await RetentionItem.find(keptItem.id, on: t.db)?.status == .due)
            #expect(try await admin.post("/admin/retention/items/\(keptItem.id!)/keep", ["reason": "قضية منظورة"]).location == "/admin/retention?done=retentionKept")
            // Approval needs the confirmation, and the page she read: the keeping above moved the batch on.
            let unconfirmed = try await admin.post("/admin/retention/batches/\(batch.id!)/approve", ["version": String(batch.version + 1)])
            #expect(unconfirmed.status == .unprocessableEntity && unconfirmed.contains(t.app.lamasat.localizer.text("retention.error.confirm", .ar)))
            #expect(try await admin.post("/admin/retention/batches/\(batch.id!)/approve", ["version": String(batch.version), "confirm": "on"]).status == .conflict)
            #expect(try await RetentionBatch.find(batch.id, on: t.db)?.status == .proposed)
            #expect(try await admin.post("/admin/retention/batches/\(batch.id!)/approve", ["version": String(batch.version + 1), "confirm": "on"])
                .location == "/admin/retention?done=retentionApproved")
            #expect(try await JobWorker(application: t.app).runDueJobs() == 1)

            let applied = try #require(try await RetentionBatch.find(batch.id, on: t.db))
            #expect(applied.status == .applied && applied.appliedCounts[.closedFiles] == 1 && applied.appliedCounts[.unregisteredApplicants] == 0)
            for needle in herNeedles {
                let left = try await Self.occurrences(of: needle, on: t.db)
                #expect(left.isEmpty, "\(needle) is still in \(left)")
            }
            // The file kept back, and the registered one, are whole.
            #expect(try await !Self.occurrences(of: "1000000016", on: t.db).isEmpty)
            #expect(try await !Self.occurrences(of: "العتيبية", on: t.db).isEmpty)
            #expect(try await Beneficiary.find(other, on: t.db)?.nationalID == "1045789326")
            // What the statistics count stays: her file, request, decision and family row, and every report's figures.
            let file = try #require(try await Beneficiary.find(her, on: t.db))
            #expect(file.anonymisedAt != nil && file.status == .closed && file.addressCity == "الرياض" && file.monthlyRent == herFile.monthlyRent)
            #expect(try await SupportRequest.find(request, on: t.db)?.status == .approved)
            #expect(try await BeneficiaryRegistry.similar(to: file, on: t.db).isEmpty, "an anonymised file looks like no one")
            #expect(try await FamilyMember.query(on: t.db).filter(\.$beneficiary.$id == her).count() == 1)
            #expect(try await Self.reportCells(manager) == before)
            // The trail keeps that it happened, not the data.
            #expect(try await t.auditEntries(action: "beneficiary.anonymised").map(\.recordID) == [her.uuidString])
            // Her file reads as anonymised, and nothing on it changes any more.
            let page = try await manager.get("/beneficiaries/\(her)")
            #expect(page.contains(t.app.lamasat.localizer.text("beneficiary.anonymised", .ar, [""]).prefix(20).description) && !page.contains("/beneficiaries/\(her)/edit"))
            let edit = try await manager.post("/beneficiaries/\(her)/family", ["relation": "son", "fullName": "سالم", "birthDate": "2018-03-01",
                                                                                 "birthCalendar": "gregorian", "sex": "male", "schooling": "primary"])
            #expect(edit.status == .conflict && edit.contains(t.app.lamasat.localizer.text("beneficiary.error.anonymised", .ar)))
            // Looking again finds nothing new: she is gone, and the kept file waits a year.
            #expect(try await admin.post("/admin/retention/scan").location == "/admin/retention?done=retentionNothingDue")
        }
    }

    @Test("the daily job proposes once a day and tells the administrators; a discarded batch needs a reason and is not proposed again that day")
    func dailyProposal() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (admin, adminUser) = try await t.signedIn(as: .admin)
            _ = try await registerFile(officer, try await fileForm(t))
            let worker = JobWorker(application: t.app)
            await worker.runPeriodicTasks()
            #expect(try await RetentionBatch.query(on: t.db).count() == 0, "switched off until the administrator switches it on")
            try await t.db.sql.raw("UPDATE retention_rules SET is_enabled = TRUE, months = 1 WHERE kind = 'unregisteredApplicants'").run()
            t.clock.advance(by: 40 * 86_400)
            try await admin.signIn("admin1", "correct horse battery")
            await worker.runPeriodicTasks()
            let batch = try #require(try await RetentionBatch.query(on: t.db).first())
            #expect(batch.status == .proposed && batch.reference == "RT-1")
            let notice = try #require(try await StaffNotification.query(on: t.db).filter(\.$kind == .retentionProposed).first())
            #expect(notice.userID == adminUser.id && notice.reference == "RT-1" && notice.link == "/admin/retention")
            // Discarding says why.
            let silent = try await admin.post("/admin/retention/batches/\(batch.id!)/discard", ["version": String(batch.version), "note": ""])
            #expect(silent.status == .unprocessableEntity && silent.contains(t.app.lamasat.localizer.text("retention.error.discardReason", .ar)))
            #expect(try await admin.post("/admin/retention/batches/\(batch.id!)/discard", ["version": String(batch.version), "note": "نراجع الجدول أولًا"])
                .location == "/admin/retention?done=retentionDiscarded")
            await worker.runPeriodicTasks()
            #expect(try await RetentionBatch.query(on: t.db).count() == 1, "not again the same day")
            t.clock.advance(by: 86_400)
            await worker.runPeriodicTasks()
            #expect(try await RetentionBatch.query(on: t.db).count() == 2)
            #expect(try await t.auditEntries(action: "retention.discarded").count == 1)
            #expect(try await Beneficiary.query(on: t.db).filter(\.$anonymisedAt != nil).count() == 0)
        }
    }

    @Test("an imported spreadsheet and its refused rows go once the months after its end have passed; its counts stay, an unfinished import is ended")
    func importFiles() async throws {
        try await withLamasat { t in
            let (admin, adminUser) = try await t.signedIn(as: .admin)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var runs: [ImportRun] = []
            for (name, status) in [("old.xlsx", ImportRun.Status.done), ("left.xlsx", .checked), ("recent.xlsx", .done)] {
                let path = folder.appendingPathComponent(name).path
                try Data("1000000008,وجدان".utf8).write(to: URL(fileURLWithPath: path))
                let run = ImportRun(kind: .files, branchID: try await t.headOffice().id!, fileName: name, storedPath: path,
                                    createdBy: adminUser.id!, now: t.clock.now())
                (run.status, run.goodRows, run.writtenRows) = (status, 12, 12)
                run.problemsJSON = #"[{"row":3,"value":"1000000008"}]"#
                run.finishedAt = status == .done ? t.clock.now() : nil
                try await run.create(on: t.db)
                runs.append(run)
            }
            t.clock.advance(by: 100 * 86_400)
            runs[2].finishedAt = t.clock.now()
            try await runs[2].save(on: t.db)
            try await t.db.sql.raw("UPDATE retention_rules SET is_enabled = TRUE WHERE kind = 'importFiles'").run()
            try await admin.signIn("admin1", "correct horse battery")
            #expect(try await admin.post("/admin/retention/scan").location == "/admin/retention?done=retentionProposed")
            let batch = try #require(try await RetentionBatch.query(on: t.db).first())
            #expect(batch.dueCounts == [.importFiles: 2])
            #expect(try await admin.post("/admin/retention/batches/\(batch.id!)/approve", ["version": String(batch.version), "confirm": "on"]).status == .seeOther)
            #expect(try await JobWorker(application: t.app).runDueJobs() == 1)
            #expect(try await RetentionBatch.find(batch.id, on: t.db)?.appliedCounts == [.importFiles: 2])
            let after = try await ImportRun.query(on: t.db).sort(\.$fileName).all()
            #expect(after.map(\.fileName) == ["left.xlsx", "old.xlsx", "recent.xlsx"])
            #expect(after[0].status == .cancelled && after[0].storedPath.isEmpty && after[0].problemsJSON == "[]")
            #expect(after[1].status == .done && after[1].storedPath.isEmpty && after[1].writtenRows == 12)
            #expect(!after[2].storedPath.isEmpty && after[2].problemsJSON.contains("1000000008"))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(left == ["recent.xlsx"])
        }
    }

    @Test("the schedule refuses months outside 1–600 in her language and changes nothing; each change is audited")
    func scheduleValidation() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.get("/admin/retention")
            #expect(page.status == .ok && page.contains(t.app.lamasat.localizer.text("retention.kind.closedFiles", .ar)))
            let refused = try await admin.post("/admin/retention/schedule", ["months.closedFiles": "0", "enabled.closedFiles": "on", "months.sentMessages": "abc",
                                                                              "months.unregisteredApplicants": "24", "months.onlineRegistrations": "12", "months.importFiles": "3"])
            #expect(refused.status == .unprocessableEntity && refused.contains(t.app.lamasat.localizer.text("retention.error.months", .ar)))
            let unchanged = try await RetentionSchedule.current(on: t.db)
            #expect(unchanged.rules[.closedFiles] == .init(months: 60, isEnabled: false) && unchanged.enabled.isEmpty)
            #expect(try await admin.post("/admin/retention/schedule", ["months.closedFiles": "٨٤", "enabled.closedFiles": "on", "months.sentMessages": "24",
                                                                       "months.unregisteredApplicants": "24", "months.onlineRegistrations": "12", "months.importFiles": "3"]).status == .seeOther)
            #expect(try await RetentionSchedule.current(on: t.db).rules[.closedFiles] == .init(months: 84, isEnabled: true))
            #expect(try await t.auditEntries(action: "settings.retention").last?.detail == "closedFiles 60off→84")
        }
    }

    @Test("wrong role: no one but an administrator sees the schedule, proposes, keeps, approves or discards, and the menu does not offer it")
    func wrongRole() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (admin, _) = try await t.signedIn(as: .admin)
            _ = try await registerFile(officer, try await fileForm(t))
            try await t.db.sql.raw("UPDATE retention_rules SET is_enabled = TRUE, months = 1 WHERE kind = 'unregisteredApplicants'").run()
            t.clock.advance(by: 40 * 86_400)
            try await admin.signIn("admin1", "correct horse battery")
            #expect(try await admin.post("/admin/retention/scan").location == "/admin/retention?done=retentionProposed")
            let batch = try #require(try await RetentionBatch.query(on: t.db).first())
            let item = try #require(try await RetentionItem.query(on: t.db).first())
            // The register is the association's (no branch); every other role is refused, whatever its branch.
            for role in RolePermissions.roles(without: .manageRetention) {
                let (browser, _) = try await t.signedIn(as: role, username: "x\(role.rawValue.lowercased())")
                #expect(try await browser.get("/admin/retention").status == .forbidden, "\(role)")
                #expect(try await browser.post("/admin/retention/schedule", ["months.closedFiles": "1", "enabled.closedFiles": "on"]).status == .forbidden, "\(role)")
                #expect(try await browser.post("/admin/retention/scan").status == .forbidden, "\(role)")
                #expect(try await browser.post("/admin/retention/items/\(item.id!)/keep", ["reason": "x"]).status == .forbidden, "\(role)")
                #expect(try await browser.post("/admin/retention/batches/\(batch.id!)/approve", ["version": "0", "confirm": "on"]).status == .forbidden, "\(role)")
                #expect(try await browser.post("/admin/retention/batches/\(batch.id!)/discard", ["version": "0", "note": "x"]).status == .forbidden, "\(role)")
                #expect(try await browser.get("/").contains("/admin/retention") == false, "\(role)")
            }
            #expect(try await RetentionBatch.find(batch.id, on: t.db)?.status == .proposed)
            #expect(try await RetentionItem.find(item.id, on: t.db)?.status == .due)
            #expect(try await RetentionSchedule.current(on: t.db).enabled == [.unregisteredApplicants])
            // An id that names nothing is "not found", for the administrator too.
            #expect(try await admin.post("/admin/retention/batches/\(UUID())/approve", ["version": "0", "confirm": "on"]).status == .notFound)
            #expect(try await admin.post("/admin/retention/items/\(UUID())/keep", ["reason": "x"]).status == .notFound)
        }
    }
}
