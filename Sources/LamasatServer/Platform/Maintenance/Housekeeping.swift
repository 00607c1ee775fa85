import Fluent
import LamasatCore
import Vapor

/// Removes what has no use left: ended sessions, sign-in failures past their window, spent set-up links and
/// finished jobs after a month (features register their own clean-ups as periodic tasks). Business records and the audit trail are never touched.
enum Housekeeping {
    static let finishedJobRetention: TimeInterval = 30 * 24 * 60 * 60
    static let interval: Duration = .seconds(10 * 60)

    struct Report: Equatable, Sendable {
        var sessions = 0, failures = 0, setupTokens = 0, jobs = 0
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

        return report
    }
}
