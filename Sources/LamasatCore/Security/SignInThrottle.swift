import Foundation

/// After 5 failed sign-ins for one account or from one address within 15 minutes, further tries are refused until
/// the oldest of those failures is 15 minutes old.
public struct SignInThrottle: Sendable, Equatable {
    public var maxFailures: Int
    public var window: TimeInterval

    public static let standard = SignInThrottle(maxFailures: 5, window: 15 * 60)

    public init(maxFailures: Int, window: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// The start of the window that counts for a decision taken at `now`.
    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Whether tries are refused, given how many failures fall in the window.
    public func isLocked(failuresInWindow: Int) -> Bool { failuresInWindow >= maxFailures }

    /// When a lock that rests on these failure times lifts (nil when there is no lock).
    public func lockedUntil(failureTimes: [Date], now: Date) -> Date? {
        let recent = failureTimes.filter { $0 > windowStart(now: now) }.sorted()
        guard isLocked(failuresInWindow: recent.count) else { return nil }
        return recent[recent.count - maxFailures].addingTimeInterval(window)
    }
}
