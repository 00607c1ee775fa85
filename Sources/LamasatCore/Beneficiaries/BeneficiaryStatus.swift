/// Where a beneficiary's file stands: an applicant until her requirements are complete ([P-23]), then
/// registered; a registered file may be suspended or closed, always with a reason.
public enum BeneficiaryStatus: String, CaseIterable, Codable, Sendable {
    case applicant, registered, suspended, closed

    public var localizationKey: String { "beneficiary.status.\(rawValue)" }

    /// The statuses a file may move to from this one.
    public var next: [BeneficiaryStatus] {
        switch self {
        case .applicant: [.registered, .closed]
        case .registered: [.suspended, .closed]
        case .suspended: [.registered, .closed]
        case .closed: [.applicant]
        }
    }

    /// Suspending, closing or reopening a file needs a written reason.
    public var needsReason: Bool { self != .registered }

    public enum Refusal: String, Error, Sendable {
        case notAllowed, reasonRequired, requirementsIncomplete
        public var localizationKey: String { "beneficiary.transition.\(rawValue)" }
    }

    /// Checks a change of status; `requirementsComplete` says whether the file may be registered.
    public func check(to target: BeneficiaryStatus, reason: String, requirementsComplete: Bool) -> Refusal? {
        guard next.contains(target) else { return .notAllowed }
        if target.needsReason && reason.trimmingWhitespace().isEmpty { return .reasonRequired }
        if target == .registered && !requirementsComplete { return .requirementsIncomplete }
        return nil
    }
}
