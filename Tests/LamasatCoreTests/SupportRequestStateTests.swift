import Foundation
import Testing
@testable import LamasatCore

@Suite("Support request state machine")
struct SupportRequestStateTests {
    typealias S = SupportRequestStatus
    typealias A = SupportRequestAction

    /// The diagram of shared/DOMAIN.md, written out edge by edge, with every guard satisfied.
    static let edges: [S: [A: S]] = [
        .draft: [.submit: .submitted, .withdraw: .withdrawn],
        .submitted: [.startVerification: .verification, .withdraw: .withdrawn],
        .verification: [.completeVerification: .socialResearch, .returnToApplicant: .returnedToApplicant, .withdraw: .withdrawn],
        .returnedToApplicant: [.submit: .submitted, .withdraw: .withdrawn],
        .awaitingDeclaration: [.signDeclaration: .socialResearch, .withdraw: .withdrawn],
        .socialResearch: [.fileResearchReport: .committeeReview, .withdraw: .withdrawn],
        .committeeReview: [.approve: .approved, .reject: .rejected, .withdraw: .withdrawn],
        .approved: [.deliverPart: .inService, .deliverFinal: .delivered, .cancel: .cancelled],
        .inService: [.deliverPart: .inService, .deliverFinal: .delivered, .cancel: .cancelled],
        .delivered: [.close: .closed],
        .rejected: [.close: .closed, .overturn: .approved],
        .closed: [:],
        .withdrawn: [.reopen: .socialResearch],
        .cancelled: [:],
    ]

    static var allSatisfied: SupportRequestFacts {
        var facts = SupportRequestFacts()
        facts.declarationSigned = true
        facts.checklistComplete = true
        facts.researchReportFiled = true
        facts.quorumReached = true
        facts.approvedAmountHalalas = 150_000
        facts.reason = "سبب"
        facts.reopenTo = .socialResearch
        facts.reopenPeriodOpen = true
        return facts
    }

    @Test("reopening goes back where she stood, only within the period, with a reason; cancelling waits for a payment in a batch")
    func reopenAndCancel() {
        var facts = Self.allSatisfied
        facts.reopenTo = .verification
        #expect(S.withdrawn.applying(.reopen, facts: facts) == .success(.verification))
        facts.reopenPeriodOpen = false
        #expect(S.withdrawn.applying(.reopen, facts: facts) == .failure(.reopenPeriodOver))
        facts.reopenPeriodOpen = true
        facts.reopenTo = nil
        #expect(S.withdrawn.applying(.reopen, facts: facts) == .failure(.notAllowed))
        facts.reopenTo = .verification
        facts.reason = " "
        #expect(S.withdrawn.applying(.reopen, facts: facts) == .failure(.reasonRequired))
        #expect(S.approved.applying(.cancel, facts: facts) == .failure(.reasonRequired))
        facts.reason = "توقف البرنامج"
        facts.paymentPending = true
        #expect(S.inService.applying(.cancel, facts: facts) == .failure(.paymentPending))
        #expect(S.delivered.applying(.cancel, facts: Self.allSatisfied) == .failure(.notAllowed))
        #expect(!S.cancelled.isOpen && !S.cancelled.awaitsDecision)
    }

    @Test("every state × action pair: the diagram's edges lead where it says, everything else is refused")
    func exhaustive() {
        var checked = 0
        for state in S.allCases {
            for action in A.allCases {
                let result = state.applying(action, facts: Self.allSatisfied)
                if let target = Self.edges[state]?[action] {
                    #expect(result == .success(target), "\(state) + \(action)")
                } else {
                    #expect(result == .failure(.notAllowed), "\(state) + \(action)")
                }
                checked += 1
            }
        }
        #expect(checked == S.allCases.count * A.allCases.count)
    }

    @Test("without a signed declaration, verification leads to awaiting the declaration ([P-21])")
    func declarationGate() {
        var facts = Self.allSatisfied
        facts.declarationSigned = false
        #expect(S.verification.applying(.completeVerification, facts: facts) == .success(.awaitingDeclaration))
        #expect(S.awaitingDeclaration.applying(.signDeclaration, facts: facts) == .failure(.declarationMissing))
    }

    @Test("each guard refuses with its own reason", arguments: [
        (S.verification, A.completeVerification, \SupportRequestFacts.checklistComplete, SupportRequestRefusal.checklistIncomplete),
        (.socialResearch, .fileResearchReport, \.researchReportFiled, .reportMissing),
        (.committeeReview, .approve, \.quorumReached, .noQuorum),
        (.committeeReview, .reject, \.quorumReached, .noQuorum),
    ])
    func guards(state: S, action: A, fact: WritableKeyPath<SupportRequestFacts, Bool> & Sendable, refusal: SupportRequestRefusal) {
        var facts = Self.allSatisfied
        facts[keyPath: fact] = false
        #expect(state.applying(action, facts: facts) == .failure(refusal))
    }

    @Test("approval needs an amount; rejection, return and withdrawal need a reason")
    func amountsAndReasons() {
        var facts = Self.allSatisfied
        facts.approvedAmountHalalas = 0
        #expect(S.committeeReview.applying(.approve, facts: facts) == .failure(.amountMissing))
        facts = Self.allSatisfied
        facts.reason = "  "
        #expect(S.committeeReview.applying(.reject, facts: facts) == .failure(.reasonRequired))
        #expect(S.verification.applying(.returnToApplicant, facts: facts) == .failure(.reasonRequired))
        #expect(S.draft.applying(.withdraw, facts: facts) == .failure(.reasonRequired))
    }

    @Test("the chair's decision follows the majority; a tie leaves it to her")
    func majority() {
        var facts = Self.allSatisfied
        facts.approvals = 1
        facts.rejections = 2
        #expect(S.committeeReview.applying(.approve, facts: facts) == .failure(.againstMajority))
        #expect(S.committeeReview.applying(.reject, facts: facts) == .success(.rejected))
        facts.approvals = 2
        #expect(S.committeeReview.applying(.approve, facts: facts) == .success(.approved))
        #expect(S.committeeReview.applying(.reject, facts: facts) == .success(.rejected))
        facts.approvals = 3
        #expect(S.committeeReview.applying(.reject, facts: facts) == .failure(.againstMajority))
    }

    @Test("the approved amount stays within the type's ceiling; in-kind support may have none")
    func ceilings() {
        var facts = Self.allSatisfied
        facts.amountCeilingHalalas = 100_000
        #expect(S.committeeReview.applying(.approve, facts: facts) == .failure(.aboveCeiling))
        facts.approvedAmountHalalas = 100_000
        #expect(S.committeeReview.applying(.approve, facts: facts) == .success(.approved))
        facts.approvedAmountHalalas = 0
        #expect(S.committeeReview.applying(.approve, facts: facts) == .failure(.amountMissing))
        facts.amountRequired = false
        #expect(S.committeeReview.applying(.approve, facts: facts) == .success(.approved))
    }

    @Test("every action names the permission its role needs, and some role holds it")
    func permissions() {
        for action in A.allCases {
            #expect(Role.allCases.contains { RolePermissions.allows($0, action.permission) }, "\(action)")
        }
        #expect(A.approve.permission == .voteInCommittee)
        #expect(A.fileResearchReport.permission == .writeResearch)
        #expect(!RolePermissions.allows(.researcher, A.approve.permission))
    }

    @Test("the expected decision date is never sooner than 14 days ([P-22])", arguments: [0, 7, 13, 14, 21, 60])
    func decisionDate(period: Int) {
        let submitted = Date(timeIntervalSince1970: 1_795_600_000)
        let expected = DecisionPeriod.expectedDecisionDate(submittedAt: submitted, periodDays: period)
        #expect(expected.timeIntervalSince(submitted) == Double(max(14, period)) * 86_400)
    }
}
