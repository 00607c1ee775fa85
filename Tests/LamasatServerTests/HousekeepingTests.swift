import Fluent
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import LamasatServer

@Suite("Housekeeping", .serialized)
struct HousekeepingTests {
    @Test("ended sessions, old failures, spent links and month-old finished jobs go; live ones and the audit stay")
    func removesOnlyWhatIsSpent() async throws {
        try await withLamasat { t in
            let user = try await t.makeUser("noura", role: .relationsOfficer)
            let start = t.clock.now()
            try await StaffSession(tokenHash: "old", userID: user.id!, csrfToken: "a", now: start, address: nil).create(on: t.db)
            try await SignInFailure(key: SessionTokens.hash("account:noura"), failedAt: start).create(on: t.db)
            try await SetupToken(tokenHash: "spent", expiresAt: start.addingTimeInterval(60)).create(on: t.db)
            let job = try await JobQueue.enqueue("x", payload: "", now: start, on: t.db)
            try await JobQueue.complete(job, now: start, on: t.db)
            try await AuditChain.append(.init(action: "test.event", outcome: .success), at: start, key: t.app.lamasat.secrets.audit, on: t.db)

            t.clock.advance(by: 31 * 24 * 60 * 60)
            try await StaffSession(tokenHash: "live", userID: user.id!, csrfToken: "b", now: t.clock.now(), address: nil).create(on: t.db)
            try await SignInFailure(key: SessionTokens.hash("account:noura"), failedAt: t.clock.now()).create(on: t.db)
            let queued = try await JobQueue.enqueue("x", payload: "", runAt: t.clock.now().addingTimeInterval(60), now: t.clock.now(), on: t.db)

            let report = try await Housekeeping.run(now: t.clock.now(), on: t.db)
            #expect(report == Housekeeping.Report(sessions: 1, failures: 1, setupTokens: 1, jobs: 1))
            #expect(try await StaffSession.query(on: t.db).all().map(\.tokenHash) == ["live"])
            #expect(try await SignInFailure.query(on: t.db).count() == 1)
            #expect(try await Job.query(on: t.db).all().map(\.id) == [queued.id])
            #expect(try await t.auditEntries(action: "test.event").count == 1)
            #expect(try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db).isIntact)
        }
    }

    @Test("the worker runs the periodic tasks features register, in order; one that fails does not stop the others")
    func periodicTasks() async throws {
        try await withLamasat { t in
            #expect(t.app.lamasat.jobs.periodicTasks.map(\.name) == ["housekeeping", "portal.housekeeping", "complaints.escalation", "notifications.digest",
                                                                        "requests.overdueDecisions", "outreach.daily", "appointments.reminders", "retention.daily",
                                                                        "pledges.reminders"])
            let ran = NIOLockedValueBox<[String]>([])
            t.app.lamasat.jobs.every("failing") { _, _ in
                ran.withLockedValue { $0.append("failing") }
                throw Abort(.internalServerError)
            }
            t.app.lamasat.jobs.every("after") { _, now in ran.withLockedValue { $0.append("after \(now == t.clock.now())") } }
            await JobWorker(application: t.app).runPeriodicTasks()
            #expect(ran.withLockedValue { $0 } == ["failing", "after true"])
        }
    }
}
