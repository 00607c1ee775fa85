import Fluent
import NIOConcurrencyHelpers
import LamasatCore
import SQLKit
import Vapor

/// What a job handler is given.
struct JobContext: Sendable {
    let job: Job
    let db: any Database
    let application: Application
    let logger: Logger
}

typealias JobHandler = @Sendable (JobContext) async throws -> Void

/// The handlers the worker can run, by job kind. Features register theirs, and their periodic tasks, in `configure`.
final class JobRegistry: Sendable {
    private let handlers = NIOLockedValueBox<[String: JobHandler]>([:])

    func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers.withLockedValue { $0[kind] = handler }
    }

    func handler(for kind: String) -> JobHandler? {
        handlers.withLockedValue { $0[kind] }
    }

    private let periodic = NIOLockedValueBox<[(name: String, run: PeriodicTask)]>([])

    /// A task the worker runs every `Housekeeping.interval` (an escalation, a daily outreach pass); it decides itself
    /// whether there is anything to do.
    func every(_ name: String, _ task: @escaping PeriodicTask) {
        periodic.withLockedValue { $0.append((name, task)) }
    }

    var periodicTasks: [(name: String, run: PeriodicTask)] { periodic.withLockedValue { $0 } }
}

typealias PeriodicTask = @Sendable (Application, Date) async throws -> Void

/// The database-backed job queue: enqueue inside the caller's transaction, claim with a lease, finish or retry.
enum JobQueue {
    static let lease: TimeInterval = 5 * 60

    @discardableResult
    static func enqueue(
        _ kind: String, payload: String, runAt: Date? = nil, maxAttempts: Int = 8, now: Date, on db: any Database
    ) async throws -> Job {
        let job = Job(kind: kind, payload: payload, runAt: runAt ?? now, maxAttempts: maxAttempts, now: now)
        try await job.create(on: db)
        return job
    }

    /// Takes the next due job (or one whose lease ran out) for this worker. On PostgreSQL `FOR UPDATE SKIP LOCKED`
    /// lets several instances claim side by side without taking the same job; SQLite has a single writer.
    static func claim(worker: String, now: Date, on db: any Database) async throws -> Job? {
        let skipLocked = db.isPostgres ? SQLQueryString(" FOR UPDATE SKIP LOCKED") : SQLQueryString("")
        let claimed = try await db.sql.raw("""
            UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = \(bind: worker),
                locked_until = \(bind: now.addingTimeInterval(lease)), updated_at = \(bind: now)
            WHERE id = (
                SELECT id FROM jobs
                WHERE (status = 'queued' AND run_at <= \(bind: now))
                   OR (status = 'running' AND locked_until < \(bind: now))
                ORDER BY run_at LIMIT 1\(skipLocked)
            )
            RETURNING id
            """).first(decoding: ClaimedID.self)
        guard let claimed else { return nil }
        return try await Job.find(claimed.id, on: db)
    }

    /// Jobs claimed by a process of this machine that is gone (killed, crashed) become claimable at once instead of
    /// after their lease: their sends are checked again by the handler (a sent message is not sent twice). A lease
    /// names its process as `host-pid-…` (AppServices.instanceID); processes of other machines are left alone.
    static func releaseLeasesOfEndedProcesses(host: String, now: Date, on db: any Database) async throws -> Int {
        struct Lease: Decodable { let id: UUID; let locked_by: String }
        let leases = try await db.sql.raw("""
            SELECT id, locked_by FROM jobs WHERE status = 'running' AND locked_until > \(bind: now)
            AND locked_by LIKE \(bind: host + "-%")
            """).all(decoding: Lease.self)
        var released = 0
        for lease in leases {
            // LIKE's `_` matches any character: the name is checked exactly here.
            guard lease.locked_by.hasPrefix(host + "-") else { continue }
            let parts = lease.locked_by.dropFirst(host.count + 1).split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try await db.sql.raw("""
                UPDATE jobs SET locked_until = \(bind: now) WHERE id = \(bind: lease.id) AND locked_by = \(bind: lease.locked_by)
                """).run()
            released += 1
        }
        return released
    }

    private struct ClaimedID: Decodable {
        let id: UUID
    }

    static func complete(_ job: Job, now: Date, on db: any Database) async throws {
        job.status = .done
        job.lockedUntil = nil
        job.lastError = nil
        job.updatedAt = now
        try await job.save(on: db)
    }

    /// Records a failed try: the job waits for its backoff and runs again, or fails for good after its last try.
    static func fail(_ job: Job, error: String, backoff: RetryBackoff, now: Date, on db: any Database) async throws {
        job.lastError = String(error.prefix(500))
        job.lockedUntil = nil
        job.updatedAt = now
        if job.attempts >= job.maxAttempts {
            job.status = .failed
        } else {
            job.status = .queued
            job.runAt = now.addingTimeInterval(backoff.delay(afterAttempt: job.attempts))
        }
        try await job.save(on: db)
    }

    /// Puts a job back until `until` without counting the try: it could not run yet, it did not fail.
    static func postpone(_ job: Job, until: Date, now: Date, on db: any Database) async throws {
        job.status = .queued
        job.attempts = max(0, job.attempts - 1)
        job.runAt = until
        job.lockedUntil = nil
        job.updatedAt = now
        try await job.save(on: db)
    }

    static func queuedCount(on db: any Database) async throws -> Int {
        try await Job.query(on: db).filter(\.$status == .queued).count()
    }
}
