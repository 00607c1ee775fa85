import Foundation
import Testing
@testable import LamasatCore

@Suite("Appeal rules")
struct AppealRulesTests {
    let decided = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("an appeal is of a rejection only, once, with reasons, up to the last moment of the period and not after")
    func lodging() {
        let last = AppealRules.deadline(decidedAt: decided, days: 30)
        #expect(last == decided.addingTimeInterval(30 * 86_400))
        #expect(AppealRules.refusal(status: .rejected, alreadyAppealed: false, decidedAt: decided, days: 30, reasons: "ظروفي تغيرت", now: last) == nil)
        #expect(AppealRules.refusal(status: .rejected, alreadyAppealed: false, decidedAt: decided, days: 30, reasons: "ظروفي تغيرت",
                                    now: last.addingTimeInterval(1)) == .periodOver)
        #expect(AppealRules.refusal(status: .rejected, alreadyAppealed: true, decidedAt: decided, days: 30, reasons: "x", now: decided) == .alreadyAppealed)
        #expect(AppealRules.refusal(status: .approved, alreadyAppealed: false, decidedAt: decided, days: 30, reasons: "x", now: decided) == .notRejected)
        #expect(AppealRules.refusal(status: .rejected, alreadyAppealed: false, decidedAt: nil, days: 30, reasons: "x", now: decided) == .notRejected)
        #expect(AppealRules.refusal(status: .rejected, alreadyAppealed: false, decidedAt: decided, days: 30, reasons: " \n\u{00A0}", now: decided)
            == .reasonsRequired)
    }

    @Test("the committee's answer follows a first decision's rules: acceptance as an approval, refusal as a rejection")
    func answering() {
        var facts = SupportRequestFacts()
        facts.quorumReached = true
        facts.approvals = 1
        facts.rejections = 2
        facts.reason = "لم يتغير ما بُني عليه القرار"
        #expect(AppealRules.refusalOfAppeal(facts: facts) == nil)
        #expect(SupportRequestStatus.rejected.applying(.overturn, facts: facts) == .failure(.againstMajority))
        facts.reason = ""
        #expect(AppealRules.refusalOfAppeal(facts: facts) == .reasonRequired)
        facts.quorumReached = false
        #expect(AppealRules.refusalOfAppeal(facts: facts) == .noQuorum)
        var accepted = SupportRequestFacts()
        accepted.quorumReached = true
        accepted.approvals = 2
        accepted.approvedAmountHalalas = 100_000
        #expect(SupportRequestStatus.rejected.applying(.overturn, facts: accepted) == .success(.approved))
        #expect(SupportRequestStatus.approved.applying(.overturn, facts: accepted) == .failure(.notAllowed))
    }

    @Test("a rejection under a lodged appeal is not closed; once answered it is")
    func closing() {
        var facts = SupportRequestFacts()
        facts.appealPending = true
        #expect(SupportRequestStatus.rejected.applying(.close, facts: facts) == .failure(.appealPending))
        #expect(SupportRequestStatus.delivered.applying(.close, facts: facts) == .success(.closed))
        facts.appealPending = false
        #expect(SupportRequestStatus.rejected.applying(.close, facts: facts) == .success(.closed))
    }
}
