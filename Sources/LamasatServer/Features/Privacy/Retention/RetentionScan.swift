import Fluent
import FluentSQL
import Foundation
import LamasatCore
import SQLKit

/// What the schedule makes due, and the batch that proposes it to the administrator. Nothing is anonymised here.
enum RetentionScan {
    /// Files listed per kind in one batch; the rest waits for the next one.
    static let itemLimit = 2000

    struct DueFile: Decodable { let id: UUID; let branch_id: UUID; let last_activity: Date }

    /// The files of an itemised kind whose last activity is older than `cutoff`, oldest first. `only` narrows the
    /// question to one file (is it still due?), and a file kept back at an approval is left out for a year.
    static func dueFiles(_ kind: RetentionKind, cutoff: Date, now: Date, only: UUID? = nil, limit: Int = itemLimit,
                         on db: any Database) async throws -> [DueFile] {
        let condition: SQLQueryString
        switch kind {
        case .closedFiles:
            condition = "b.status = 'closed'"
        case .unregisteredApplicants:
            let ended = RetentionRules.endedRequestStates.map(\.rawValue)
            condition = """
                b.status = 'applicant' AND NOT EXISTS (SELECT 1 FROM support_requests r WHERE r.beneficiary_id = b.id
                    AND r.status NOT IN (\(binds: ended)))
                AND NOT EXISTS (SELECT 1 FROM request_appeals a WHERE a.beneficiary_id = b.id AND a.decided_at IS NULL)
                """
        case .onlineRegistrations, .sentMessages, .importFiles:
            return []
        }
        let kept = RetentionRules.cutoff(months: RetentionRules.keptMonths, now: now)
        let narrowed: SQLQueryString = only.map { " AND b.id = \(bind: $0)" } ?? ""
        return try await db.sql.raw("""
            SELECT b.id, b.branch_id, \(lastActivity(db)) AS last_activity FROM beneficiaries b
            WHERE \(condition) AND b.anonymised_at IS NULL\(narrowed)
              AND NOT EXISTS (SELECT 1 FROM retention_items k WHERE k.beneficiary_id = b.id AND k.status = 'kept' AND k.decided_at > \(bind: kept))
              AND \(lastActivity(db)) < \(bind: cutoff)
            ORDER BY last_activity LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: DueFile.self)
    }

    /// The file's last activity: its own last change, her requests' last change, the last delivery or contact.
    private static func lastActivity(_ db: any Database) -> SQLQueryString {
        let greatest = db.isPostgres ? "GREATEST" : "MAX"
        return """
            \(unsafeRaw: greatest)(b.updated_at,
                COALESCE((SELECT MAX(r.updated_at) FROM support_requests r WHERE r.beneficiary_id = b.id), b.updated_at),
                COALESCE((SELECT MAX(d.recorded_at) FROM service_deliveries d WHERE d.beneficiary_id = b.id), b.updated_at),
                COALESCE((SELECT MAX(c.at) FROM contacts c WHERE c.beneficiary_id = b.id), b.updated_at))
            """
    }

    /// Online registrations reviewed before `cutoff` that still hold what she typed.
    static func registrations(before cutoff: Date) -> SQLQueryString {
        """
        FROM online_registrations WHERE status IN ('reviewed', 'resolved') AND reviewed_at < \(bind: cutoff)
            AND (national_id <> '' OR mobile <> '' OR answers <> '' OR typed_name <> '')
        """
    }

    /// Messages queued before `cutoff`, no longer waiting, that still hold a recipient or a text.
    static func messages(before cutoff: Date) -> SQLQueryString {
        "FROM outbox_messages WHERE status <> 'queued' AND created_at < \(bind: cutoff) AND (recipient <> '' OR body <> '')"
    }

    /// Imports that ended, or were left unfinished, before `cutoff` and still keep their spreadsheet.
    static func imports(before cutoff: Date) -> SQLQueryString {
        """
        FROM imports WHERE stored_path <> '' AND (finished_at < \(bind: cutoff)
            OR (status IN ('uploaded', 'checked') AND updated_at < \(bind: cutoff)))
        """
    }

    static func count(_ from: SQLQueryString, on db: any Database) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await db.sql.raw("SELECT COUNT(*) AS n " + from).first(decoding: Row.self)?.n ?? 0
    }

    enum Outcome: Equatable { case proposed(Int64), nothingDue, pending, ranToday, switchedOff }

    /// Proposes a batch of what is due under the enabled rules, unless one waits already. The daily run also stops
    /// when a batch was proposed today (a discarded one is not proposed again at once); `force` is the
    /// administrator's "look now".
    @discardableResult
    static func propose(now: Date, force: Bool = false, on db: any Database) async throws -> Outcome {
        let schedule = try await RetentionSchedule.current(on: db)
        guard !schedule.enabled.isEmpty else { return .switchedOff }
        return try await db.writeTransaction { db in
            let waiting = try await RetentionBatch.query(on: db).filter(\.$status ~~ [.proposed, .approved]).count()
            guard waiting == 0 else { return .pending }
            if !force {
                let today = WorkingCalendar.startOfDay(CalendarDay.today(now))
                guard try await RetentionBatch.query(on: db).filter(\.$createdAt >= today).count() == 0 else { return .ranToday }
            }
            var cutoffs: [RetentionKind: Int] = [:]
            var counts: [RetentionKind: Int] = [:]
            var files: [(RetentionKind, DueFile)] = []
            for kind in schedule.enabled {
                let cutoff = RetentionRules.cutoff(months: schedule.rules[kind]!.months, now: now)
                cutoffs[kind] = Int(cutoff.timeIntervalSince1970)
                switch kind {
                case .closedFiles, .unregisteredApplicants:
                    let due = try await dueFiles(kind, cutoff: cutoff, now: now, on: db)
                    files += due.map { (kind, $0) }
                    counts[kind] = due.count
                case .onlineRegistrations: counts[kind] = try await count(registrations(before: cutoff), on: db)
                case .sentMessages: counts[kind] = try await count(messages(before: cutoff), on: db)
                case .importFiles: counts[kind] = try await count(imports(before: cutoff), on: db)
                }
            }
            guard counts.values.contains(where: { $0 > 0 }) else { return .nothingDue }
            let batch = RetentionBatch()
            batch.id = UUID()
            batch.number = try await nextNumber(on: db)
            batch.status = .proposed
            batch.cutoffs = RetentionBatch.encode(cutoffs)
            batch.counts = RetentionBatch.encode(counts)
            batch.createdAt = now
            batch.note = ""
            batch.applied = "{}"
            batch.version = 0
            try await batch.create(on: db)
            for (kind, file) in files {
                let item = RetentionItem()
                item.batchID = try batch.requireID()
                item.kind = kind
                item.beneficiaryID = file.id
                item.branchID = file.branch_id
                item.lastActivity = file.last_activity
                item.status = .due
                item.keepReason = ""
                try await item.create(on: db)
            }
            let admins = try await StaffUser.query(on: db).filter(\.$isActive == true)
                .filter(\.$role ~~ Role.allCases.filter { RolePermissions.allows($0, .manageRetention) }).all().compactMap(\.id)
            try await StaffNotifications.notify(.init(kind: .retentionProposed, reference: batch.reference, link: "/admin/retention",
                                                      branchID: nil, key: "retention:\(batch.number)"), users: admins, now: now, on: db)
            return .proposed(batch.number)
        }
    }

    private static func nextNumber(on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let n: Int64? }
        return (try await db.sql.raw("SELECT MAX(number) AS n FROM retention_batches").first(decoding: Row.self)?.n ?? 0) + 1
    }
}
