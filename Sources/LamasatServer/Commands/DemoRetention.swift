import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// Issue 20's retention in the demo: the schedule switched on for closed files and sent messages; eight closed files
/// whose last activity was six years ago proposed, one kept back with a reason, the others anonymised by an approved
/// batch; three more waiting in a second batch for the administrator. Added once.
enum DemoRetention {
    static func load(admin username: String, now: Date, on app: Application) async throws -> Int {
        let db = app.db
        guard try await RetentionBatch.query(on: db).count() == 0,
              let admin = try await StaffUser.query(on: db).filter(\.$username == username).first()
        else { return 0 }
        let merged = Set(try await FileMerge.query(on: db).all().map(\.mergedID))
        let closed = try await Beneficiary.query(on: db).filter(\.$status == .closed).sort(\.$fileSequence).all().filter { !merged.contains($0.id!) }
        guard closed.count >= 11 else { return 0 }
        var schedule = try await RetentionSchedule.current(on: db)
        schedule.rules[.closedFiles] = .init(months: 60, isEnabled: true)
        schedule.rules[.sentMessages] = .init(months: 24, isEnabled: true)
        try await schedule.save(by: try admin.requireID(), now: now, on: db)

        try await age(Array(closed.prefix(8)), to: now.addingTimeInterval(-6 * 365 * 86_400), on: db)
        guard case .proposed = try await RetentionScan.propose(now: now.addingTimeInterval(-2 * 86_400), force: true, on: db),
              let first = try await RetentionBatch.query(on: db).first()
        else { return 0 }
        let decided = now.addingTimeInterval(-86_400)
        if let item = try await RetentionItem.query(on: db).filter(\.$batchID == first.requireID()).sort(\.$lastActivity).first() {
            (item.status, item.keepReason, item.decidedAt) = (.kept, "قضية نفقة منظورة لدى المحكمة؛ يُحتفظ بالملف حتى صدور الحكم", decided)
            try await item.save(on: db)
        }
        (first.status, first.decidedBy, first.decidedAt, first.note) = (.approved, try admin.requireID(), decided, "راجعتها مع المدير التنفيذي")
        try await first.save(on: db)
        try await RetentionApply.apply(batch: try first.requireID(), now: decided, auditKey: app.lamasat.secrets.audit, on: db)

        try await age(Array(closed[8..<11]), to: now.addingTimeInterval(-(5 * 365 + 40) * 86_400), on: db)
        _ = try await RetentionScan.propose(now: now, force: true, on: db)
        return try await RetentionBatch.query(on: db).count()
    }

    /// Moves every dated activity of the files back to `day`, as if they had been closed long ago.
    private static func age(_ files: [Beneficiary], to day: Date, on db: any Database) async throws {
        let ids = files.compactMap(\.id)
        try await db.sql.raw("UPDATE beneficiaries SET updated_at = \(bind: day) WHERE id IN (\(binds: ids))").run()
        try await db.sql.raw("UPDATE support_requests SET updated_at = \(bind: day) WHERE beneficiary_id IN (\(binds: ids))").run()
        try await db.sql.raw("UPDATE service_deliveries SET recorded_at = \(bind: day) WHERE beneficiary_id IN (\(binds: ids))").run()
        try await db.sql.raw("UPDATE contacts SET at = \(bind: day) WHERE beneficiary_id IN (\(binds: ids))").run()
    }
}
