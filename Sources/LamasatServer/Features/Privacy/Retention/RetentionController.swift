import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// `/admin/retention`: the schedule (months per kind, each switched on by the administrator), the batch the daily
/// job proposes with every file it lists, keeping a file back with a reason, approving or discarding the batch, trying
/// an approved batch's run again once it stopped, and the batches before (each with its own page of files,
/// `RetentionBatchPage`). Administrators only; files are shown by number and branch, never by name.
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let retention = routes.grouped("admin", "retention")
        retention.get { try await self.page(req: $0, typed: nil, errors: [:], status: .ok) }.requires(.manageRetention)
        retention.post("schedule") { try await self.saveSchedule(req: $0) }.requires(.manageRetention)
        retention.post("scan") { try await self.scan(req: $0) }.requires(.manageRetention)
        retention.get("batches", ":retentionBatchID") { try await self.batchPage(req: $0) }.requires(.manageRetention)
        retention.post("batches", ":retentionBatchID", "approve") { try await self.decide(req: $0, approve: true) }.requires(.manageRetention)
        retention.post("batches", ":retentionBatchID", "discard") { try await self.decide(req: $0, approve: false) }.requires(.manageRetention)
        retention.post("batches", ":retentionBatchID", "retry") { try await self.retry(req: $0) }.requires(.manageRetention)
        retention.post("items", ":retentionItemID", "keep") { try await self.keep(req: $0) }.requires(.manageRetention)
    }

    // MARK: page

    struct RuleView: Encodable { let kind: String; let label: String; let hint: String; let fields: [FormField] }
    struct CountRow: Encodable { let label: String; let count: Int; let cutoff: String; let applied: Int? }
    struct ItemRow: Encodable {
        let id: String; let fileNumber: String; let branch: String; let kind: String; let lastActivity: String; let status: String
        let statusCode: String; let keepReason: String; let canKeep: Bool
    }
    struct BatchView: Encodable {
        let id: String; let reference: String; let status: String; let statusCode: String; let proposed: String; let counts: [CountRow]
        let version: Int; let isWaiting: Bool; let note: String; let runStopped: Bool
    }
    struct PageView: Encodable {
        let page: PageContext; let rules: [RuleView]; let batch: BatchView?; let items: [ItemRow]?; let paging: Paging?
        let history: [BatchView]?; let decisionError: String?; let keepError: String?
    }

    func page(req: Request, typed: [String: String]?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let schedule = try await RetentionSchedule.current(on: req.db)
        let rules = RetentionKind.allCases.map { kind in
            let rule = schedule.rules[kind]!
            let months = typed?["months.\(kind.rawValue)"] ?? String(rule.months)
            let enabled = typed.map { $0["enabled.\(kind.rawValue)"] == "on" } ?? rule.isEnabled
            return RuleView(
                kind: kind.rawValue, label: req.t(kind.localizationKey), hint: req.t("\(kind.localizationKey).hint"),
                fields: [FormField(name: "enabled.\(kind.rawValue)", label: req.t("retention.enabled"), kind: "checkbox", checked: enabled),
                         FormField(name: "months.\(kind.rawValue)", label: req.t("retention.months"), value: months,
                                   error: errors["months.\(kind.rawValue)"], required: true, inputmode: "numeric", dir: "ltr", maxlength: 3)].prepared())
        }
        let waiting = try await RetentionBatch.query(on: req.db).filter(\.$status ~~ [.proposed, .approved]).sort(\.$number, .descending).first()
        var items: [ItemRow]?
        var paging: Paging?
        if let waiting {
            let page = Paging.requestedPage(req)
            let query = RetentionItem.query(on: req.db).listed(in: try waiting.requireID())
            let (rows, total) = try await query.page(page)
            items = try await Self.itemRows(rows, batch: waiting, req).nonEmpty
            paging = Paging(req, total: total, page: page, path: "/admin/retention", filters: [:])
        }
        let history = try await RetentionBatch.query(on: req.db).filter(\.$status ~~ [.applied, .discarded]).sort(\.$number, .descending)
            .limit(20).all()
        var stopped = false
        if let waiting { stopped = try await Self.runStopped(waiting, on: req.db) }
        try await req.audit("view", record: ("retention_batches", waiting?.id?.uuidString ?? "list"))
        return try await req.render("privacy/retention", PageView(
            page: PageContext(req, title: req.t("retention.title")), rules: rules, batch: waiting.map { Self.batchView($0, req, runStopped: stopped) },
            items: items, paging: paging, history: history.map { Self.batchView($0, req) }.nonEmpty,
            decisionError: errors["decision"], keepError: errors["keep"])).encodeResponse(status: status, for: req)
    }

    /// An approved batch whose run is neither waiting nor running: it failed its last try (or its job was lost), and
    /// the batch would otherwise stay approved, holding back every new proposal.
    static func runStopped(_ batch: RetentionBatch, on db: any Database) async throws -> Bool {
        guard batch.status == .approved else { return false }
        return try await Job.query(on: db).filter(\.$kind == RetentionApply.job).filter(\.$payload == (try batch.requireID()).uuidString)
            .filter(\.$status ~~ [.queued, .running]).count() == 0
    }

    static func batchView(_ batch: RetentionBatch, _ req: Request, runStopped: Bool = false) -> BatchView {
        let formatter = DualCalendarFormatter(language: req.language)
        let cutoffs = batch.cutoffDates, applied = batch.appliedCounts
        let counts = RetentionKind.allCases.compactMap { kind -> CountRow? in
            guard let count = batch.dueCounts[kind], let cutoff = cutoffs[kind] else { return nil }
            return CountRow(label: req.t(kind.localizationKey), count: count, cutoff: formatter.date(cutoff).combined,
                            applied: batch.status == .applied ? applied[kind] ?? 0 : nil)
        }
        return BatchView(id: batch.id!.uuidString, reference: batch.reference, status: req.t(batch.status.localizationKey),
                         statusCode: batch.status.rawValue, proposed: formatter.dateTime(batch.createdAt).combined, counts: counts,
                         version: batch.version, isWaiting: batch.status == .proposed, note: batch.note, runStopped: runStopped)
    }

    static func itemRows(_ items: [RetentionItem], batch: RetentionBatch, _ req: Request) async throws -> [ItemRow] {
        let formatter = DualCalendarFormatter(language: req.language)
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ items.map(\.beneficiaryID)).all()
        let numbers = Dictionary(uniqueKeysWithValues: files.map { ($0.id!, $0.fileNumber) })
        let branches = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().map { ($0.id!, $0.name(in: req.language)) })
        return items.map { item in
            ItemRow(id: item.id!.uuidString, fileNumber: numbers[item.beneficiaryID] ?? "—", branch: branches[item.branchID] ?? "—",
                    kind: req.t(item.kind.localizationKey), lastActivity: formatter.date(item.lastActivity).combined,
                    status: req.t(item.status.localizationKey), statusCode: item.status.rawValue, keepReason: item.keepReason,
                    canKeep: batch.status == .proposed && item.status == .due)
        }
    }

    // MARK: actions

    func saveSchedule(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        var typed: [String: String] = [:]
        var errors: FieldErrors = [:]
        var schedule = try await RetentionSchedule.current(on: req.db)
        let before = schedule
        for kind in RetentionKind.allCases {
            let months = req.formText("months.\(kind.rawValue)"), enabled = req.formText("enabled.\(kind.rawValue)") == "on"
            (typed["months.\(kind.rawValue)"], typed["enabled.\(kind.rawValue)"]) = (months, enabled ? "on" : "")
            guard let n = ArabicDigits.parseInt(months), RetentionRules.allowedMonths.contains(n) else {
                errors["months.\(kind.rawValue)"] = req.t("retention.error.months")
                continue
            }
            schedule.rules[kind] = .init(months: n, isEnabled: enabled)
        }
        guard errors.isEmpty else { return try await page(req: req, typed: typed, errors: errors, status: .unprocessableEntity) }
        let changes = RetentionKind.allCases.compactMap { kind -> String? in
            let (old, new) = (before.rules[kind]!, schedule.rules[kind]!)
            return old == new ? nil : "\(kind.rawValue) \(old.months)\(old.isEnabled ? "" : "off")→\(new.months)\(new.isEnabled ? "" : "off")"
        }
        let chosen = schedule
        try await req.db.writeTransaction { db in
            try await chosen.save(by: staff.userID, now: req.now, on: db)
            try await req.audit("settings.retention", record: ("retention_rules", "schedule"), detail: changes.joined(separator: " "), on: db)
        }
        return req.redirect(to: "/admin/retention?done=retentionScheduleSaved")
    }

    func scan(req: Request) async throws -> Response {
        let outcome = try await RetentionScan.propose(now: req.now, force: true, on: req.db)
        let done: String
        switch outcome {
        case .proposed(let number):
            try await req.audit("retention.proposed", record: ("retention_batches", "RT-\(number)"))
            done = "retentionProposed"
        case .nothingDue: done = "retentionNothingDue"
        case .pending: done = "retentionPending"
        case .switchedOff, .ranToday: done = "retentionSwitchedOff"
        }
        return req.redirect(to: "/admin/retention?done=\(done)")
    }

    func decide(req: Request, approve: Bool) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("retentionBatchID", as: UUID.self), let batch = try await RetentionBatch.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let note = req.formText("note").trimmingCharacters(in: .whitespacesAndNewlines)
        var error: String?
        if approve, req.formText("confirm") != "on" { error = req.t("retention.error.confirm") }
        if !approve, note.isEmpty { error = req.t("retention.error.discardReason") }
        if note.count > 500 { error = req.t("retention.error.noteLength") }
        if let error { return try await page(req: req, typed: nil, errors: ["decision": error], status: .unprocessableEntity) }
        let version = ArabicDigits.parseInt(req.formText("version")) ?? -1
        let changed = try await req.db.writeTransaction { db -> Bool in
            // Claimed against what she saw: a file kept back or a batch decided meanwhile is shown to her first.
            let rows = try await db.sql.raw("""
                UPDATE retention_batches SET status = \(bind: approve ? "approved" : "discarded"), decided_by = \(bind: staff.userID),
                    decided_at = \(bind: req.now), note = \(bind: note), version = version + 1
                WHERE id = \(bind: id) AND status = 'proposed' AND version = \(bind: version) RETURNING id
                """).all()
            guard !rows.isEmpty else { return true }
            if approve { try await JobQueue.enqueue(RetentionApply.job, payload: id.uuidString, maxAttempts: 3, now: req.now, on: db) }
            try await req.audit(approve ? "retention.approved" : "retention.discarded", record: ("retention_batches", id.uuidString),
                                detail: "\(batch.reference) \(batch.counts)", on: db)
            return false
        }
        if changed { return try await page(req: req, typed: nil, errors: ["decision": req.t("retention.error.changed")], status: .conflict) }
        return req.redirect(to: "/admin/retention?done=\(approve ? "retentionApproved" : "retentionDiscarded")")
    }

    /// Queues the run again. The files it already did stay done (their items are no longer due), so it goes on
    /// with the rest; the version claim makes a second click a conflict, not a second run.
    func retry(req: Request) async throws -> Response {
        guard let id = req.parameters.get("retentionBatchID", as: UUID.self), let batch = try await RetentionBatch.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let version = ArabicDigits.parseInt(req.formText("version")) ?? -1
        let queued = try await req.db.writeTransaction { db -> Bool in
            guard try await Self.runStopped(batch, on: db) else { return false }
            let rows = try await db.sql.raw("""
                UPDATE retention_batches SET version = version + 1 WHERE id = \(bind: id) AND status = 'approved' AND version = \(bind: version)
                RETURNING id
                """).all()
            guard !rows.isEmpty else { return false }
            try await JobQueue.enqueue(RetentionApply.job, payload: id.uuidString, maxAttempts: 3, now: req.now, on: db)
            try await req.audit("retention.retried", record: ("retention_batches", id.uuidString), detail: batch.reference, on: db)
            return true
        }
        guard queued else { return try await page(req: req, typed: nil, errors: ["decision": req.t("retention.error.changed")], status: .conflict) }
        return req.redirect(to: "/admin/retention?done=retentionRetried")
    }

    func keep(req: Request) async throws -> Response {
        guard let id = req.parameters.get("retentionItemID", as: UUID.self), let item = try await RetentionItem.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let reason = req.formText("reason").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 300 else {
            return try await page(req: req, typed: nil, errors: ["keep": req.t("retention.error.keepReason")], status: .unprocessableEntity)
        }
        let kept = try await req.db.writeTransaction { db -> Bool in
            // Only while the batch is a proposal: the version moves, so an approval form opened before is refused.
            let rows = try await db.sql.raw("""
                UPDATE retention_items SET status = 'kept', keep_reason = \(bind: reason), decided_at = \(bind: req.now)
                WHERE id = \(bind: id) AND status = 'due'
                  AND EXISTS (SELECT 1 FROM retention_batches b WHERE b.id = retention_items.batch_id AND b.status = 'proposed')
                RETURNING id
                """).all()
            guard !rows.isEmpty else { return false }
            try await db.sql.raw("UPDATE retention_batches SET version = version + 1 WHERE id = \(bind: item.batchID)").run()
            try await req.audit("retention.kept", record: ("beneficiary", item.beneficiaryID.uuidString), detail: item.kind.rawValue, on: db)
            return true
        }
        guard kept else { return try await page(req: req, typed: nil, errors: ["keep": req.t("retention.error.changed")], status: .conflict) }
        return req.redirect(to: "/admin/retention?done=retentionKept")
    }
}
