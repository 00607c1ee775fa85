import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Values read on many pages and changed a few times a year (today the organization settings). Each instance keeps what it read for
/// `lifetime`; a change saved through this instance clears the cache at once, and one saved through another
/// instance (several behind a load balancer share one database) shows here within `lifetime`.
final class ReadCache: Sendable {
    static let lifetime: TimeInterval = 5

    private struct Entry: @unchecked Sendable {
        let value: Any
        let until: TimeInterval
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    /// The value kept under `key`, or what `load` reads (then kept). Values must not be changed by their readers.
    func value<Value: Sendable>(_ key: String, load: () async throws -> Value) async throws -> Value {
        let now = ProcessInfo.processInfo.systemUptime
        if let entry = entries.withLockedValue({ $0[key] }), entry.until > now, let value = entry.value as? Value {
            return value
        }
        let value = try await load()
        entries.withLockedValue { $0[key] = Entry(value: value, until: now + Self.lifetime) }
        return value
    }

    /// After a change to settings or a catalog: everything is read again.
    func clear() {
        entries.withLockedValue { $0.removeAll() }
    }
}
