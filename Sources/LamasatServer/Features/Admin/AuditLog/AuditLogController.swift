import Fluent
import LamasatCore
import Vapor

/// The audit trail for administrators: filter by who, what, which record, outcome and dates; verify the chain.
struct AuditLogController: RouteCollection {
    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit") { try await self.index(req: $0) }.requires(.viewAuditLog)
        routes.exportsList("audit", requires: .viewAuditLog, title: "nav.audit") { try await Self.export($0, limit: $1) }
        routes.post("audit", "verify") { try await self.verify(req: $0) }.requires(.viewAuditLog)
    }

    struct Row: Encodable {
        let sequence: Int64
        let time: String
        let actor: String
        let action: String
        let record: String
        let outcome: String
        let outcomeCode: String
        let address: String
        let detail: String
    }

    struct IndexView: Encodable {
        let page: PageContext
        let rows: [Row]?
        let filters: [FormField]
        let paging: Paging
        let verification: String?
        let verificationIntact: Bool
    }

    struct Filters {
        var actor = "", action = "", recordType = "", recordID = "", outcome = "", from = "", to = ""

        init(_ req: Request) {
            func text(_ name: String) -> String { req.query[String.self, at: name]?.trimmingWhitespace() ?? "" }
            actor = text("actor").lowercased(); action = text("action"); recordType = text("recordType")
            recordID = text("recordID"); outcome = text("outcome")
            from = ArabicDigits.westernized(text("from")); to = ArabicDigits.westernized(text("to"))
        }

        var dictionary: [String: String] {
            ["actor": actor, "action": action, "recordType": recordType, "recordID": recordID, "outcome": outcome, "from": from, "to": to]
        }

        /// Midnight in Riyadh of a yyyy-mm-dd date, in milliseconds since 1970.
        static func milliseconds(_ day: String, endOfDay: Bool) -> Int64? {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = DualCalendarFormatter.riyadh
            guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
            let edge = endOfDay ? date.addingTimeInterval(24 * 60 * 60) : date
            return Int64(edge.timeIntervalSince1970 * 1000)
        }
    }

    func index(req: Request) async throws -> View {
        try await render(req, verification: nil)
    }

    /// The entries of the filter that she may read, and the dates that could not be read.
    static func query(_ req: Request, _ filters: Filters) throws -> (QueryBuilder<AuditEntry>, FieldErrors) {
        let staff = try req.requireStaff()
        let query = AuditEntry.query(on: req.db).sort(\.$id, .descending)
        query.withinReach(of: staff, \.$actorBranchID)
        if !filters.actor.isEmpty { query.filter(\.$actorName == filters.actor) }
        if !filters.action.isEmpty { query.filter(\.$action ~~ filters.action) }
        if !filters.recordType.isEmpty { query.filter(\.$recordType == filters.recordType) }
        if !filters.recordID.isEmpty { query.filter(\.$recordID == filters.recordID) }
        if let outcome = AuditRecord.Outcome(rawValue: filters.outcome) { query.filter(\.$outcome == outcome.rawValue) }
        var errors: FieldErrors = [:]
        if !filters.from.isEmpty {
            if let ms = Filters.milliseconds(filters.from, endOfDay: false) { query.filter(\.$occurredAtMilliseconds >= ms) } else { errors["from"] = req.t("validation.date") }
        }
        if !filters.to.isEmpty {
            if let ms = Filters.milliseconds(filters.to, endOfDay: true) { query.filter(\.$occurredAtMilliseconds < ms) } else { errors["to"] = req.t("validation.date") }
        }
        return (query, errors)
    }

    static func rows(_ entries: [AuditEntry], req: Request) -> [Row] {
        let formatter = DualCalendarFormatter(language: req.language)
        return entries.map { entry in
            Row(sequence: entry.id ?? 0,
                time: formatter.dateTime(entry.occurredAt).combined,
                actor: entry.actorName ?? "—", action: entry.action,
                record: [entry.recordType, entry.recordID].compactMap { $0 }.joined(separator: " "),
                outcome: req.t("audit.outcome.\(entry.outcome)"), outcomeCode: entry.outcome,
                address: entry.address ?? "", detail: entry.detail ?? "")
        }
    }

    /// Every entry of the filter; a date that cannot be read is refused, as the page marks it, not dropped.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let filters = Filters(req)
        let (query, errors) = try Self.query(req, filters)
        guard errors.isEmpty else { throw Abort(.unprocessableEntity) }
        let rows = Self.rows(try await query.limit(limit).all(), req: req)
        return ListExport.Table(
            columns: ["listExport.column.sequence", "listExport.column.when", "audit.actor", "audit.action", "audit.recordType", "audit.outcome",
                      "listExport.column.address", "listExport.column.detail"],
            rows: rows.map { r in
                [.number(Int(r.sequence)), .text(r.time), .text(r.actor), .text(r.action), ListExport.text(r.record), .text(r.outcome),
                 ListExport.text(r.address), ListExport.text(r.detail)]
            }, filter: filters.dictionary)
    }

    private func render(_ req: Request, verification: AuditChain.Verification?) async throws -> View {
        let filters = Filters(req)
        let page = Paging.requestedPage(req)
        let (query, errors) = try Self.query(req, filters)
        let (entries, total) = try await query.page(page, size: Self.pageSize)
        let rows = Self.rows(entries, req: req)
        let fields = [
            FormField(name: "actor", label: req.t("audit.actor"), value: filters.actor, dir: "ltr", maxlength: 32),
            FormField(name: "action", label: req.t("audit.action"), value: filters.action, dir: "ltr", maxlength: 60),
            FormField(name: "recordType", label: req.t("audit.recordType"), value: filters.recordType, dir: "ltr", maxlength: 60),
            FormField(name: "recordID", label: req.t("audit.recordID"), value: filters.recordID, dir: "ltr", maxlength: 60),
            FormField.filter(req, name: "outcome", label: req.t("audit.outcome"), selected: filters.outcome,
                             choices: AuditRecord.Outcome.allCases.map { ($0.rawValue, req.t("audit.outcome.\($0.rawValue)")) }),
            FormField(name: "from", label: req.t("audit.from"), kind: "date", value: filters.from, error: errors["from"]),
            FormField(name: "to", label: req.t("audit.to"), kind: "date", value: filters.to, error: errors["to"]),
        ].prepared()
        let message = verification.map {
            $0.isIntact ? req.t("audit.chainIntact", String($0.checked))
                : req.t("audit.chainBroken", String($0.firstBrokenSequence ?? 0))
        }
        return try await req.render("admin/audit", IndexView(
            page: PageContext(req, title: req.t("nav.audit")), rows: rows.nonEmpty, filters: fields,
            paging: Paging(req, total: total, page: page, size: Self.pageSize, path: "/admin/audit", filters: filters.dictionary, exports: true),
            verification: message, verificationIntact: verification?.isIntact ?? true))
    }

    func verify(req: Request) async throws -> View {
        let result = try await AuditChain.verify(key: req.lamasat.secrets.audit, on: req.db)
        try await req.audit("audit.verified", outcome: result.isIntact ? .success : .failure,
                            detail: result.isIntact ? "intact \(result.checked)" : "broken at \(result.firstBrokenSequence ?? 0)")
        return try await render(req, verification: result)
    }
}
