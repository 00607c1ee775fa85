import Fluent
import LamasatCore
import Vapor

/// Removes what has no use left: ended sessions, sign-in failures past their window, spent set-up links and
/// finished jobs after a month. Business records and the audit trail are never touched.
enum Housekeeping {
    static let finishedJobRetention: TimeInterval = 30 * 24 * 60 * 60
    static let interval: Duration = .seconds(10 * 60)

    struct Report: Equatable, Sendable {
        var sessions = 0, failures = 0, setupTokens = 0, jobs = 0, portal = 0
    }

    @discardableResult
    static func run(now: Date, on db: any Database, sessionPolicy: SessionPolicy = .standard,
                    throttle: SignInThrottle = .standard) async throws -> Report {
        var report = Report()
        let idleCutoff = now.addingTimeInterval(-sessionPolicy.idleTimeout)
        let absoluteCutoff = now.addingTimeInterval(-sessionPolicy.absoluteTimeout)
        let endedSessions = StaffSession.query(on: db).group(.or) {
            $0.filter(\.$lastSeenAt <= idleCutoff).filter(\.$createdAt <= absoluteCutoff)
        }
        report.sessions = try await endedSessions.count()
        try await endedSessions.delete()

        let oldFailures = SignInFailure.query(on: db).filter(\.$failedAt <= throttle.windowStart(now: now))
        report.failures = try await oldFailures.count()
        try await oldFailures.delete()

        let spentTokens = SetupToken.query(on: db).group(.or) { $0.filter(\.$expiresAt <= now).filter(\.$usedAt != nil) }
        report.setupTokens = try await spentTokens.count()
        try await spentTokens.delete()

        let oldJobs = Job.query(on: db).filter(\.$status == .done).filter(\.$updatedAt <= now.addingTimeInterval(-finishedJobRetention))
        report.jobs = try await oldJobs.count()
        try await oldJobs.delete()

        // The portal's traces: sign-in attempts past their use (they hold hashes of an ID and an address), ended
        // portal sessions, old look-up counts and past counting windows.
        let day = now.addingTimeInterval(-86_400)
        let portalIdle = now.addingTimeInterval(-PortalSessionMiddleware.policy.idleTimeout)
        let portalAbsolute = now.addingTimeInterval(-PortalSessionMiddleware.policy.absoluteTimeout)
        report.portal = try await PortalChallenge.query(on: db).filter(\.$createdAt <= day).count()
            + PortalSession.query(on: db).group(.or) { $0.filter(\.$lastSeenAt <= portalIdle).filter(\.$createdAt <= portalAbsolute) }.count()
        try await PortalChallenge.query(on: db).filter(\.$createdAt <= day).delete()
        try await PortalSession.query(on: db).group(.or) { $0.filter(\.$lastSeenAt <= portalIdle).filter(\.$createdAt <= portalAbsolute) }.delete()
        try await PublicLookup.query(on: db).filter(\.$at <= day).delete()
        try await db.sql.raw("DELETE FROM portal_rates WHERE window_index < \(bind: OneTimeCodePolicy.standard.windowIndex(now) - 1)").run()
        return report
    }
}
