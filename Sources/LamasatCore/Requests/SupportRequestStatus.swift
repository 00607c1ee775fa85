import Foundation

/// The life of a support request ([P-18]–[P-24]; the diagram in shared/DOMAIN.md).
public enum SupportRequestStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, verification, returnedToApplicant, awaitingDeclaration, socialResearch, committeeReview
    case approved, rejected, inService, delivered, closed, withdrawn
    /// An approved request stopped before its full delivery (issue 20); what was delivered stays.
    case cancelled

    public var localizationKey: String { "request.status.\(rawValue)" }

    /// Open requests can still be withdrawn; after the committee's decision they run their course.
    public var isOpen: Bool {
        [.draft, .submitted, .verification, .returnedToApplicant, .awaitingDeclaration, .socialResearch, .committeeReview]
            .contains(self)
    }

    /// Whether the request is waiting for the committee's answer, so its expected decision date matters.
    public var awaitsDecision: Bool { isOpen && self != .draft }
}

/// What someone does to a request. Each action needs one permission.
public enum SupportRequestAction: String, CaseIterable, Codable, Sendable {
    case submit, startVerification, completeVerification, returnToApplicant, signDeclaration, fileResearchReport
    case approve, reject, deliverPart, deliverFinal, close, withdraw
    /// Stopping an approved request before its full delivery, with a reason.
    case cancel
    /// Taking a withdrawn request up again within the period the administrator set, where it stood.
    case reopen
    /// The committee accepting her appeal of a rejection: the request is approved, under the rules of an approval.
    case overturn

    public var localizationKey: String { "request.action.\(rawValue)" }

    public var permission: Permission {
        switch self {
        case .submit, .signDeclaration, .close, .withdraw, .reopen: .takeRequests
        case .cancel: .cancelRequests
        case .startVerification, .completeVerification, .returnToApplicant: .verifyDocuments
        case .fileResearchReport: .writeResearch
        case .approve, .reject, .overturn: .voteInCommittee
        case .deliverPart, .deliverFinal: .deliverServices
        }
    }
}

/// The facts the guards of a transition look at, gathered by the server from the request's records.
public struct SupportRequestFacts: Sendable, Equatable {
    public var declarationSigned = false
    public var checklistComplete = false
    public var researchReportFiled = false
    public var quorumReached = false
    /// Votes cast for and against by members without a conflict of interest.
    public var approvals = 0
    public var rejections = 0
    /// Financial support needs an approved amount; in-kind and service support may have none.
    public var amountRequired = true
    /// The support type's ceiling; 0 when it has none.
    public var amountCeilingHalalas: Int64 = 0
    public var approvedAmountHalalas: Int64 = 0
    public var reason = ""
    /// A payment of the request is in a bank batch not yet settled: cancelling must wait for its result.
    public var paymentPending = false
    /// Where a withdrawn request stood before it was withdrawn, and whether the reopening period still runs.
    public var reopenTo: SupportRequestStatus?
    public var reopenPeriodOpen = false
    /// Her appeal of the rejection waits for the committee: the request is not closed under it.
    public var appealPending = false

    public init() {}
}

public enum SupportRequestRefusal: String, Error, Sendable, CaseIterable {
    case notAllowed, checklistIncomplete, declarationMissing, reportMissing, noQuorum, againstMajority, amountMissing, aboveCeiling
    case reasonRequired, paymentPending, reopenPeriodOver, appealPending
    public var localizationKey: String { "request.refusal.\(rawValue)" }
}

extension SupportRequestStatus {
    /// The status an action leads to from this one, or why it is refused. Nothing else may change a request's status.
    public func applying(_ action: SupportRequestAction, facts: SupportRequestFacts) -> Result<SupportRequestStatus, SupportRequestRefusal> {
        let hasReason = !facts.reason.trimmingWhitespace().isEmpty
        switch (self, action) {
        case (.draft, .submit), (.returnedToApplicant, .submit):
            return .success(.submitted)
        case (.submitted, .startVerification):
            return .success(.verification)
        case (.verification, .completeVerification):
            guard facts.checklistComplete else { return .failure(.checklistIncomplete) }
            // [P-21]: a declaration signed at submission lets the request go straight to research.
            return .success(facts.declarationSigned ? .socialResearch : .awaitingDeclaration)
        case (.verification, .returnToApplicant):
            guard hasReason else { return .failure(.reasonRequired) }
            return .success(.returnedToApplicant)
        case (.awaitingDeclaration, .signDeclaration):
            guard facts.declarationSigned else { return .failure(.declarationMissing) }
            return .success(.socialResearch)
        case (.socialResearch, .fileResearchReport):
            guard facts.researchReportFiled else { return .failure(.reportMissing) }
            return .success(.committeeReview)
        case (.committeeReview, .approve), (.rejected, .overturn):
            guard facts.quorumReached else { return .failure(.noQuorum) }
            // A tie leaves the chair's casting decision; a majority against it does not.
            guard facts.approvals >= facts.rejections else { return .failure(.againstMajority) }
            guard facts.approvedAmountHalalas > 0 || !facts.amountRequired else { return .failure(.amountMissing) }
            guard facts.amountCeilingHalalas == 0 || facts.approvedAmountHalalas <= facts.amountCeilingHalalas else {
                return .failure(.aboveCeiling)
            }
            return .success(.approved)
        case (.committeeReview, .reject):
            guard facts.quorumReached else { return .failure(.noQuorum) }
            guard facts.rejections >= facts.approvals else { return .failure(.againstMajority) }
            guard hasReason else { return .failure(.reasonRequired) }
            return .success(.rejected)
        case (.approved, .deliverPart), (.inService, .deliverPart):
            return .success(.inService)
        case (.approved, .deliverFinal), (.inService, .deliverFinal):
            return .success(.delivered)
        case (.delivered, .close):
            return .success(.closed)
        case (.rejected, .close):
            guard !facts.appealPending else { return .failure(.appealPending) }
            return .success(.closed)
        case (.approved, .cancel), (.inService, .cancel):
            guard hasReason else { return .failure(.reasonRequired) }
            guard !facts.paymentPending else { return .failure(.paymentPending) }
            return .success(.cancelled)
        case (.withdrawn, .reopen):
            guard let back = facts.reopenTo, back.isOpen else { return .failure(.notAllowed) }
            guard facts.reopenPeriodOpen else { return .failure(.reopenPeriodOver) }
            guard hasReason else { return .failure(.reasonRequired) }
            return .success(back)
        case (_, .withdraw) where isOpen:
            guard hasReason else { return .failure(.reasonRequired) }
            return .success(.withdrawn)
        default:
            return .failure(.notAllowed)
        }
    }
}

/// [P-22]: the committee replies in no less than two weeks; the association may announce a longer period.
public enum DecisionPeriod {
    public static func expectedDecisionDate(submittedAt: Date, periodDays: Int) -> Date {
        let days = max(OrganizationProfile.minimumDecisionPeriodDays, periodDays)
        return submittedAt.addingTimeInterval(Double(days) * 24 * 60 * 60)
    }
}

/// What kind of help a support type gives.
public enum SupportKind: String, CaseIterable, Codable, Sendable {
    case financial, inKind, service, counselling, training, seasonal
    public var localizationKey: String { "support.kind.\(rawValue)" }
}
