import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

extension Crew {
    /// Rejected by the committee (two votes against, the "income sufficient" reason), in a meeting then closed.
    func rejected() async throws -> (file: UUID, request: UUID, meeting: UUID) {
        let (file, id) = try await inCommittee()
        let meeting = try await meeting()
        #expect(try await vote(0, meeting, id, .reject).status == .seeOther)
        #expect(try await vote(1, meeting, id, .reject).status == .seeOther)
        let reason = try #require(try await RejectionReason.query(on: t.db).filter(\.$code == "income_sufficient").first())
        #expect(try await chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": reason.id!.uuidString]).status == .seeOther)
        #expect(try await manager.post("/committee/\(meeting)/close").status == .seeOther)
        #expect(try await request(id).status == .rejected)
        return (file, id, meeting)
    }
}

@Suite("Appeals of a rejection")
struct AppealTests {
    @Test("she appeals from her portal within the period; it goes to the next meeting as an appeal; accepted, the request is approved, lettered and messaged")
    func acceptedFromPortal() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, firstMeeting) = try await crew.rejected()
            let her = try await portalSignIn(t)
            let page = try await her.get("/portal/requests/\(id)")
            #expect(page.status == .ok && page.contains("/portal/requests/\(id)/appeal"))
            // Without reasons: told, nothing lodged.
            let empty = try await her.post("/portal/requests/\(id)/appeal", ["reasons": "  "])
            #expect(empty.status == .unprocessableEntity && empty.contains("اكتبي أسباب التظلم"))
            #expect(try await RequestAppeal.query(on: t.db).count() == 0)
            let lodged = try await her.post("/portal/requests/\(id)/appeal", ["reasons": "دخلي انقطع بعد انتهاء عقد عملي الشهر الماضي"])
            #expect(lodged.status == .seeOther && lodged.location == "/portal/requests/\(id)?done=portalAppealLodged")
            let appeal = try #require(try await RequestAppeal.query(on: t.db).first())
            #expect(appeal.status == .lodged && appeal.source == .portal && appeal.lodgedBy == appeal.beneficiaryID)
            // Once: a second appeal is refused.
            let again = try await her.post("/portal/requests/\(id)/appeal", ["reasons": "مرة أخرى"])
            #expect(again.status != .seeOther)
            #expect(try await RequestAppeal.query(on: t.db).count() == 1)
            #expect(try await t.auditEntries(action: "appeal.lodged").count == 1)

            // The next meeting takes it as an appeal item; the first decision stays as it was.
            let meeting = try await crew.meeting()
            #expect(meeting != firstMeeting)
            let item = try #require(try await AgendaItem.query(on: t.db).filter(\.$meetingID == meeting).first())
            #expect(item.requestID == id && item.appealID == appeal.id)
            let agenda = try await crew.chair.get("/committee/\(meeting)")
            #expect(agenda.contains("دخلي انقطع") && agenda.contains("تظلم"))
            #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
            #expect(try await crew.vote(1, meeting, id, .approve).status == .seeOther)
            let fund = try await crew.funded()
            // Above the ceiling or without an amount: the approval's rules.
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "", "fundID": fund]).status
                == .conflict)
            #expect(try await RequestAppeal.find(appeal.id, on: t.db)?.status == .lodged)
            let decided = try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "3000", "fundID": fund])
            #expect(decided.status == .seeOther)
            #expect(try await crew.request(id).status == .approved)
            let answered = try #require(try await RequestAppeal.find(appeal.id, on: t.db))
            #expect(answered.status == .accepted && answered.approvedAmount == 300_000 && answered.letterNumber.hasPrefix("L-") && answered.meetingID == meeting)
            let first = try #require(try await RequestDecision.query(on: t.db).filter(\.$requestID == id).first())
            #expect(first.outcome == .rejected && first.meetingID == firstMeeting, "the first decision is kept for the reports")
            #expect(try await RequestDecision.query(on: t.db).count() == 1)
            #expect(try await RequestDecision.inForce(id, on: t.db)?.outcome == .approved)
            #expect(try await RequestTransition.query(on: t.db).filter(\.$requestID == id).filter(\.$action == "overturn").count() == 1)
            // Her message, the letter, the hold on the fund, and what is left to deliver.
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "appeal-decision:\(appeal.id!)").first())
            #expect(message.body.contains("قبلت لجنة البحث تظلمك") && message.body.contains(answered.letterNumber))
            let letter = try await crew.officer.get("/requests/\(id)/appeal/letter")
            #expect(letter.status == .ok && letter.contains("خطاب قرار التظلم") && letter.contains(answered.letterNumber) && letter.contains("قرار نهائي"))
            #expect(try await FundCommitment.query(on: t.db).filter(\.$requestID == id).first()?.amount == 300_000)
            let minutes = try await crew.manager.get("/committee/\(meeting)/minutes")
            #expect(minutes.contains(answered.letterNumber) && minutes.contains("تظلم"))
            let requestPage = try await crew.officer.get("/requests/\(id)")
            #expect(requestPage.contains("قُبل التظلم") && requestPage.contains("/requests/\(id)/appeal/letter"))
            let portalPage = try await her.get("/portal/requests/\(id)")
            #expect(portalPage.contains("قبلت اللجنة تظلمك"))
            // Her data export holds her appeal and its answer.
            let data = try await her.get("/portal/data.json")
            #expect(data.contains("دخلي انقطع بعد انتهاء عقد عملي") && data.contains(answered.letterNumber))
            // The requests report counts the appeal and its answer, within the reader's reach.
            let report = ReportPageReader(body: try await crew.manager.get("/reports/requests").body)
            #expect(report.row("appeals", "تظلمات قُدّمت").first == "1" && report.row("appeals", "قُبل التظلم").first == "1"
                && report.row("appeals", "أُبقي الرفض").first == "0")
            let jeddah = try await t.makeBranch("JED")
            let (elsewhere, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah, scope: .ownBranch)
            #expect(ReportPageReader(body: try await elsewhere.get("/reports/requests").body).row("appeals", "تظلمات قُدّمت").first == "0")
            // Final: another decision on the item is refused.
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "3000", "fundID": fund]).status
                == .conflict)
        }
    }

    @Test("recorded by an officer; refused by the committee with a reason: the rejection stands, final, lettered and messaged")
    func refusedByCommittee() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await crew.rejected()
            let page = try await crew.officer.get("/requests/\(id)")
            #expect(page.contains("/requests/\(id)/appeal") && page.contains("appeal-deadline"))
            #expect(try await crew.officer.post("/requests/\(id)/appeal", ["reasons": ""]).status == .unprocessableEntity)
            #expect(try await crew.officer.post("/requests/\(id)/appeal", ["reasons": "قدّمت ما يثبت زيادة إيجارها"]).status == .seeOther)
            let appeal = try #require(try await RequestAppeal.query(on: t.db).first())
            #expect(appeal.source == .staff)
            // Not closed under a lodged appeal.
            let closing = try await crew.officer.post("/requests/\(id)/close")
            #expect(closing.status == .conflict && closing.contains("لا يُغلق الطلب قبل قرارها"))
            #expect(try await crew.request(id).status == .rejected)
            let meeting = try await crew.meeting()
            #expect(try await crew.vote(0, meeting, id, .reject).status == .seeOther)
            #expect(try await crew.vote(1, meeting, id, .reject).status == .seeOther)
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": ""]).status == .conflict)
            let reason = try #require(try await RejectionReason.query(on: t.db).filter(\.$code == "income_sufficient").first())
            #expect(try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "reject", "reasonID": reason.id!.uuidString]).status
                == .seeOther)
            #expect(try await crew.request(id).status == .rejected)
            let answered = try #require(try await RequestAppeal.find(appeal.id, on: t.db))
            #expect(answered.status == .refused && !answered.letterNumber.isEmpty && answered.reasonID == reason.id)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "appeal-decision:\(appeal.id!)").first())
            #expect(message.body.contains("أبقت قرار الرفض") && message.body.contains("الدخل يغطي الحاجة المطلوبة"))
            #expect(try await t.auditEntries(action: "appeal.refused").count == 1)
            // No second appeal; the request may now be closed.
            #expect(try await crew.officer.post("/requests/\(id)/appeal", ["reasons": "مرة ثانية"]).status == .conflict)
            #expect(try await crew.officer.post("/requests/\(id)/close").status == .seeOther)
            #expect(try await crew.request(id).status == .closed)
        }
    }

    @Test("the period: after the days the administrator set no appeal, from the portal or the office; only a rejection is appealed")
    func period() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await crew.rejected()
            // The decision was 31 days ago; the period is 30.
            try await RequestDecision.query(on: t.db).filter(\.$requestID == id).set(\.$decidedAt, to: t.clock.now().addingTimeInterval(-31 * 86_400)).update()
            let page = try await crew.officer.get("/requests/\(id)")
            #expect(page.contains("انتهت مدة التظلم") && !page.contains("action=\"/requests/\(id)/appeal\""))
            let late = try await crew.officer.post("/requests/\(id)/appeal", ["reasons": "متأخرة"])
            #expect(late.status == .conflict && late.contains("انتهت مدة التظلم من هذا القرار"))
            let her = try await portalSignIn(t)
            #expect(!(try await her.get("/portal/requests/\(id)").contains("/appeal\"")))
            #expect(try await her.post("/portal/requests/\(id)/appeal", ["reasons": "متأخرة"]).status == .conflict)
            #expect(try await RequestAppeal.query(on: t.db).count() == 0)
            // The administrator lengthens the period: she may appeal again.
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await admin.post("/admin/case-periods", ["reopenDays": "30", "appealDays": "45"]).status == .seeOther)
            #expect(try await her.post("/portal/requests/\(id)/appeal", ["reasons": "ظروفي تغيرت"]).status == .seeOther)
            // A request not rejected has nothing to appeal.
            let (_, studied) = try await crew.inResearch(fileForm: try await fileForm(t, id: "1122334459", mobile: "0507654321", first: "سارة"))
            #expect(try await crew.officer.post("/requests/\(studied)/appeal", ["reasons": "x"]).status == .conflict)
        }
    }

    @Test("wrong role and other people: a researcher cannot record one, another beneficiary's portal finds nothing, another branch 404")
    func reach() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, id, _) = try await crew.rejected()
            #expect(try await crew.researcher.post("/requests/\(id)/appeal", ["reasons": "x"]).status == .forbidden)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer, username: "hq.officer2")
            _ = try await registerFile(officer, try await fileForm(t, id: "1122334459", mobile: "0507654321", first: "سارة"))
            let other = try await portalSignIn(t, nationalID: "1122334459")
            #expect(try await other.post("/portal/requests/\(id)/appeal", ["reasons": "x"]).status == .notFound)
            let jeddah = try await t.makeBranch("JED")
            let (jed, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah, scope: .ownBranch)
            #expect(try await jed.post("/requests/\(id)/appeal", ["reasons": "x"]).status == .notFound)
            #expect(try await jed.get("/requests/\(id)/appeal/letter").status == .notFound)
            #expect(try await RequestAppeal.query(on: t.db).count() == 0)
        }
    }
}
