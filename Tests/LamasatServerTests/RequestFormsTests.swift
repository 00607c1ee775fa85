import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The forms on a request's way: a bad entry comes back on its field, localized, with what was typed, and changes
/// nothing; the wrong role is refused as before.
@Suite("Support requests: the forms keep what was typed and say what is wrong", .serialized)
struct RequestFormsTests {
    @Test("referral, return and hand-over: an empty reason or an unknown researcher comes back on its box, and nothing moves")
    func reasons() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let text = { (key: String) in t.app.lamasat.localizer.text(key, .ar) }
            let (file, id) = try await crew.submitted()
            try await crew.completeChecklist(file)
            try await crew.officer.post("/requests/\(id)/verification/start")
            let noReason = try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.contains("<p class=\"error\" id=\"field-reason-referral-error\">\(text("request.error.referralReason"))</p>"))
            let stranger = try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": UUID().uuidString, "reason": "تحقق من السكن"])
            #expect(stranger.status == .unprocessableEntity)
            #expect(stranger.contains("<p class=\"error\" id=\"field-researcher-referral-error\">\(text("request.error.noResearcher"))</p>"))
            #expect(stranger.contains(">تحقق من السكن</textarea>"))
            let noReturn = try await crew.officer.post("/requests/\(id)/verification/return", ["reason": ""])
            #expect(noReturn.status == .conflict)
            #expect(noReturn.contains("<p class=\"error\" id=\"field-reason-return-error\">\(text("request.refusal.reasonRequired"))</p>"))
            #expect(try await crew.request(id).status == .verification)
            #expect(try await ResearchAssignment.query(on: t.db).count() == 0)
            #expect(try await crew.researcher.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "x"]).status == .forbidden)

            // The hand-over to a researcher who is not one of the branch's changes nothing.
            #expect(try await crew.officer.post("/requests/\(id)/verification/complete", ["researcher": "auto", "reason": "زيارة"]).status == .seeOther)
            try await crew.manager.get("/requests/\(id)")
            let handOver = try await crew.manager.post("/requests/\(id)/research/assign", ["researcher": crew.memberUsers[0].id!.uuidString, "reason": "إجازة طويلة"])
            #expect(handOver.status == .unprocessableEntity)
            #expect(handOver.contains("id=\"field-researcher-reassign-error\"") && handOver.contains("value=\"إجازة طويلة\""))
            #expect(try await ResearchAssignment.current(of: id, on: t.db)?.researcherID == crew.researcherUser.id)
            #expect(try await crew.researcher.post("/requests/\(id)/research/assign", ["researcher": "auto", "reason": "x"]).status == .forbidden)
        }
    }

    @Test("visits: a bad day or an empty outcome comes back on its field with what was typed; nothing is stored")
    func visits() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let text = { (key: String) in t.app.lamasat.localizer.text(key, .ar) }
            let (_, id) = try await crew.inResearch()
            try await crew.researcher.get("/requests/\(id)")
            let badDay = try await crew.researcher.post("/requests/\(id)/visits", ["kind": "phone", "date": "2026-02-30", "time": "09:15", "address": "حي النسيم"])
            #expect(badDay.status == .unprocessableEntity)
            #expect(badDay.contains("<p class=\"error\" id=\"field-date-error\">\(text("research.error.when"))</p>"))
            #expect(badDay.contains("value=\"حي النسيم\"") && badDay.contains("value=\"09:15\"") && badDay.contains("<option value=\"phone\" selected>"))
            #expect(try await ResearchVisit.query(on: t.db).count() == 0)

            #expect(try await crew.researcher.post("/requests/\(id)/visits", ["kind": "homeVisit", "date": "2026-12-01", "time": "10:30"]).status == .seeOther)
            let visit = try #require(try await ResearchVisit.query(on: t.db).first())
            let key = visit.id!.uuidString
            let noOutcome = try await crew.researcher.post("/requests/\(id)/visits/\(key)", ["status": "cancelled", "outcome": ""])
            #expect(noOutcome.status == .unprocessableEntity)
            #expect(noOutcome.contains("<p class=\"error\" id=\"field-outcome-\(key)-error\">\(text("research.error.outcome"))</p>"))
            #expect(noOutcome.contains("<option value=\"cancelled\" selected>"))
            #expect(try await crew.researcher.post("/requests/\(id)/visits/\(key)", ["status": "scheduled", "outcome": "x"]).status == .conflict)
            #expect(try await ResearchVisit.find(visit.id, on: t.db)?.status == .scheduled)
            #expect(try await crew.officer.post("/requests/\(id)/visits/\(key)", ["status": "done", "outcome": "x"]).status == .forbidden)
        }
    }

    @Test("the research report keeps what was typed when a field is wrong")
    func report() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let text = { (key: String) in t.app.lamasat.localizer.text(key, .ar) }
            let (_, id) = try await crew.inResearch()
            try await crew.researcher.get("/requests/\(id)/report")
            let page = try await crew.researcher.post("/requests/\(id)/report", ["housing": "شقة صغيرة", "recommendation": "reject", "recommendedAmount": "100"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains(">شقة صغيرة</textarea>") && page.contains("value=\"100\"") && page.contains("<option value=\"reject\" selected>"))
            #expect(page.contains("<p class=\"error\" id=\"field-incomeCheck-error\">\(text("validation.required"))</p>"))
            #expect(page.contains("<p class=\"error\" id=\"field-recommendedAmount-error\">\(text("research.error.amountWithReject"))</p>"))
            #expect(try await ResearchReport.query(on: t.db).count() == 0)
            #expect(try await crew.request(id).status == .socialResearch)
        }
    }

    @Test("a meeting, a vote and a decision keep what was typed when refused; nothing is stored")
    func committee() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let text = { (key: String) in t.app.lamasat.localizer.text(key, .ar) }
            let (_, id) = try await crew.inCommittee()
            try await crew.manager.get("/committee/new")
            let branch = try await t.headOffice().id!.uuidString
            let badQuorum = try await crew.manager.postMany("/committee", [
                ("branch", branch), ("date", "2026-12-10"), ("time", "11:00"), ("location", "القاعة الكبرى"), ("chair", crew.memberUsers[0].id!.uuidString),
                ("quorum", "9"), ("members[]", crew.memberUsers[0].id!.uuidString), ("members[]", crew.memberUsers[1].id!.uuidString)])
            #expect(badQuorum.status == .unprocessableEntity)
            #expect(badQuorum.contains("value=\"القاعة الكبرى\"") && badQuorum.contains("id=\"field-quorum-error\""))
            #expect(badQuorum.contains("value=\"\(crew.memberUsers[1].id!.uuidString)\" checked") && !badQuorum.contains("value=\"\(crew.memberUsers[2].id!.uuidString)\" checked"))
            #expect(try await CommitteeMeeting.query(on: t.db).count() == 0)
            #expect(try await crew.researcher.postMany("/committee", [("branch", branch)]).status == .forbidden)

            let meeting = try await crew.meeting()
            try await crew.members[1].get("/committee/\(meeting)")
            let undeclared = try await crew.members[1].post("/committee/\(meeting)/requests/\(id)/vote", ["vote": "approve", "note": "ملاحظة العضو"])
            #expect(undeclared.status == .unprocessableEntity)
            #expect(undeclared.contains("<p class=\"error\" id=\"field-noConflict-\(id)-error\">\(text("committee.error.declareConflict"))</p>"))
            #expect(undeclared.contains("value=\"ملاحظة العضو\"") && undeclared.contains("<option value=\"approve\" selected>"))
            #expect(try await MemberVote.query(on: t.db).count() == 0)

            #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
            #expect(try await crew.vote(1, meeting, id, .approve).status == .seeOther)
            let badAmount = try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "abc", "note": "بعد النقاش"])
            #expect(badAmount.status == .unprocessableEntity)
            #expect(badAmount.contains("id=\"field-amount-decision-\(id)-error\"") && badAmount.contains("value=\"abc\"") && badAmount.contains("value=\"بعد النقاش\""))
            #expect(try await RequestDecision.query(on: t.db).count() == 0)
            #expect(try await crew.request(id).status == .committeeReview)
        }
    }

    @Test("the declaration's wording: an unchanged or empty text comes back with what was typed")
    func declarationText() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/declaration")
            let empty = try await admin.post("/admin/declaration", ["arabic": "", "english": "An English wording"])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.contains("<p class=\"error\" id=\"field-arabic-error\">\(t.app.lamasat.localizer.text("validation.required", .ar))</p>"))
            #expect(empty.contains(">An English wording</textarea>"))
            #expect(try await DeclarationText.query(on: t.db).count() == 1)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.post("/admin/declaration", ["arabic": "نص"]).status == .forbidden)
        }
    }
}
