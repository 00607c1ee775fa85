import Fluent
import LamasatCore
import Vapor

/// A try counted before it is judged: its row is written first, then the rows of the window are counted, so of any
/// number of tries sent together at most `limit` are judged. A refused try takes its row back; a judged one keeps it
/// as a failure until the caller forgets it (on success).
enum CountedTries {
    static func take(_ key: String, limit: Int, window: TimeInterval = SignInThrottle.standard.window, now: Date,
                     on db: any Database) async throws -> SignInFailure? {
        let row = SignInFailure(key: key, failedAt: now)
        try await row.create(on: db)
        let count = try await SignInFailure.query(on: db).filter(\.$key == key).filter(\.$failedAt > now.addingTimeInterval(-window)).count()
        guard count <= limit else {
            try await row.delete(on: db)
            return nil
        }
        return row
    }

    /// Forgets the failures of these keys: a success clears the count.
    static func forget(_ keys: [String], on db: any Database) async throws {
        try await SignInFailure.query(on: db).filter(\.$key ~~ keys).delete()
    }
}
