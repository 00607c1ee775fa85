import Fluent
import Foundation
import LamasatCore
import SQLKit
import Testing
import Vapor
@testable import LamasatServer

@Suite("Proactive rules, campaigns and call lists", .serialized)
struct OutreachTests {
    /// A registered widow's file with verified documents (ID card expiring on `idExpiry`) and a school-age son.
    static func registeredFile(_ t: TestContext, _ officer: Browser, id: String = "1045789326", mobile: String = "0501234567",
                               first: String = "أميرة", idExpiry: String = "2030-01-01") async throws -> UUID {
        let file = try await registerFile(officer, try await fileForm(t, id: id, mobile: mobile, first: first))
        try await officer.get("/beneficiaries/\(file)?tab=documents")
        for code in ["id_card", "death_certificate"] {
            let type = try #require(try await DocumentType.query(on: t.db).filter(\.$code == code).first())
            #expect(try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "issueDate": "2020-01-01",
                                                                                  "expiryDate": code == "id_card" ? idExpiry : ""],
                                             file: samplePDF, filename: "\(code).pdf").status == .seeOther)
        }
        for document in try await BeneficiaryDocument.query(on: t.db).filter(\.$beneficiary.$id == file).all() {
            try await officer.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "matched"])
        }
        #expect(try await officer.post("/beneficiaries/\(file)/status", ["status": "registered"]).status == .seeOther)
        #expect(try await officer.post("/beneficiaries/\(file)/family", ["relation": "son", "fullName": "خالد", "birthDate": "2016-09-01",
                                                                         "sex": "male", "schooling": "primary"]).status == .seeOther)
        return file
    }

    static func rule(_ t: TestContext, _ code: OutreachRule.Code) async throws -> OutreachRule {
        try #require(try await OutreachRule.query(on: t.db).filter(\.$code == code.rawValue).first())
    }

    @Test("documents expiring: the preview shows who matches, a run messages her once, a second run and the daily pass add nothing")
    func documentsExpiring() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            // The rules run for every branch: an all-branches manager sets them.
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let soon = try await Self.registeredFile(t, officer, idExpiry: "2026-12-15")
            _ = try await Self.registeredFile(t, officer, id: "1000000008", mobile: "0551234567", first: "نورة", idExpiry: "2031-01-01")
            let page = try await manager.get("/outreach")
            #expect(page.contains("المطابقات اليوم: 1") && page.contains("أميرة عبد الله سعد القحطاني"))
            #expect(page.contains("ينتهي مستند «الهوية الوطنية / الإقامة» في ملفك خلال 20 يومًا"))
            let rule = try await Self.rule(t, .documentsExpiring)
            #expect(try await officer.post("/outreach/\(rule.id!)/run").status == .forbidden)
            #expect(try await manager.post("/outreach/\(rule.id!)/run").status == .seeOther)
            let messages = try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "outreach_rule").all()
            #expect(messages.count == 1 && messages.first?.body.contains("أميرة") == true)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "outreach_rule").all().first?.idempotencyKey.contains(soon.uuidString) == false)
            try await manager.post("/outreach/\(rule.id!)/run")
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "outreach_rule").count() == 1)
            // Enabled, it runs once a day by itself.
            #expect(try await manager.post("/outreach/\(rule.id!)", ["enabled": "on", "days": "400", "message": "x"]).status == .unprocessableEntity)
            let refused = try await manager.post("/outreach/\(rule.id!)", ["enabled": "on", "days": "30", "message": "{name} {unknown}"])
            #expect(refused.status == .unprocessableEntity && refused.contains(">{name} {unknown}</textarea>"), "what she typed stays in the box")
            #expect(try await manager.post("/outreach/\(rule.id!)", ["enabled": "on", "days": "30", "message": rule.messageArabic]).status == .seeOther)
            try await OutreachEngine.daily(now: t.clock.now(), baseURL: "http://lamasat.test", on: t.db)
            try await OutreachEngine.daily(now: t.clock.now(), baseURL: "http://lamasat.test", on: t.db)
            #expect(try await OutreachRun.query(on: t.db).filter(\.$ranBy == "schedule").count() == 1)
            // A manager of one branch previews and runs, but does not change rules that run everywhere.
            let (branchManager, _) = try await t.signedIn(as: .manager, username: "branch.manager")
            let branchPage = try await branchManager.get("/outreach")
            #expect(branchPage.contains(t.app.lamasat.localizer.text("outreach.rulesForAllBranches", .ar)) && !branchPage.contains("action=\"/outreach/\(rule.id!)\" "))
            #expect(try await branchManager.post("/outreach/\(rule.id!)", ["enabled": "", "days": "30", "message": rule.messageArabic]).status == .forbidden)
            #expect(try await OutreachRule.find(rule.id, on: t.db)?.enabled == true)
            // Her page lists her branch's runs, not the schedule's over every branch.
            #expect(!branchPage.contains("schedule"))
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "outreach_rule").count() == 1)
        }
    }

    @Test("the Ramadan programme matches registered households inside its Hijri window only")
    func ramadanWindow() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            _ = try await Self.registeredFile(t, officer)
            _ = try await registerFile(officer, try await fileForm(t, id: "1000000008", mobile: "0551234567", first: "نورة"))  // an applicant
            let rule = try await Self.rule(t, .ramadan)
            #expect(try await OutreachEngine.matches(rule, now: t.clock.now(), ownBranch: nil, on: t.db).isEmpty)
            // 1 February 2027 is 21 Sha'ban 1448: inside 15 Sha'ban – 1 Ramadan.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = DualCalendarFormatter.riyadh
            let inside = try #require(calendar.date(from: DateComponents(year: 2027, month: 2, day: 1, hour: 12)))
            let found = try await OutreachEngine.matches(rule, now: inside, ownBranch: nil, on: t.db)
            #expect(found.count == 1 && found.first?.name == "أميرة عبد الله سعد القحطاني")
            #expect(found.first?.key.hasSuffix(":1448") == true)
        }
    }

    @Test("no contact for long: a call list is made once; logging the call ticks the entry off")
    func callList() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            let file = try await Self.registeredFile(t, officer)
            let rule = try await Self.rule(t, .noContact)
            let later = t.clock.now().addingTimeInterval(100 * 86_400)
            let result = try await OutreachEngine.run(rule, now: later, by: "test", baseURL: "http://lamasat.test", ownBranch: nil, on: t.db)
            #expect(result.listed == 1)
            #expect(try await OutreachEngine.run(rule, now: later, by: "test", baseURL: "http://lamasat.test", ownBranch: nil, on: t.db).listed == 0)
            let list = try #require(try await CallList.query(on: t.db).first())
            let entry = try #require(try await CallEntry.query(on: t.db).first())
            // The officer sees the list once it is hers.
            #expect(!(try await officer.get("/calls").contains(list.id!.uuidString)))
            try await manager.get("/calls/\(list.id!)")
            let officerUser = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "relationsofficer1").first())
            #expect(try await manager.post("/calls/\(list.id!)/assign", ["owner": officerUser.id!.uuidString]).status == .seeOther)
            #expect(try await officer.get("/calls/\(list.id!)").contains("أميرة عبد الله سعد القحطاني"))
            try await officer.get("/contacts/new?beneficiary=\(file)&call=\(entry.id!)")
            #expect(try await officer.post("/contacts?beneficiary=\(file)&call=\(entry.id!)", ["channel": "phone", "direction": "outgoing",
                                                                                             "subject": "اطمئنان على الأسرة", "outcome": "answered"]).status == .seeOther)
            let ticked = try #require(try await CallEntry.find(entry.id, on: t.db))
            #expect(ticked.isDone && ticked.contactID != nil)
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.get("/calls").status == .forbidden)
        }
    }

    @Test("a campaign's segment count equals a direct SQL count; sending queues one message per file, with progress and a report")
    func campaign() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (manager, _) = try await t.signedIn(as: .manager)
            _ = try await Self.registeredFile(t, officer)
            _ = try await Self.registeredFile(t, officer, id: "1000000008", mobile: "0551234567", first: "نورة")
            let stopped = try await registerFile(officer, try await fileForm(t, id: "2000000006", mobile: "0561234567", first: "هند", family: "الشهري"))
            try await officer.post("/beneficiaries/\(stopped)/messages/preferences", ["channel": "sms", "optedOut": "on"])
            let segment = Segment(schoolAgeChildren: true)
            let counted = try await segment.count(ownBranch: nil, today: t.clock.now(), on: t.db)
            struct N: Decodable { let n: Int }
            let (oldest, youngest) = BeneficiaryRegistry.schoolAgeBirthRange(today: t.clock.now())
            let direct = try await t.db.sql.raw("""
                SELECT COUNT(DISTINCT b.id) AS n FROM beneficiaries b JOIN family_members m ON m.beneficiary_id = b.id
                WHERE m.birth_date >= \(bind: oldest) AND m.birth_date <= \(bind: youngest) AND b.consent_given = \(bind: true)
                """).first(decoding: N.self)?.n
            #expect(counted == direct && counted == 2)
            // Children's ages: Khalid, born 1 September 2016, is ten.
            #expect(try await Segment(childMinimumAge: 8, childMaximumAge: 12).count(ownBranch: nil, today: t.clock.now(), on: t.db) == 2)
            #expect(try await Segment(childMinimumAge: 10, childMaximumAge: 10).count(ownBranch: nil, today: t.clock.now(), on: t.db) == 2)
            #expect(try await Segment(childMinimumAge: 0, childMaximumAge: 5).count(ownBranch: nil, today: t.clock.now(), on: t.db) == 0)
            #expect(try await Segment(childMinimumAge: 11, childMaximumAge: 14).count(ownBranch: nil, today: t.clock.now(), on: t.db) == 0)
            let all = try await Segment().count(ownBranch: nil, today: t.clock.now(), on: t.db)
            #expect(all == 2, "the file that stopped messages is left out")
            let preview = try await manager.get("/campaigns/new?preview=1&schoolAgeChildren=1")
            #expect(preview.contains("ملفان مطابقان"))
            #expect(try await manager.post("/campaigns", ["name": "", "channel": "fax", "body": "", "schoolAgeChildren": "on"]).status == .unprocessableEntity)
            // "Count and sample" in the same form shows the segment as typed, and creates nothing.
            let counted2 = try await manager.post("/campaigns", ["intent": "preview", "status": "registered", "name": "x"])
            #expect(counted2.status == .ok && counted2.contains("ملفان مطابقان") && counted2.contains("value=\"x\""))
            #expect(try await Campaign.query(on: t.db).count() == 0)
            // A filter that cannot be read is refused with its reason, not silently read as "any".
            let unreadable = try await manager.get("/campaigns/new?preview=1&minimumHousehold=abc")
            #expect(unreadable.status == .unprocessableEntity && unreadable.contains("اكتبي عددًا صحيحًا من 0 إلى 30") && !unreadable.contains("ملفان مطابقان"))
            #expect(try await manager.post("/campaigns", ["name": "x", "channel": "sms", "body": "أهلًا", "noContactDays": "99999"]).status == .unprocessableEntity)
            #expect(try await Campaign.query(on: t.db).count() == 0)
            #expect(try await officer.post("/campaigns", ["name": "x"]).status == .forbidden)
            #expect(try await manager.post("/campaigns", ["name": "العودة إلى المدارس", "channel": "sms", "body": "أهلًا {name}، برنامج الحقيبة المدرسية مفتوح.",
                                                          "schoolAgeChildren": "on"]).status == .seeOther)
            let campaign = try #require(try await Campaign.query(on: t.db).first())
            #expect(campaign.total == 2)
            while try await JobWorker(application: t.app).runDueJobs() > 0 {}
            let report = try await CampaignsController.report(try #require(try await Campaign.find(campaign.id, on: t.db)), on: t.db)
            #expect(report.total == 2 && report.queued == 2 && report.sent == 2 && report.status == "done")
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "campaign").all().contains { $0.body.contains("أهلًا نورة") })
            // Each message carries her branch, so her branch's manager sees it in the outbox.
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "campaign").all().allSatisfy { $0.branchID != nil })
            #expect(try await manager.get("/admin/outbox").contains("أهلًا نورة"))
            // The job run again (a retry after a crash) adds nothing.
            try await CampaignsController.send(JobContext(job: try #require(try await Job.query(on: t.db).filter(\.$kind == CampaignsController.sendJob).first()),
                                                          db: t.db, application: t.app, logger: t.app.logger))
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "campaign").count() == 2)
            let page = try await manager.get("/campaigns/\(campaign.id!)")
            #expect(page.contains("<progress") && page.contains("العودة إلى المدارس"))
            #expect(try await manager.get("/campaigns/\(campaign.id!)/progress").contains("\"sent\":2"))
            // A campaign scheduled for tomorrow can be called off; the job then sends nothing.
            #expect(try await manager.post("/campaigns", ["name": "غدًا", "channel": "sms", "body": "أهلًا {name}", "schoolAgeChildren": "on",
                                                          "date": "2026-11-26", "time": "10:00"]).status == .seeOther)
            let later = try #require(try await Campaign.query(on: t.db).filter(\.$name == "غدًا").first())
            #expect(try await manager.post("/campaigns/\(later.id!)/cancel").status == .seeOther)
            #expect(try await manager.post("/campaigns/\(later.id!)/cancel").status == .conflict)
            #expect(try await manager.post("/campaigns/\(campaign.id!)/cancel").status == .conflict)
            t.clock.advance(by: 2 * 86_400)
            while try await JobWorker(application: t.app).runDueJobs() > 0 {}
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedID == later.id!.uuidString).count() == 0)
        }
    }

    @Test("rule, campaign and call-list forms: errors on their fields in her language, what she typed kept, nothing changed")
    func outreachForms() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let (officer, officerUser) = try await t.signedIn(as: .relationsOfficer)
            let rule = try await Self.rule(t, .documentsExpiring)
            try await manager.get("/outreach")
            let refused = try await manager.post("/outreach/\(rule.id!)", ["enabled": "on", "days": "400", "message": ""])
            #expect(refused.status == .unprocessableEntity && refused.contains(t.app.lamasat.localizer.text("outreach.error.days", .ar)))
            #expect(refused.contains("id=\"field-days-documentsExpiring-error\"") && refused.contains("id=\"field-message-documentsExpiring-error\"") && refused.contains("value=\"400\""))
            #expect(try await OutreachRule.find(rule.id, on: t.db)?.days == rule.days)
            // A campaign: the message's errors on its fields, the segment as typed.
            try await manager.get("/campaigns/new")
            let campaign = try await manager.post("/campaigns", ["name": "تذكير", "channel": "letter", "body": "أهلًا {nickname}", "city": "تبوك", "noContactDays": "99999"])
            #expect(campaign.status == .unprocessableEntity && campaign.contains(t.app.lamasat.localizer.text("campaign.error.number", .ar, ["3650"])))
            #expect(campaign.contains("id=\"field-channel-error\"") && campaign.contains("id=\"field-body-error\"") && campaign.contains(">أهلًا {nickname}</textarea>"))
            #expect(campaign.contains("value=\"تبوك\"") && campaign.contains("value=\"99999\"") && campaign.contains("value=\"تذكير\""))
            #expect(try await Campaign.query(on: t.db).count() == 0)
            #expect(try await officer.post("/campaigns", ["name": "x", "channel": "sms", "body": "x"]).status == .forbidden)
            // A call list goes only to someone who may call her files.
            let list = CallList()
            list.name = "اتصالات"; list.source = "manual"; list.branchID = try await t.headOffice().id!; list.createdAt = t.clock.now()
            try await list.create(on: t.db)
            let page = try await manager.get("/calls/\(list.id!)")
            #expect(page.contains("<label for=\"field-owner\">") && page.contains(officerUser.fullName))
            #expect(try await manager.post("/calls/\(list.id!)/assign", ["owner": UUID().uuidString]).status == .badRequest)
            #expect(try await CallList.find(list.id, on: t.db)?.assignedTo == nil)
            #expect(try await officer.post("/calls/\(list.id!)/assign", ["owner": officerUser.id!.uuidString]).status == .forbidden)
            #expect(try await manager.post("/calls/\(list.id!)/assign", ["owner": officerUser.id!.uuidString]).status == .seeOther)
            #expect(try await CallList.find(list.id, on: t.db)?.assignedTo == officerUser.id)
        }
    }
}
