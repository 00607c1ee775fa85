import Fluent
import LamasatCore
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import LamasatServer

@Suite("Background jobs and the outbox", .serialized)
struct JobsAndOutboxTests {
    func draft(_ key: String = "ack:1") -> Outbox.Draft {
        Outbox.Draft(channel: .sms, recipient: "+966501234567", subject: "إشعار", body: "تم استلام طلبك", idempotencyKey: key,
                     relatedType: nil, relatedID: nil, branchID: nil)
    }

    @Test("a due job runs once and is marked done")
    func runsDueJob() async throws {
        try await withLamasat { t in
            let counter = Counter()
            t.app.lamasat.jobs.register("test.count") { _ in counter.increment() }
            try await JobQueue.enqueue("test.count", payload: "", now: t.clock.now(), on: t.db)
            try await JobQueue.enqueue("test.count", payload: "", runAt: t.clock.now().addingTimeInterval(3600), now: t.clock.now(), on: t.db)
            #expect(try await JobWorker(application: t.app).runDueJobs() == 1)
            #expect(counter.value == 1)
            #expect(try await Job.query(on: t.db).filter(\.$status == .done).count() == 1)
            t.clock.advance(by: 3600)
            #expect(try await JobWorker(application: t.app).runDueJobs() == 1)
            #expect(counter.value == 2)
        }
    }

    @Test("a failing job waits for its backoff, then fails for good after its last try")
    func retriesWithBackoff() async throws {
        try await withLamasat { t in
            t.app.lamasat.jobs.register("test.fail") { _ in throw Abort(.badGateway) }
            let job = try await JobQueue.enqueue("test.fail", payload: "", maxAttempts: 3, now: t.clock.now(), on: t.db)
            let worker = JobWorker(application: t.app, backoff: RetryBackoff(base: 10, maximum: 100))
            #expect(try await worker.runDueJobs() == 1)
            var stored = try #require(try await Job.find(job.id, on: t.db))
            #expect(stored.status == .queued)
            #expect(stored.runAt == t.clock.now().addingTimeInterval(10))
            #expect(try await worker.runDueJobs() == 0, "not before its backoff")
            t.clock.advance(by: 10)
            #expect(try await worker.runDueJobs() == 1)
            t.clock.advance(by: 20)
            #expect(try await worker.runDueJobs() == 1)
            stored = try #require(try await Job.find(job.id, on: t.db))
            #expect(stored.status == .failed)
            #expect(stored.attempts == 3)
            t.clock.advance(by: 1000)
            #expect(try await worker.runDueJobs() == 0)
        }
    }

    @Test("a job whose worker died is taken again when its lease runs out")
    func expiredLease() async throws {
        try await withLamasat { t in
            let job = try await JobQueue.enqueue("test.count", payload: "", now: t.clock.now(), on: t.db)
            let claimed = try await JobQueue.claim(worker: "crashed", now: t.clock.now(), on: t.db)
            #expect(claimed?.id == job.id)
            #expect(try await JobQueue.claim(worker: "other", now: t.clock.now(), on: t.db) == nil)
            t.clock.advance(by: JobQueue.lease + 1)
            let again = try await JobQueue.claim(worker: "other", now: t.clock.now(), on: t.db)
            #expect(again?.id == job.id)
            #expect(again?.lockedBy == "other")
            #expect(again?.attempts == 2)
        }
    }

    @Test("a job claimed by an ended process of this machine is taken again at the next start, not after its lease")
    func endedProcessLease() async throws {
        try await withLamasat { t in
            let host = "lamasat_test.host"
            // 4194305 is above Linux's largest pid: no such process. Pid 1 always runs. The third is another machine's,
            // and `_` in the host name must not match its `x`.
            for worker in ["\(host)-4194305-abc123", "\(host)-1-abc123", "lamasatxtest.host-4194305-abc123"] {
                try await JobQueue.enqueue("test.count", payload: worker, now: t.clock.now(), on: t.db)
                _ = try await JobQueue.claim(worker: worker, now: t.clock.now(), on: t.db)
            }
            #expect(try await JobQueue.releaseLeasesOfEndedProcesses(host: host, now: t.clock.now(), on: t.db) == 1)
            t.clock.advance(by: 1)
            let again = try await JobQueue.claim(worker: "\(host)-\(getpid())-new", now: t.clock.now(), on: t.db)
            #expect(again?.payload == "\(host)-4194305-abc123")
            #expect(try await JobQueue.claim(worker: "next", now: t.clock.now(), on: t.db) == nil)
        }
    }

    @Test("two workers claiming at once never take the same job")
    func concurrentClaims() async throws {
        try await withLamasat { t in
            for _ in 0..<20 { try await JobQueue.enqueue("test.count", payload: "", now: t.clock.now(), on: t.db) }
            let now = t.clock.now()
            let app = t.app
            let claimed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var ids: [UUID] = []
                        while let job = try await JobQueue.claim(worker: "w\(worker)", now: now, on: app.db) { ids.append(job.id!) }
                        return ids
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(claimed.count == 20)
            #expect(Set(claimed).count == 20)
        }
    }

    @Test("a message is queued with its job in the caller's transaction; a rollback leaves neither")
    func enqueueInTransaction() async throws {
        try await withLamasat { t in
            let enqueueThenFail: @Sendable (any Database) async throws -> Void = { db in
                try await Outbox.enqueue(draft(), now: t.clock.now(), on: db)
                throw Rollback()
            }
            var rolledBack = false
            do { try await t.db.transaction(enqueueThenFail) } catch is Rollback { rolledBack = true }
            #expect(rolledBack)
            #expect(try await OutboxMessage.query(on: t.db).count() == 0)
            #expect(try await Job.query(on: t.db).count() == 0)
        }
    }

    @Test("the same idempotency key queues one message; delivery sends it once even if its job runs again")
    func sendsOnce() async throws {
        try await withLamasat { t in
            let first = try await Outbox.enqueue(draft(), now: t.clock.now(), on: t.db)
            let second = try await Outbox.enqueue(draft(), now: t.clock.now(), on: t.db)
            #expect(first.id == second.id)
            #expect(try await JobWorker(application: t.app).runDueJobs() == 1)
            #expect(t.provider.sentIDs == [first.id!])
            // A crash after sending but before the job was marked done: the job runs again.
            try await JobQueue.enqueue(Outbox.deliverJob, payload: first.id!.uuidString, now: t.clock.now(), on: t.db)
            try await JobWorker(application: t.app).runDueJobs()
            #expect(t.provider.sentIDs == [first.id!])
            let stored = try #require(try await OutboxMessage.find(first.id, on: t.db))
            #expect(stored.status == .sent)
            #expect(stored.provider == "recording")
        }
    }

    @Test("a provider failure is retried and the message is sent later")
    func providerFailureRetried() async throws {
        try await withLamasat { t in
            t.provider.failNext(1)
            let message = try await Outbox.enqueue(draft(), now: t.clock.now(), on: t.db)
            try await JobWorker(application: t.app).runDueJobs()
            #expect(try await OutboxMessage.find(message.id, on: t.db)?.status == .queued)
            #expect(try await OutboxMessage.find(message.id, on: t.db)?.lastError != nil)
            t.clock.advance(by: 60)
            try await JobWorker(application: t.app).runDueJobs()
            #expect(try await OutboxMessage.find(message.id, on: t.db)?.status == .sent)
            #expect(t.provider.sentIDs == [message.id!])
        }
    }

    @Test("the outbox page lists messages for admins and managers, filtered; other roles get 403")
    func outboxPage() async throws {
        try await withLamasat { t in
            try await Outbox.enqueue(draft("a"), now: t.clock.now(), on: t.db)
            var whatsapp = draft("b")
            whatsapp.channel = .whatsapp
            whatsapp.subject = "تذكير"
            try await Outbox.enqueue(whatsapp, now: t.clock.now(), on: t.db)
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.get("/admin/outbox?channel=whatsapp")
            #expect(page.status == .ok)
            #expect(page.contains("تذكير"))
            // The SMS's subject, as its row shows it (the layout's bell says "الإشعارات" on every page).
            #expect(!page.contains("<strong>إشعار</strong>"))
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/admin/outbox").status == .forbidden)
        }
    }

    @Test("a manager limited to her branch sees only her branch's messages")
    func outboxOtherBranch() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            var hq = draft("hq")
            hq.branchID = try await t.headOffice().id
            hq.subject = "رسالة المركز"
            var jed = draft("jed")
            jed.branchID = jeddah.id
            jed.subject = "رسالة جدة"
            try await Outbox.enqueue(hq, now: t.clock.now(), on: t.db)
            try await Outbox.enqueue(jed, now: t.clock.now(), on: t.db)
            let (manager, _) = try await t.signedIn(as: .manager, branch: jeddah)
            let page = try await manager.get("/admin/outbox")
            #expect(page.contains("رسالة جدة"))
            #expect(!page.contains("رسالة المركز"))
        }
    }

    struct Rollback: Error {}

    final class Counter: @unchecked Sendable {
        private let box = NIOLockedValueBox(0)
        var value: Int { box.withLockedValue { $0 } }
        func increment() { box.withLockedValue { $0 += 1 } }
    }
}
