import Foundation

/// How serious a personal-data breach is for the people in it, as the administrator judges it when recording it.
public enum BreachRisk: String, CaseIterable, Codable, Sendable {
    case low, medium, high

    public var localizationKey: String { "breach.risk.\(rawValue)" }
}

/// The 72 hours PDPL's implementing regulation gives the association to notify the authority (SDAIA) once it becomes
/// aware of a breach. Counted in clock hours from when it was found, not in working days: the law's clock does not
/// stop for the weekend.
public struct BreachClock: Equatable, Sendable {
    public static let hours = 72

    public enum State: Equatable, Sendable {
        /// Not notified yet, with this many seconds left.
        case running(remaining: TimeInterval)
        /// Not notified, and the 72 hours are over by this many seconds.
        case overdue(by: TimeInterval)
        case notifiedInTime
        case notifiedLate
        /// Judged not notifiable (no likely harm), with its reason on the record.
        case notRequired
    }

    public let deadline: Date
    public let state: State

    public init(discovered: Date, authorityNotified: Date?, notRequired: Bool, now: Date) {
        deadline = discovered.addingTimeInterval(Double(Self.hours) * 3_600)
        if let authorityNotified {
            state = authorityNotified <= deadline ? .notifiedInTime : .notifiedLate
        } else if notRequired {
            state = .notRequired
        } else if now <= deadline {
            state = .running(remaining: deadline.timeIntervalSince(now))
        } else {
            state = .overdue(by: now.timeIntervalSince(deadline))
        }
    }

    /// Whole hours, rounded up while running (59 minutes left is "1 hour") and down once over.
    public static func hours(_ seconds: TimeInterval, roundingUp: Bool) -> Int {
        Int((seconds / 3_600).rounded(roundingUp ? .up : .down))
    }

    /// Still waiting for a notification: running or overdue.
    public var isPending: Bool {
        switch state {
        case .running, .overdue: return true
        default: return false
        }
    }

    public var key: String {
        switch state {
        case .running: return "running"
        case .overdue: return "overdue"
        case .notifiedInTime: return "notifiedInTime"
        case .notifiedLate: return "notifiedLate"
        case .notRequired: return "notRequired"
        }
    }
}
