import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Removes the portal's traces past their use, with the staff housekeeping (a periodic task of the worker).
enum PortalHousekeeping {
    /// How many sign-in attempts and portal sessions were removed.
    @discardableResult
    static func run(now: Date, on db: any Database) async throws -> Int {
        // The portal's traces: sign-in attempts past their use (they hold hashes of an ID and an address), ended
        // portal sessions, old look-up counts and past counting windows.
        let day = now.addingTimeInterval(-86_400)
        let portalIdle = now.addingTimeInterval(-PortalSessionMiddleware.policy.idleTimeout)
        let portalAbsolute = now.addingTimeInterval(-PortalSessionMiddleware.policy.absoluteTimeout)
        let removed = try await PortalChallenge.query(on: db).filter(\.$createdAt <= day).count()
            + PortalSession.query(on: db).group(.or) { $0.filter(\.$lastSeenAt <= portalIdle).filter(\.$createdAt <= portalAbsolute) }.count()
        try await PortalChallenge.query(on: db).filter(\.$createdAt <= day).delete()
        try await PortalSession.query(on: db).group(.or) { $0.filter(\.$lastSeenAt <= portalIdle).filter(\.$createdAt <= portalAbsolute) }.delete()
        try await PublicLookup.query(on: db).filter(\.$at <= day).delete()
        // Registrations never sent hold an ID and a mobile nobody needs: a day is enough to finish the form.
        try await OnlineRegistration.query(on: db).filter(\.$status ~~ [.codeSent, .verified]).filter(\.$createdAt <= day).delete()
        try await db.sql.raw("DELETE FROM portal_rates WHERE window_index < \(bind: OneTimeCodePolicy.standard.windowIndex(now) - 1)").run()
        return removed
    }
}
