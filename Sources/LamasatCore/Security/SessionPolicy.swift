import Foundation

/// Server-side limits of a staff session: it ends after 30 idle minutes and, whatever the activity, 12 hours after
/// sign-in.
public struct SessionPolicy: Sendable, Equatable {
    public enum State: Equatable, Sendable {
        case active
        case idleExpired
        case absoluteExpired
    }

    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval

    public static let standard = SessionPolicy(idleTimeout: 30 * 60, absoluteTimeout: 12 * 60 * 60)

    public init(idleTimeout: TimeInterval, absoluteTimeout: TimeInterval) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    public func state(createdAt: Date, lastSeenAt: Date, now: Date) -> State {
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active
    }
}
