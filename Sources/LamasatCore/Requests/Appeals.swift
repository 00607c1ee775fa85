import Foundation

/// Where her appeal (تظلم) of a rejection stands. It is decided once, by the committee, and that decision is final.
public enum AppealStatus: String, CaseIterable, Codable, Sendable {
    /// Lodged and waiting for a committee meeting (or on its agenda).
    case lodged
    /// The committee accepted it: the request is approved.
    case accepted
    /// The committee confirmed the rejection.
    case refused

    public var localizationKey: String { "appeal.status.\(rawValue)" }
}

/// Why an appeal may not be lodged.
public enum AppealRefusal: String, Error, CaseIterable, Sendable {
    case notRejected, alreadyAppealed, periodOver, reasonsRequired
    public var localizationKey: String { "appeal.refusal.\(rawValue)" }
}

/// The rules of an appeal: only of a rejection, once, with her reasons, within the days the administrator set after
/// the decision; and the committee's answer under the rules of a first decision.
public enum AppealRules {
    /// The last moment she may appeal: the period's days counted from the decision.
    public static func deadline(decidedAt: Date, days: Int) -> Date {
        decidedAt.addingTimeInterval(Double(days) * 86_400)
    }

    public static func refusal(status: SupportRequestStatus, alreadyAppealed: Bool, decidedAt: Date?, days: Int, reasons: String,
                               now: Date) -> AppealRefusal? {
        guard status == .rejected, let decidedAt else { return .notRejected }
        guard !alreadyAppealed else { return .alreadyAppealed }
        guard now <= deadline(decidedAt: decidedAt, days: days) else { return .periodOver }
        guard !reasons.trimmingWhitespace().isEmpty else { return .reasonsRequired }
        return nil
    }

    /// Why the committee's refusal of an appeal cannot be recorded (the rules of a rejection), or nil.
    public static func refusalOfAppeal(facts: SupportRequestFacts) -> SupportRequestRefusal? {
        if case .failure(let refusal) = SupportRequestStatus.committeeReview.applying(.reject, facts: facts) { return refusal }
        return nil
    }
}
