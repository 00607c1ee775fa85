import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Rights requests: the 30-day deadline with weekends and holidays, identity, decision with reasons, answer, extension, portal, reach", .serialized)
struct RightsRequestTests {
    func text(_ t: TestContext, _ key: String, _ args: String...) -> String { t.app.lamasat.localizer.text(key, .ar, args) }

    func day(_ date: Date) -> String { WorkingCalendar().dayString(date) }

    @Test("recorded from her file: the deadline's 30th day is a Friday so it ends Thursday, a holiday moves it a day earlier; identity, decision, answer in time")
    func lifecycle() async throws {
        try await withLamasat { t in
            // Received Wednesday 25 November 2026: the 30th day is Friday 25 December; Thursday 24 December is a holiday.
            try await Holiday(day: "2026-12-24", name: "عطلة").create(on: t.db)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let made = try await officer.post("/beneficiaries/\(file)/rights/new", ["kind": "access", "details": "أريد معرفة ما لديكم عني"])
            #expect(made.status == .seeOther)
            let r = try #require(try await RightsRequest.query(on: t.db).first())
            #expect(r.status == .received && r.source == .staff && day(r.dueAt) == "2026-12-23" && r.reference.hasPrefix("PD-2026-"))
            let path = "/rights/\(r.id!)"
            let page = try await officer.get(path)
            // Thursday 26 Nov → Wednesday 23 Dec: 20 working days (Sunday to Thursday).
            #expect(page.contains(text(t, "rights.clock.left", "20")) && page.contains("/beneficiaries/\(file)/export"))
            // Decided before her identity is confirmed: refused as a conflict.
            #expect(try await officer.post("\(path)/decide", ["decision": "granted"]).status == .conflict)
            #expect(try await officer.post("\(path)/identity", ["method": "idSeen"]).status == .seeOther)
            let noReason = try await officer.post("\(path)/decide", ["decision": "partly", "reasons": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(text(t, "rights.error.reasons")))
            #expect(try await officer.post("\(path)/decide", ["decision": "partly", "reasons": "سجلات الصرف تحفظ عشر سنوات"]).status == .seeOther)
            let today = day(t.clock.now())
            let future = try await officer.post("\(path)/answer", ["day": "2027-01-05", "answerMethod": "inPerson"])
            #expect(future.status == .unprocessableEntity && future.contains(text(t, "rights.error.day")))
            #expect(try await officer.post("\(path)/answer", ["day": today, "answerMethod": "inPerson", "answerNote": "سُلّمت نسخة مطبوعة"]).status == .seeOther)
            let done = try #require(try await RightsRequest.find(r.id, on: t.db))
            #expect(done.status == .answered && done.answeredInTime == true && done.decision == .partly && done.identityMethod == "idSeen")
            #expect(try await officer.get(path).contains(text(t, "rights.clock.inTime")))
            #expect(try await officer.post("\(path)/answer", ["day": today, "answerMethod": "sms"]).status == .conflict)
            #expect(try await officer.get("/beneficiaries/\(file)?tab=rights").contains(done.reference))
            // Found by its reference, her ID or her name; not by another's.
            for q in [done.reference, "1045789326", "أميرة"] { #expect(try await officer.get("/rights?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").contains(path), "\(q)") }
            #expect(!(try await officer.get("/rights?q=1099999999")).contains(path))
            for action in ["rights.received", "rights.identity", "rights.decided", "rights.answered"] {
                #expect(try await t.auditEntries(action: action).count == 1, "\(action)")
            }
        }
    }

    @Test("extended once with a reason; overdue ones are listed as such; the report counts in time, late and overdue by kind")
    func extendAndReport() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            for kind in ["copy", "deletion", "restriction"] {
                _ = try await officer.post("/beneficiaries/\(file)/rights/new", ["kind": kind, "identity": "callBack"])
            }
            let copy = try #require(try await RightsRequest.query(on: t.db).filter(\.$kind == .copy).first())
            let deletion = try #require(try await RightsRequest.query(on: t.db).filter(\.$kind == .deletion).first())
            #expect(copy.status == .verified)
            let noReason = try await officer.post("/rights/\(copy.id!)/extend", ["days": "30", "extensionReason": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(text(t, "validation.required")))
            let tooLong = try await officer.post("/rights/\(copy.id!)/extend", ["days": "45", "extensionReason": "ملف كبير"])
            #expect(tooLong.status == .unprocessableEntity && tooLong.contains(text(t, "rights.error.days")))
            #expect(try await officer.post("/rights/\(copy.id!)/extend", ["days": "٣٠", "extensionReason": "مستندات في أرشيف الفرع"]).status == .seeOther)
            let extended = try #require(try await RightsRequest.find(copy.id, on: t.db))
            // 24 December + 30 days = 23 January 2027, a Saturday: Thursday 21 January.
            let extendedTo = try #require(extended.extendedDueAt)
            #expect(day(extended.dueAt) == "2026-12-24" && day(extendedTo) == "2027-01-21")
            let again = try await officer.post("/rights/\(copy.id!)/extend", ["days": "5", "extensionReason": "مرة أخرى"])
            #expect(again.status == .conflict && again.contains(text(t, "rights.error.extendedOnce")))
            #expect(try await RightsRequest.find(copy.id, on: t.db)?.extendedDueAt == extendedTo)
            // Received 35 days ago: the deletion is decided and answered late, the restriction stays open past its deadline; the
            // copy is within its extension.
            for r in try await RightsRequest.query(on: t.db).all() {
                r.receivedAt = t.clock.now().addingTimeInterval(-35 * 86_400)
                r.dueAt = RightsDeadline(calendar: WorkingCalendar()).due(from: r.receivedAt)
                if r.kind == .copy { r.extendedDueAt = RightsDeadline(calendar: WorkingCalendar()).due(from: r.dueAt) }
                try await r.save(on: t.db)
            }
            _ = try await officer.post("/rights/\(deletion.id!)/decide", ["decision": "refused", "reasons": "الملف فيه طلبات قائمة"])
            _ = try await officer.post("/rights/\(deletion.id!)/answer", ["day": day(t.clock.now()), "answerMethod": "sms"])
            #expect(try await RightsRequest.find(deletion.id, on: t.db)?.answeredInTime == false)
            let overdue = try await officer.get("/rights?state=overdue")
            let restriction = try #require(try await RightsRequest.query(on: t.db).filter(\.$kind == .restriction).first())
            #expect(overdue.contains("/rights/\(restriction.id!)"))
            #expect(!overdue.contains("/rights/\(copy.id!)") && !overdue.contains("/rights/\(deletion.id!)"))
            let report = try await officer.get("/rights/report?year=2026")
            let row = { (kind: String) in report.body.components(separatedBy: self.text(t, "rights.kind.\(kind)")).dropFirst().first?.components(separatedBy: "</tr>").first ?? "" }
            #expect(row("deletion").contains(">0<") && row("deletion").contains(">1<") && row("deletion").contains("0%"))
            #expect(row("restriction").contains("0%"))
            #expect(report.contains(text(t, "rights.report.total")))
        }
    }

    @Test("from her portal: identity confirmed by her sign-in, the deadline shown; a correction without details and an unknown kind are refused")
    func portal() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let her = try await portalSignIn(t)
            let empty = try await her.post("/portal/rights", ["kind": "correction", "details": ""])
            #expect(empty.status == .unprocessableEntity && empty.contains(text(t, "rights.error.correctionDetails")))
            #expect(try await her.post("/portal/rights", ["kind": "forget", "details": "x"]).status == .unprocessableEntity)
            #expect(try await RightsRequest.query(on: t.db).count() == 0)
            let asked = try await her.post("/portal/rights", ["kind": "correction", "details": "اسم الحي خطأ، الصحيح: النسيم"])
            #expect(asked.status == .seeOther && asked.location == "/portal/rights?done=portalRightsAsked")
            let r = try #require(try await RightsRequest.query(on: t.db).first())
            #expect(r.beneficiaryID == file && r.source == .portal && r.status == .verified && r.identityMethod == "portalCode" && r.recordedBy == nil)
            let mine = try await her.get("/portal/rights")
            #expect(mine.contains(r.reference) && mine.contains(text(t, "rights.status.verified")))
            let summary = try await officer.get("/beneficiaries/\(file)")
            #expect(summary.contains(text(t, "rights.card.title")) && summary.contains(r.reference))
            #expect(try await officer.get("/rights/\(r.id!)").contains("/beneficiaries/\(file)/edit"))
            // What she asked is part of everything held about her.
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let export = try decoder.decode(DataExportController.Export.self, from: Data(try await officer.get("/beneficiaries/\(file)/export.json").body.utf8))
            #expect(export.rightsRequests.map(\.reference) == [r.reference] && export.rightsRequests.first?.kind == "correction")
        }
    }

    @Test("wrong role and other branch: a researcher gets 403 everywhere; another branch's officer gets 404 and does not see it listed")
    func reach() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            _ = try await officer.post("/beneficiaries/\(file)/rights/new", ["kind": "access"])
            let r = try #require(try await RightsRequest.query(on: t.db).first())
            for role in [Role.researcher, .serviceOfficer, .committeeMember, .admin] {
                let (browser, _) = try await t.signedIn(as: role)
                #expect(try await browser.get("/rights").status == .forbidden, "\(role)")
                #expect(try await browser.get("/rights/\(r.id!)").status == .forbidden, "\(role)")
                #expect(try await browser.post("/rights/\(r.id!)/identity", ["method": "idSeen"]).status == .forbidden, "\(role)")
                #expect(try await browser.post("/beneficiaries/\(file)/rights/new", ["kind": "copy"]).status == .forbidden, "\(role)")
            }
            let north = try await t.makeBranch("NTH")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "north", branch: north, scope: .ownBranch)
            #expect(try await other.get("/rights/\(r.id!)").status == .notFound)
            #expect(try await other.post("/rights/\(r.id!)/identity", ["method": "idSeen"]).status == .notFound)
            #expect(try await other.get("/beneficiaries/\(file)/rights/new").status == .notFound)
            #expect(!(try await other.get("/rights")).contains(r.reference))
            #expect(try await RightsRequest.query(on: t.db).count() == 1)
            #expect(try await RightsRequest.find(r.id, on: t.db)?.status == .received)
        }
    }
}
