import Foundation
import PropertyBased
import Testing
@testable import LamasatCore

// Property-based tests (issue 14) for the support-request state machine: random runs of actions with random facts.

@Suite("Support request state machine, property-based")
struct RequestStatePropertyTests {
    typealias S = SupportRequestStatus
    typealias A = SupportRequestAction

    /// The documented transitions (the diagram of shared/DOMAIN.md, [P-18]–[P-24]): for each state and action, the
    /// states it may lead to. Completing verification leads to research or, without a signed declaration, to
    /// awaiting it ([P-21]). Withdrawal is possible from every open state.
    static let edges: [S: [A: Set<S>]] = {
        var edges: [S: [A: Set<S>]] = [
            .draft: [.submit: [.submitted]],
            .submitted: [.startVerification: [.verification]],
            .verification: [.completeVerification: [.socialResearch, .awaitingDeclaration], .returnToApplicant: [.returnedToApplicant]],
            .returnedToApplicant: [.submit: [.submitted]],
            .awaitingDeclaration: [.signDeclaration: [.socialResearch]],
            .socialResearch: [.fileResearchReport: [.committeeReview]],
            .committeeReview: [.approve: [.approved], .reject: [.rejected]],
            .approved: [.deliverPart: [.inService], .deliverFinal: [.delivered], .cancel: [.cancelled]],
            .inService: [.deliverPart: [.inService], .deliverFinal: [.delivered], .cancel: [.cancelled]],
            .delivered: [.close: [.closed]],
            .rejected: [.close: [.closed], .overturn: [.approved]],
            .closed: [:],
            // Reopening needs where she stood before withdrawing, which random facts never carry: off the diagram here,
            // checked in SupportRequestStateTests.
            .withdrawn: [:],
            .cancelled: [:],
        ]
        for state in [S.draft, .submitted, .verification, .returnedToApplicant, .awaitingDeclaration, .socialResearch, .committeeReview] {
            edges[state]![.withdraw] = [.withdrawn]
        }
        return edges
    }()

    /// The states reachable from a draft along the documented edges.
    static let reachable: Set<S> = {
        var seen: Set<S> = [.draft], frontier: [S] = [.draft]
        while let state = frontier.popLast() {
            for targets in edges[state]!.values { for target in targets where seen.insert(target).inserted { frontier.append(target) } }
        }
        return seen
    }()

    static let reasons = ["", " ", "\n\t", "\u{00A0}", "\u{2003}", "سبب", " لا تحتاج ", "x"]
    static let amounts: [Int64] = [0, 1, 50_000, 150_000, 300_000, 1_000_000]
    static let ceilings: [Int64] = [0, 0, 100_000, 150_000, 500_000]

    static func blank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

    /// Random facts, with each guard fact more often true than not so that runs get deep into the diagram.
    static let facts = zip(
        Gen.bool(0.75).array(of: 5), Gen.int(in: 0...4), Gen.int(in: 0...4), Gen.int(in: 0..<amounts.count),
        Gen.int(in: 0..<ceilings.count), Gen.int(in: 0..<reasons.count)
    ).map { flags, approvals, rejections, amount, ceiling, reason in
        var facts = SupportRequestFacts()
        facts.declarationSigned = flags[0]
        facts.checklistComplete = flags[1]
        facts.researchReportFiled = flags[2]
        facts.quorumReached = flags[3]
        facts.amountRequired = flags[4]
        facts.approvals = approvals
        facts.rejections = rejections
        facts.approvedAmountHalalas = amounts[amount]
        facts.amountCeilingHalalas = ceilings[ceiling]
        facts.reason = reasons[reason]
        // Off for most runs, so that rejected requests still close.
        facts.appealPending = flags[0] && flags[1] && flags[2] && flags[3] && !flags[4]
        return facts
    }

    /// One step of a run: with `follow`, the action is one of the current state's documented forward actions (so runs
    /// reach the committee and beyond); otherwise any action at all, most of which the state must refuse.
    struct Step: Sendable, CustomStringConvertible {
        let follow: Bool
        let pick: Int
        let facts: SupportRequestFacts

        func action(in state: S) -> A {
            // Withdrawal is left to the random steps, or few runs would get past the first states.
            let forward = RequestStatePropertyTests.edges[state]!.keys.filter { $0 != .withdraw }.sorted { $0.rawValue < $1.rawValue }
            if follow && !forward.isEmpty { return forward[pick % forward.count] }
            return A.allCases[pick % A.allCases.count]
        }

        var description: String {
            "\(follow ? "follow" : "any")#\(pick) decl=\(facts.declarationSigned) list=\(facts.checklistComplete) report=\(facts.researchReportFiled) quorum=\(facts.quorumReached) \(facts.approvals)-\(facts.rejections) amount=\(facts.approvedAmountHalalas)/\(facts.amountCeilingHalalas) required=\(facts.amountRequired) reason=\(facts.reason.debugDescription)"
        }
    }

    static let step = zip(Gen.bool(0.7), Gen.int(in: 0...1000), facts).map { follow, pick, facts in
        Step(follow: follow, pick: pick, facts: facts)
    }

    /// Whether every guard of a documented transition holds, and the refusal each failed guard must give.
    static func guardsHold(_ action: A, _ facts: SupportRequestFacts, from state: S) -> Bool {
        switch action {
        case .completeVerification: facts.checklistComplete
        case .returnToApplicant, .withdraw: !blank(facts.reason)
        case .cancel: !blank(facts.reason) && !facts.paymentPending
        case .reopen: facts.reopenTo?.isOpen == true && facts.reopenPeriodOpen && !blank(facts.reason)
        case .signDeclaration: facts.declarationSigned
        case .fileResearchReport: facts.researchReportFiled
        case .approve, .overturn:
            facts.quorumReached && facts.approvals >= facts.rejections && (facts.approvedAmountHalalas > 0 || !facts.amountRequired)
                && (facts.amountCeilingHalalas == 0 || facts.approvedAmountHalalas <= facts.amountCeilingHalalas)
        case .reject: facts.quorumReached && facts.rejections >= facts.approvals && !blank(facts.reason)
        // Only a rejection can be under appeal.
        case .close: state != .rejected || !facts.appealPending
        case .submit, .startVerification, .deliverPart, .deliverFinal: true
        }
    }

    /// Whether a refusal names a guard that really failed.
    static func justified(_ refusal: SupportRequestRefusal, _ action: A, _ facts: SupportRequestFacts, from state: S) -> Bool {
        switch refusal {
        case .notAllowed: false  // only for pairs off the diagram, checked separately
        case .checklistIncomplete: action == .completeVerification && !facts.checklistComplete
        case .declarationMissing: action == .signDeclaration && !facts.declarationSigned
        case .reportMissing: action == .fileResearchReport && !facts.researchReportFiled
        case .noQuorum: [.approve, .reject, .overturn].contains(action) && !facts.quorumReached
        case .againstMajority:
            ([.approve, .overturn].contains(action) && facts.approvals < facts.rejections) || (action == .reject && facts.rejections < facts.approvals)
        case .amountMissing: [.approve, .overturn].contains(action) && facts.amountRequired && facts.approvedAmountHalalas <= 0
        case .aboveCeiling: [.approve, .overturn].contains(action) && facts.amountCeilingHalalas > 0 && facts.approvedAmountHalalas > facts.amountCeilingHalalas
        case .reasonRequired: [.returnToApplicant, .reject, .withdraw, .cancel, .reopen].contains(action) && blank(facts.reason)
        case .paymentPending: action == .cancel && facts.paymentPending
        case .reopenPeriodOver: action == .reopen && !facts.reopenPeriodOpen
        case .appealPending: action == .close && facts.appealPending && state == .rejected
        }
    }

    /// Runs the steps from a draft; returns the visited states, in order.
    static func run(_ steps: [Step], check: (S, A, SupportRequestFacts, Result<S, SupportRequestRefusal>) -> Void) -> [S] {
        var state = S.draft
        var history = [state]
        for step in steps {
            let action = step.action(in: state)
            let result = state.applying(action, facts: step.facts)
            check(state, action, step.facts, result)
            if case let .success(next) = result { state = next; history.append(next) }
        }
        return history
    }

    @Test("any run of actions from a draft moves only along documented edges, and only when every guard of the edge holds")
    func onlyDocumentedEdges() async {
        await propertyCheck(count: 200, input: Self.step.array(of: 0...40)) { steps in
            let history = Self.run(steps) { state, action, facts, result in
                let documented = Self.edges[state]![action]
                switch result {
                case let .success(next):
                    #expect(documented?.contains(next) == true, "\(state) + \(action) → \(next) is not in the diagram")
                    #expect(Self.guardsHold(action, facts, from: state), "\(state) + \(action) → \(next) although a guard fails")
                    if action == .completeVerification {
                        #expect(next == (facts.declarationSigned ? .socialResearch : .awaitingDeclaration), "[P-21]")
                    }
                case let .failure(refusal):
                    if documented == nil {
                        #expect(refusal == .notAllowed, "\(state) + \(action) off the diagram refused as \(refusal)")
                    } else {
                        #expect(!Self.guardsHold(action, facts, from: state), "\(state) + \(action) refused as \(refusal) although every guard holds")
                        #expect(Self.justified(refusal, action, facts, from: state), "\(state) + \(action) refused as \(refusal), which is not what failed")
                    }
                }
            }
            #expect(history.allSatisfy(Self.reachable.contains))
        }
    }

    @Test("a refused action leaves the state as it was: the very same step refused again gives the same refusal, and the run goes on from there")
    func refusalChangesNothing() async {
        await propertyCheck(count: 200, input: Self.step.array(of: 0...40)) { steps in
            var state = S.draft
            for step in steps {
                let action = step.action(in: state)
                let result = state.applying(action, facts: step.facts)
                guard case let .failure(refusal) = result else { state = (try? result.get()) ?? state; continue }
                // The status is a value and `applying` returns, never mutates: what stays the same is the answer to
                // every other action, asked of the state the run is still in.
                #expect(state.applying(action, facts: step.facts) == .failure(refusal))
                for other in A.allCases {
                    #expect(state.applying(other, facts: step.facts) == state.applying(other, facts: step.facts))
                }
            }
        }
    }

    @Test("once decided (approved, rejected, in service, delivered), a request never becomes open again nor can be withdrawn")
    func decidedStaysDecided() async {
        await propertyCheck(count: 200, input: Self.step.array(of: 0...60)) { steps in
            let history = Self.run(steps) { state, _, facts, _ in
                guard !state.isOpen else { return }
                // Not only the action the run took: every action, with this step's facts, from every decided state met.
                for action in A.allCases {
                    let result = state.applying(action, facts: facts)
                    if case let .success(next) = result { #expect(!next.isOpen, "\(state) + \(action) → \(next)") }
                    if action == .withdraw { #expect(result == .failure(.notAllowed), "\(state) withdrawn") }
                }
            }
            if let firstClosed = history.firstIndex(where: { !$0.isOpen }) {
                #expect(history[firstClosed...].allSatisfy { !$0.isOpen }, "\(history)")
            }
        }
    }

    @Test("every decision passes through the whole process: verification, research and the committee come before approval or rejection, and delivery before closing an approved request")
    func processOrder() async {
        await propertyCheck(count: 200, input: Self.step.array(of: 0...60)) { steps in
            let history = Self.run(steps) { _, _, _, _ in }
            func before(_ earlier: S, _ later: S) -> Bool {
                guard let late = history.firstIndex(of: later) else { return true }
                return history[..<late].contains(earlier)
            }
            #expect(before(.verification, .socialResearch), "\(history)")
            #expect(before(.socialResearch, .committeeReview), "\(history)")
            #expect(before(.committeeReview, .approved) && before(.committeeReview, .rejected), "\(history)")
            #expect(before(.approved, .inService) && before(.approved, .delivered), "\(history)")
            if history.contains(.closed) { #expect(history.contains(.delivered) || history.contains(.rejected), "\(history)") }
            if let withdrawn = history.firstIndex(of: .withdrawn) {
                #expect(withdrawn == history.count - 1, "nothing after withdrawal: \(history)")
                #expect(history[withdrawn - 1].isOpen)
            }
        }
    }

    @Test("closed and withdrawn requests refuse every action, whatever the facts, as not allowed")
    func terminalStates() async {
        await propertyCheck(count: 200, input: Gen<SupportRequestAction>.case, Self.facts) { action, facts in
            for state in [S.closed, .withdrawn] {
                #expect(state.applying(action, facts: facts) == .failure(.notAllowed), "\(state) + \(action)")
            }
        }
    }

    @Test("withdrawal is possible from exactly the open states, and only with a reason that is not blank")
    func withdrawal() async {
        await propertyCheck(count: 200, input: Gen<SupportRequestStatus>.case, Self.facts) { state, facts in
            let result = state.applying(.withdraw, facts: facts)
            if !state.isOpen {
                #expect(result == .failure(.notAllowed), "\(state)")
            } else if Self.blank(facts.reason) {
                #expect(result == .failure(.reasonRequired), "\(state) with \(facts.reason.debugDescription)")
            } else {
                #expect(result == .success(.withdrawn), "\(state)")
            }
        }
    }

    @Test("the random runs reach every state of the diagram (the generator is not stuck near the draft)")
    func runsCoverTheDiagram() async {
        let visited = VisitedStates()
        await propertyCheck(count: 200, input: Self.step.array(of: 20...60)) { steps in
            visited.add(Self.run(steps) { _, _, _, _ in })
        }
        #expect(visited.states == Set(S.allCases), "never reached: \(Set(S.allCases).subtracting(visited.states))")
        #expect(Self.reachable == Set(S.allCases))
    }
}

private final class VisitedStates: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<SupportRequestStatus> = []
    func add(_ states: [SupportRequestStatus]) { lock.lock(); seen.formUnion(states); lock.unlock() }
    var states: Set<SupportRequestStatus> { lock.lock(); defer { lock.unlock() }; return seen }
}
