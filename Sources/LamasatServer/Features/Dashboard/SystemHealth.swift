import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The administrator's view of the system's health, cheap enough for the home page: the job queue's depth, the
/// outbox's failures of the last week, the audit chain's head against its last row and the last full verification
/// (walking the whole chain stays on /admin/audit), and the newest backup file when backups are written here.
struct SystemHealth {
    var jobsQueued = 0
    var jobsRunning = 0
    var jobsFailed = 0
    /// The oldest job due and not yet run.
    var oldestQueued: Date?
    var messagesFailed = 0
    var messagesQueued = 0
    /// Whether the chain's head names the last row's hash.
    var auditHeadMatches = false
    var auditEntries: Int64 = 0
    /// The newest `audit.verified` entry of the last 30 days: when and whether the chain was intact.
    var lastVerification: (at: Date, intact: Bool)?
    /// The newest file in the backups folder; nil when there is none or backups are not kept here (PostgreSQL).
    var lastBackup: Date?

    static let messageWindowDays = 7
    static let verificationWindowDays = 30

    static func read(now: Date, backups: String?, on db: any Database) async throws -> SystemHealth {
        var health = SystemHealth()
        let sql = db.sql
        struct JobCount: Decodable { let status: String; let n: Int; let oldest: Date? }
        let open = [Job.Status.queued, .running, .failed].map(\.rawValue)
        for row in try await sql.raw("""
            SELECT status, count(*) AS n, min(run_at) AS oldest FROM jobs WHERE status IN (\(SQLQueryString.list(open))) GROUP BY status
            """).all(decoding: JobCount.self) {
            switch Job.Status(rawValue: row.status) {
            case .queued: (health.jobsQueued, health.oldestQueued) = (row.n, row.oldest)
            case .running: health.jobsRunning = row.n
            case .failed: health.jobsFailed = row.n
            default: break
            }
        }
        struct Messages: Decodable { let failed: Int; let queued: Int }
        if let messages = try await sql.raw("""
            SELECT coalesce(sum(CASE WHEN status = \(bind: OutboxMessage.Status.failed.rawValue) THEN 1 ELSE 0 END), 0) AS failed,
                coalesce(sum(CASE WHEN status = \(bind: OutboxMessage.Status.queued.rawValue) THEN 1 ELSE 0 END), 0) AS queued
            FROM outbox_messages WHERE created_at >= \(bind: now.addingTimeInterval(-Double(Self.messageWindowDays) * 86_400))
            """).first(decoding: Messages.self) {
            (health.messagesFailed, health.messagesQueued) = (messages.failed, messages.queued)
        }
        struct Head: Decodable { let last_sequence: Int64; let last_hash: String; let tail_hash: String? }
        if let head = try await sql.raw("""
            SELECT h.last_sequence, h.last_hash, e.hash AS tail_hash FROM audit_chain_head h
            LEFT JOIN audit_entries e ON e.sequence = h.last_sequence WHERE h.id = 1
            """).first(decoding: Head.self) {
            health.auditEntries = head.last_sequence
            health.auditHeadMatches = head.last_sequence == 0 ? true : head.tail_hash == head.last_hash
        }
        // Bounded by the time index: only the last 30 days are looked at.
        struct Verified: Decodable { let occurred_at_ms: Int64; let outcome: String }
        let since = Int64(now.addingTimeInterval(-Double(Self.verificationWindowDays) * 86_400).timeIntervalSince1970 * 1000)
        if let verified = try await sql.raw("""
            SELECT occurred_at_ms, outcome FROM audit_entries WHERE occurred_at_ms >= \(bind: since) AND action = 'audit.verified'
            ORDER BY occurred_at_ms DESC LIMIT 1
            """).first(decoding: Verified.self) {
            health.lastVerification = (Date(timeIntervalSince1970: Double(verified.occurred_at_ms) / 1000), verified.outcome == AuditRecord.Outcome.success.rawValue)
        }
        if let backups { health.lastBackup = newestFile(in: backups) }
        return health
    }

    static func newestFile(in folder: String) -> Date? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return names.compactMap { name in
            try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name))[.modificationDate] as? Date
        }.max()
    }
}
