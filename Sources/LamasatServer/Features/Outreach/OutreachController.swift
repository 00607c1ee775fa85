import Fluent
import LamasatCore
import Vapor

/// [P-4] The proactive rules: on/off, parameters, the message, a preview of who matches today, a run now, and the
/// history of runs. The worker runs enabled rules once a day.
struct OutreachController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let outreach = routes.grouped("outreach")
        outreach.get { try await self.index(req: $0, status: .ok) }.requires(.runOutreach)
        outreach.post(":ruleID") { try await self.save(req: $0) }.requires(.runOutreach)
        outreach.post(":ruleID", "run") { try await self.runNow(req: $0) }.requires(.runOutreach)
    }

    struct RuleView: Encodable {
        struct Run: Encodable { let at: String; let matched: Int; let queued: Int; let listed: Int; let by: String }
        let id: String; let code: String; let title: String; let help: String; let enabled: Bool
        let fields: [FormField]; let preview: String?; let count: Int; let sample: [String]?; let runs: [Run]?
    }
    struct IndexView: Encodable { let page: PageContext; let rules: [RuleView]; let error: String?; let canEditRules: Bool }

    /// `error` is about the whole page; `failed` is the rule whose form was refused: its card shows what was typed
    /// and why it was refused.
    func index(req: Request, error: String? = nil, status: HTTPStatus, failed: (id: UUID, errors: FieldErrors)? = nil) async throws -> Response {
        let staff = try req.requireStaff()
        let formatter = DualCalendarFormatter(language: req.language)
        let rules = try await OutreachRule.query(on: req.db).sort(\.$sortOrder).all()
        var views: [RuleView] = []
        for rule in rules {
            guard let kind = rule.kind else { continue }
            let found = try await OutreachEngine.matches(rule, now: req.now, ownBranch: staff.ownBranchOnly, on: req.db)
            // A branch manager sees her branch's runs; the daily pass and all-branch runs are for all-branch staff.
            let runQuery = OutreachRun.query(on: req.db).filter(\.$ruleCode == rule.code)
            runQuery.withinReach(of: staff, \.$branchID)
            let runs = try await runQuery.sort(\.$ranAt, .descending).limit(5).all()
            let mine = failed?.id == rule.id
            let typed = mine ? OutreachRuleForm(request: req) : OutreachRuleForm(rule)
            views.append(RuleView(
                id: try rule.requireID().uuidString, code: rule.code, title: req.t(kind.localizationKey), help: req.t(kind.localizationKey + ".help"),
                enabled: typed.enabled, fields: typed.fields(req, kind: kind, errors: mine ? failed?.errors ?? [:] : [:]),
                preview: found.first.map { ReplyTemplate.fill(rule.messageArabic, $0.values) },
                count: found.count, sample: found.prefix(5).map(\.name).nonEmpty,
                runs: runs.map { .init(at: formatter.dateTime($0.ranAt).combined, matched: $0.matched, queued: $0.queued, listed: $0.listed, by: $0.ranBy) }.nonEmpty))
        }
        return try await req.render("outreach/index", IndexView(page: PageContext(req, title: req.t("nav.outreach")), rules: views,
                                                               error: error, canEditRules: staff.ownBranchOnly == nil))
            .encodeResponse(status: status, for: req)
    }

    private func rule(_ req: Request) async throws -> OutreachRule {
        guard let id = req.parameters.get("ruleID", as: UUID.self), let rule = try await OutreachRule.find(id, on: req.db) else { throw Abort(.notFound) }
        return rule
    }

    /// The rules run for every branch: only staff who reach every branch change them.
    func save(req: Request) async throws -> Response {
        guard try req.requireStaff().ownBranchOnly == nil else {
            try await req.audit("outreach.ruleRefused", outcome: .denied, detail: "branch scope")
            return try await index(req: req, error: req.t("outreach.rulesForAllBranches"), status: .forbidden)
        }
        let rule = try await rule(req)
        guard let kind = rule.kind else { throw Abort(.notFound) }
        let typed = OutreachRuleForm(request: req)
        let (valid, errors) = typed.validate(kind, req)
        guard let valid else { return try await index(req: req, status: .unprocessableEntity, failed: (try rule.requireID(), errors)) }
        typed.apply(valid, to: rule)
        try await req.db.writeTransaction { db in
            try await rule.save(on: db)
            try await req.audit("outreach.ruleSaved", detail: "\(rule.code) \(rule.enabled ? "on" : "off")", on: db)
        }
        return req.redirect(to: "/outreach?done=settingsSaved#rule-\(rule.code)")
    }

    func runNow(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let rule = try await rule(req)
        let result = try await OutreachEngine.run(rule, now: req.now, by: staff.user.username, baseURL: req.lamasat.config.publicURL,
                                                  ownBranch: staff.ownBranchOnly, on: req.db)
        try await req.audit("outreach.ran", detail: "\(rule.code) matched \(result.matched) queued \(result.queued) listed \(result.listed)")
        return req.redirect(to: "/outreach?done=outreachRan#rule-\(rule.code)")
    }
}
