import Foundation

/// How long a failed background job waits before its next try: doubling from `base`, capped at `maximum`.
public struct RetryBackoff: Sendable, Equatable {
    public var base: TimeInterval
    public var maximum: TimeInterval

    public static let standard = RetryBackoff(base: 30, maximum: 60 * 60)

    public init(base: TimeInterval, maximum: TimeInterval) {
        self.base = base
        self.maximum = maximum
    }

    /// The delay after the `attempt`-th failed try (1-based).
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 30)
        return min(base * pow(2, Double(exponent)), maximum)
    }
}
