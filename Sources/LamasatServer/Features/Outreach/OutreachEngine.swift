import Fluent
import LamasatCore
import Vapor

/// Finds who each rule matches today and reaches them: a message (once per person and reason, by its idempotency
/// key) or an entry on a call list (once per person and reason, by its unique key).
enum OutreachEngine {
    struct Match: Sendable {
        let beneficiaryID: UUID
        let branchID: UUID
        let name: String
        let mobile: String
        /// Unique per person and reason, so a later run never reaches her again for the same thing.
        let key: String
        let values: [String: String]
    }

    /// Everyone the rule matches today, within one branch when `ownBranch` is given (a branch manager's preview,
    /// counts and runs reach only her branch).
    static func matches(_ rule: OutreachRule, now: Date, ownBranch: UUID?, on db: any Database) async throws -> [Match] {
        let all = try await matches(rule, now: now, on: db)
        guard let ownBranch else { return all }
        return all.filter { $0.branchID == ownBranch }
    }

    private static func matches(_ rule: OutreachRule, now: Date, on db: any Database) async throws -> [Match] {
        guard let kind = rule.kind else { return [] }
        let formatter = DualCalendarFormatter(language: .ar)
        let today = CalendarDay.today(now).description
        func match(_ file: Beneficiary, key: String, _ values: [String: String] = [:]) throws -> Match {
            Match(beneficiaryID: try file.requireID(), branchID: file.$branch.id, name: file.name.full, mobile: file.mobile, key: "\(kind.rawValue):\(key)",
                  values: values.merging(["name": file.nameFirst]) { a, _ in a })
        }
        switch kind {
        case .documentsExpiring:
            let limit = CalendarDay.today(now.addingTimeInterval(Double(rule.days) * 86_400)).description
            let documents = try await BeneficiaryDocument.query(on: db).with(\.$type).with(\.$beneficiary)
                .filter(\.$expiryDate != "").filter(\.$expiryDate >= today).filter(\.$expiryDate <= limit).filter(\.$verification == .matched).all()
            return try documents.map { d in
                let days = CalendarDay(stored: d.expiryDate).map { Int(($0.moment.timeIntervalSince(now) / 86_400).rounded(.up)) } ?? rule.days
                return try match(d.beneficiary, key: "\(try d.requireID().uuidString):\(d.expiryDate)", ["document": d.type.nameArabic, "days": String(max(0, days))])
            }
        case .overdueDecision:
            let late = try await SupportRequest.query(on: db).with(\.$beneficiary)
                .filter(\.$status ~~ SupportRequestStatus.allCases.filter(\.awaitsDecision)).filter(\.$expectedDecisionAt < now).all()
            return try late.map { r in
                try match(r.beneficiary, key: try r.requireID().uuidString, ["tracking": r.trackingNumber ?? "",
                                                              "expected": r.expectedDecisionAt.map { formatter.date($0).combined } ?? ""])
            }
        case .notDelivered:
            let since = now.addingTimeInterval(-Double(rule.days) * 86_400)
            let waiting = try await SupportRequest.query(on: db).with(\.$beneficiary).filter(\.$status == .approved).all()
            var result: [Match] = []
            for r in waiting {
                guard let decided = try await RequestDecision.inForce(r.requireID(), on: db), decided.decidedAt <= since else { continue }
                result.append(try match(r.beneficiary, key: try r.requireID().uuidString, ["tracking": r.trackingNumber ?? ""]))
            }
            return result
        case .noContact:
            let rows = try await Segment(status: .registered, noContactDays: max(1, rule.days)).members(ownBranch: nil, today: now, on: db)
            let files = try await Beneficiary.query(on: db).filter(\.$id ~~ rows.map(\.id)).all()
            return try files.map { try match($0, key: "\(try $0.requireID().uuidString):\(today.prefix(7))") }
        case .schoolSeason, .ramadan, .eid:
            guard let window = rule.window, window.contains(now) else { return [] }
            let segment = Segment(status: .registered, schoolAgeChildren: kind != .ramadan)
            let rows = try await segment.members(ownBranch: nil, today: now, on: db)
            let files = try await Beneficiary.query(on: db).filter(\.$id ~~ rows.map(\.id)).all()
            // Once per season: the key carries the year of the window's calendar.
            let year = window.calendar == .hijri ? String(formatter.hijriComponents(now).year) : String(today.prefix(4))
            return try files.map { try match($0, key: "\(try $0.requireID().uuidString):\(year)") }
        case .surveyReminder:
            // One reminder per invitation, after the days set, while the link is still open. An anonymous answer does
            // not spare her the reminder: if it did, the reminders in the outbox would tell who answered anonymously
            // (and so, in a small month, which answer is hers). Only an answer given with her name, already known to
            // be hers, does.
            let due = try await SurveyInvitation.query(on: db).filter(\.$remindedAt == nil)
                .filter(\.$expiresAt > now).filter(\.$createdAt <= now.addingTimeInterval(-Double(rule.days) * 86_400)).all()
            let named = Set(try await SurveyResponse.query(on: db).filter(\.$invitationID ~~ due.compactMap(\.id)).all().compactMap(\.invitationID))
            let waiting = try due.filter { try !named.contains($0.requireID()) }
            let files = try await Beneficiary.query(on: db).filter(\.$id ~~ waiting.map(\.beneficiaryID)).all()
            return try waiting.compactMap { invitation in
                try files.first { $0.id == invitation.beneficiaryID }.map { try match($0, key: invitation.requireID().uuidString, ["tracking": invitation.reference]) }
            }
        }
    }

    struct Result: Sendable { let matched: Int; let queued: Int; let listed: Int }

    /// Reaches every match of a rule now; safe to run twice and on several instances.
    static func run(_ rule: OutreachRule, now: Date, by: String, baseURL: String, ownBranch: UUID?, on db: any Database) async throws -> Result {
        guard let kind = rule.kind else { return Result(matched: 0, queued: 0, listed: 0) }
        let found = try await matches(rule, now: now, ownBranch: ownBranch, on: db)
        var queued = 0, listed = 0
        if kind.makesCallList {
            for group in Dictionary(grouping: found, by: \.branchID) {
                let fresh = try await group.value.asyncFilter { try await CallEntry.query(on: db).filter(\.$key == $0.key).count() == 0 }
                guard !fresh.isEmpty else { continue }
                try await db.writeTransaction { db in
                    let list = CallList()
                    list.id = UUID()
                    list.name = "\(kind.rawValue) \(CalendarDay.today(now).description)"
                    list.source = "rule:\(kind.rawValue)"
                    list.branchID = group.key
                    list.createdAt = now
                    try await list.create(on: db)
                    for item in fresh {
                        let entry = CallEntry()
                        entry.listID = try list.requireID()
                        entry.beneficiaryID = item.beneficiaryID
                        entry.key = item.key
                        entry.reason = kind.rawValue
                        entry.isDone = false
                        try await entry.create(on: db)
                    }
                }
                listed += fresh.count
            }
        } else {
            for item in found {
                let key = "rule:\(item.key)"
                let existed = try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == key).count() > 0
                guard !existed else { continue }
                try await db.writeTransaction { db in
                    var values = item.values
                    if kind == .surveyReminder { values["link"] = try await SurveyReminder.link(for: item, now: now, baseURL: baseURL, on: db) }
                    try await Outbox.enqueue(Outbox.Draft(channel: .sms, recipient: item.mobile, subject: "outreach:\(kind.rawValue)",
                                                          body: ReplyTemplate.fill(rule.messageArabic, values), idempotencyKey: key,
                                                          relatedType: "outreach_rule", relatedID: kind.rawValue, branchID: item.branchID,
                                                          beneficiaryID: item.beneficiaryID), now: now, on: db)
                }
                queued += 1
            }
        }
        let record = OutreachRun()
        record.ruleCode = rule.code
        record.ranAt = now
        record.matched = found.count
        record.queued = queued
        record.listed = listed
        record.ranBy = by
        record.branchID = ownBranch
        try await record.create(on: db)
        return Result(matched: found.count, queued: queued, listed: listed)
    }

    /// The daily pass of the worker: each enabled rule once per Riyadh day, claimed by a conditional update so that
    /// two instances never run it twice.
    static func daily(now: Date, baseURL: String, on db: any Database) async throws {
        let today = CalendarDay.today(now).description
        for rule in try await OutreachRule.query(on: db).filter(\.$enabled == true).filter(\.$lastRunOn != today).all() {
            let claimed = try await db.sql.raw("""
                UPDATE outreach_rules SET last_run_on = \(bind: today) WHERE id = \(bind: try rule.requireID()) AND last_run_on <> \(bind: today) RETURNING id
                """).all()
            guard claimed.count == 1 else { continue }
            _ = try await run(rule, now: now, by: "schedule", baseURL: baseURL, ownBranch: nil, on: db)
        }
    }
}
