import Fluent
import SQLKit
import Vapor

/// Counters of places in fixed windows (`portal_rates`): portal codes, public forms and uploads. Taking a place is one
/// conditional update, atomic on SQLite and PostgreSQL, so requests sent together cannot all slip under a limit.
/// Housekeeping removes a counter once its window's hour has passed.
enum RateCounter {
    /// Takes one of `limit` places in `bucket`; false when it is full.
    static func take(_ bucket: String, window: Int, limit: Int, on db: any Database) async throws -> Bool {
        try await db.sql.raw("""
            INSERT INTO portal_rates (id, bucket, window_index, count) VALUES (\(bind: UUID()), \(bind: bucket), \(bind: window), 0) ON CONFLICT (bucket) DO NOTHING
            """).run()
        return try await db.sql.raw("""
            UPDATE portal_rates SET count = count + 1 WHERE bucket = \(bind: bucket) AND count < \(bind: limit) RETURNING count
            """).first() != nil
    }

    /// Gives back a place taken for a request that was refused for another reason.
    static func giveBack(_ bucket: String, on db: any Database) async throws {
        try await db.sql.raw("UPDATE portal_rates SET count = count - 1 WHERE bucket = \(bind: bucket) AND count > 0").run()
    }
}
