import Crypto
import Fluent
import FluentSQL
import Foundation
import LamasatCore
import SQLKit

/// Carries out an approved batch, as a job: each file in its own transaction (checked again: a file reopened or
/// asked for help since the preview is skipped), then the counted kinds up to their cut-off, then the name indexes,
/// then SQLite's log is emptied into the file.
/// The audit trail records each file anonymised and the batch, never what was removed.
enum RetentionApply {
    static let job = "retention.apply"

    static func run(_ context: JobContext) async throws {
        guard let id = UUID(uuidString: context.job.payload) else { return }
        try await apply(batch: id, now: context.application.lamasat.clock.now(), auditKey: context.application.lamasat.secrets.audit, on: context.db)
    }

    static func apply(batch id: UUID, now: Date, auditKey: SymmetricKey, on db: any Database) async throws {
        guard let batch = try await RetentionBatch.find(id, on: db), batch.status == .approved else { return }
        let cutoffs = batch.cutoffDates
        // In the order the page lists them, so a run that stops has done the files listed first.
        let items = try await RetentionItem.query(on: db).listed(in: id).filter(\.$status == .due).all()
        for item in items {
            guard let cutoff = cutoffs[item.kind] else { continue }
            try await db.writeTransaction { db in
                // Claimed first: a second worker finds nothing left to do.
                let claimed = try await db.sql.raw("""
                    UPDATE retention_items SET status = 'skipped', decided_at = \(bind: now) WHERE id = \(bind: try item.requireID()) AND status = 'due'
                    RETURNING id
                    """).all()
                guard !claimed.isEmpty else { return }
                let still = try await RetentionScan.dueFiles(item.kind, cutoff: cutoff, now: now, only: item.beneficiaryID, limit: 1, on: db)
                guard !still.isEmpty, let file = try await Beneficiary.find(item.beneficiaryID, on: db) else { return }
                try await FileAnonymiser.anonymise(file, now: now, on: db)
                try await db.sql.raw("UPDATE retention_items SET status = 'anonymised' WHERE id = \(bind: try item.requireID())").run()
                try await AuditChain.append(.init(actorName: "worker", action: "beneficiary.anonymised", recordType: "beneficiary",
                                                  recordID: item.beneficiaryID.uuidString, outcome: .success,
                                                  detail: "\(batch.reference) \(item.kind.rawValue)"), at: now, key: auditKey, on: db)
            }
        }
        // Counted from the items, so files done by an earlier run of the batch that stopped count too.
        struct Done: Decodable { let kind: RetentionKind; let n: Int }
        var anonymised = cutoffs.mapValues { _ in 0 }
        for row in try await db.sql.raw("""
            SELECT kind, COUNT(*) AS n FROM retention_items WHERE batch_id = \(bind: id) AND status = 'anonymised' GROUP BY kind
            """).all(decoding: Done.self) { anonymised[row.kind] = row.n }
        let counted = anonymised
        let spreadsheets = try await db.writeTransaction { db -> [String] in
            var applied = counted
            if let cutoff = cutoffs[.onlineRegistrations] {
                applied[.onlineRegistrations] = try await db.sql.raw("""
                    UPDATE online_registrations SET national_id = '', mobile = '', answers = '', typed_name = '', review_note = ''
                    WHERE id IN (SELECT id \(RetentionScan.registrations(before: cutoff))) RETURNING 1 AS one
                    """).all().count
            }
            if let cutoff = cutoffs[.sentMessages] {
                applied[.sentMessages] = try await db.sql.raw("""
                    UPDATE outbox_messages SET recipient = '', body = '' WHERE id IN (SELECT id \(RetentionScan.messages(before: cutoff)))
                    RETURNING 1 AS one
                    """).all().count
            }
            // An import left unfinished ends here: its spreadsheet is about to go (from the disk once this commits).
            struct Stored: Decodable { let id: UUID; let stored_path: String }
            var paths: [String] = []
            if let cutoff = cutoffs[.importFiles] {
                let stored = try await db.sql.raw("SELECT id, stored_path \(RetentionScan.imports(before: cutoff))").all(decoding: Stored.self)
                if !stored.isEmpty {
                    try await db.sql.raw("""
                        UPDATE imports SET stored_path = '', problems = '[]', headers = '[]',
                            status = CASE WHEN status IN ('uploaded', 'checked') THEN 'cancelled' ELSE status END,
                            finished_at = COALESCE(finished_at, \(bind: now))
                        WHERE id IN (\(binds: stored.map(\.id)))
                        """).run()
                }
                paths = stored.map(\.stored_path)
                applied[.importFiles] = paths.count
            }
            try await FileAnonymiser.compactNameIndexes(on: db)
            try await db.sql.raw("""
                UPDATE retention_batches SET status = 'applied', applied_at = \(bind: now), applied = \(bind: RetentionBatch.encode(applied)),
                    version = version + 1 WHERE id = \(bind: id)
                """).run()
            try await AuditChain.append(.init(actorName: "worker", action: "retention.applied", recordType: "retention_batch", recordID: id.uuidString,
                                              outcome: .success, detail: "\(batch.reference) \(RetentionBatch.encode(applied))"),
                                        at: now, key: auditKey, on: db)
            return paths
        }
        for path in spreadsheets { try? FileManager.default.removeItem(atPath: path) }
        // SQLite's log still holds the pages as they were before the batch until a checkpoint copies it into the file
        // (whose freed space `secure_delete` zeroes) and empties it. A reader in the way leaves it to the next one.
        if !db.isPostgres { _ = try? await db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").all() }
    }
}
