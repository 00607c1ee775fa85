import Fluent
import LamasatCore
import Vapor

/// The first page after sign-in: each role's cockpit (`Cockpit.of`), its figures counted in SQL within her branch reach.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get { try await self.show(req: $0) }.requires(.viewDashboard)
    }

    struct Card: Encodable {
        let title: String
        let text: String
        let path: String
        let figure: String?
    }

    /// A figure with what it counts, a six-month trend when it has one, and the list behind it.
    struct Tile: Encodable {
        let key: String
        let title: String
        let figure: String
        let note: String?
        let path: String
        let trend: Sparkline?
        let trendLabel: String?
        let alert: Bool
    }

    struct ListBlock: Encodable {
        let key: String
        let title: String
        let lines: [CockpitLine]?
        let empty: String
        let link: String
    }

    struct DashboardView: Encodable {
        let page: PageContext
        let greeting: String
        let today: String
        let cockpit: String
        let tiles: [Tile]?
        let lists: [ListBlock]?
        let meeting: NextMeeting?
        let noMeeting: Bool
        let cards: [Card]?
        let trendWidth = Sparkline.width
        let trendHeight = Sparkline.height
    }

    func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let dates = DualCalendarFormatter(language: req.language)
        let cockpit = Cockpit.of(staff.user.role)
        var content = Sections()
        // The role picks the cockpit; its permission must hold too, so a changed role table never opens figures by accident.
        if staff.can(cockpit.permission) {
            switch cockpit {
            case .leadership: content.tiles = try await leadership(req, staff)
            case .casework: content = try await casework(req, staff)
            case .research: content = try await research(req, staff)
            case .committee: content.meeting = try await NextMeeting.find(member: staff.userID, language: req.language, on: req.db)
            case .delivery: content = try await delivery(req, staff)
            case .volunteers: content.cards = try await Self.volunteerCards(req, staff)
            case .money: content.cards = try await Self.moneyCards(req, staff)
            case .system: content = try await system(req, staff)
            }
        }
        return try await req.render("dashboard/dashboard", DashboardView(
            page: PageContext(req, title: req.t("nav.dashboard")),
            greeting: req.t("dashboard.greeting", staff.user.fullName), today: dates.date(req.now).combined, cockpit: cockpit.rawValue,
            tiles: content.tiles.nonEmpty, lists: content.lists.nonEmpty, meeting: content.meeting,
            noMeeting: cockpit == .committee && content.meeting == nil, cards: content.cards.nonEmpty))
    }

    struct Sections {
        var tiles: [Tile] = []
        var lists: [ListBlock] = []
        var meeting: NextMeeting?
        var cards: [Card] = []
    }

    func leadership(_ req: Request, _ staff: StaffContext) async throws -> [Tile] {
        let f = try await LeadershipFigures.compute(staff: staff, now: req.now, on: req.db)
        let months = MonthBuckets(now: req.now)
        // Each tile: its figure, what the figure leaves out, the list behind it, and six months of its trend.
        func tile(_ key: String, _ figure: String, note: String? = nil, path: String, trend: [Int?], _ trendKey: String, alert: Bool = false,
                  maximum: Int? = nil) -> Tile {
            Tile(key: key, title: req.t("dashboard.tile.\(key)"), figure: figure, note: note, path: path, trend: months.sparkline(trend, maximum: maximum),
                 trendLabel: req.t("dashboard.trend.\(trendKey)"), alert: alert)
        }
        return [
            tile("openRequests", String(f.openRequests), path: "/requests?open=1", trend: f.submitted, "submitted"),
            tile("overdueDecisions", String(f.overdueDecisions), path: "/requests?overdue=1", trend: f.decidedLate, "decidedLate",
                 alert: f.overdueDecisions > 0),
            tile("decisions", String(f.decisionsThisMonth), note: req.t("dashboard.lastMonth", String(f.decisionsLastMonth)), path: "/committee",
                 trend: f.decisions, "decisions"),
            tile("satisfaction", SatisfactionMath.percent(f.satisfaction).map { "\($0)%" } ?? "—", note: req.t("dashboard.satisfactionNote"),
                 path: "/satisfaction", trend: f.satisfactionByMonth, "satisfaction", maximum: 100),
            tile("complaintsPastTarget", String(f.complaintsPastTarget), path: "/complaints?late=1", trend: f.complaintsLate, "complaintsLate",
                 alert: f.complaintsPastTarget > 0),
            tile("messagesFailing", String(f.messagesFailing), note: req.t("dashboard.lastDays", String(LeadershipFigures.failingWindowDays)),
                 path: "/admin/outbox?status=failed", trend: f.failedMessages, "failedMessages", alert: f.messagesFailing > 0),
        ]
    }

    func tile(_ key: String, _ req: Request, _ value: Int, path: String, note: String? = nil, alert: Bool = false) -> Tile {
        Tile(key: key, title: req.t("dashboard.tile.\(key)"), figure: String(value), note: note, path: path, trend: nil, trendLabel: nil, alert: alert)
    }

    func casework(_ req: Request, _ staff: StaffContext) async throws -> Sections {
        var f = try await QueueFigures.requests(staff: staff, now: req.now, on: req.db)
        try await f.inquiries(staff: staff, now: req.now, on: req.db)
        var content = Sections()
        content.tiles.append(tile("drafts", req, f.drafts, path: "/work"))
        if staff.can(.verifyDocuments) { content.tiles.append(tile("toVerify", req, f.toVerify, path: "/requests?status=submitted")) }
        content.tiles.append(tile("overdue", req, f.overdue, path: "/requests?overdue=1", alert: f.overdue > 0))
        content.tiles.append(tile("inquiriesOpen", req, f.inquiriesOpen, path: "/inquiries?open=1",
                                  note: req.t("dashboard.inquiriesNote", String(f.inquiriesLate), String(f.inquiriesDueToday)), alert: f.inquiriesLate > 0))
        content.lists.append(try await followUps(req, staff))
        return content
    }

    func followUps(_ req: Request, _ staff: StaffContext) async throws -> ListBlock {
        ListBlock(key: "followUps", title: req.t("dashboard.list.followUps"),
                  lines: try await CockpitLine.followUps(staff: staff, now: req.now, language: req.language, t: { req.t($0) }, on: req.db).nonEmpty,
                  empty: req.t("dashboard.list.followUpsNone"), link: "/contacts?mine=1")
    }

    /// Rows of a request queue as home-page lines.
    func requestLines(_ filter: RequestRow.Filter, _ req: Request) async throws -> (lines: [CockpitLine], total: Int) {
        let (rows, total) = try await RequestRow.page(filter, order: .expectedThenOldest, limit: 10, req: req)
        return (rows.map { CockpitLine(path: "/requests/\($0.id)", title: "\($0.tracking) · \($0.name)", detail: "\($0.status) · \($0.expected)", late: $0.overdue) }, total)
    }

    func research(_ req: Request, _ staff: StaffContext) async throws -> Sections {
        let referrals = try await requestLines(.init(statuses: [.awaitingDeclaration, .socialResearch], researcher: staff.userID), req)
        let visits = try await CockpitLine.visits(researcher: staff.userID, language: req.language, t: { req.t($0) }, on: req.db)
        var inquiries = QueueFigures()
        try await inquiries.inquiries(staff: staff, now: req.now, on: req.db)
        var content = Sections()
        content.tiles = [
            tile("referrals", req, referrals.total, path: "/work"),
            tile("visits", req, visits.count, path: "/work"),
            tile("inquiriesReferred", req, inquiries.inquiriesOpen, path: "/inquiries?open=1", alert: inquiries.inquiriesLate > 0),
        ]
        content.lists = [
            ListBlock(key: "referrals", title: req.t("dashboard.list.referrals"), lines: referrals.lines.nonEmpty, empty: req.t("dashboard.list.none"), link: "/work"),
            ListBlock(key: "visits", title: req.t("dashboard.list.visits"), lines: visits.nonEmpty, empty: req.t("dashboard.list.none"), link: "/work"),
        ]
        return content
    }

    func delivery(_ req: Request, _ staff: StaffContext) async throws -> Sections {
        let waiting = try await requestLines(.init(statuses: [.approved, .inService]), req)
        var content = Sections()
        content.tiles = [tile("toDeliver", req, waiting.total, path: "/requests?status=approved")]
        content.lists = [ListBlock(key: "toDeliver", title: req.t("dashboard.list.toDeliver"), lines: waiting.lines.nonEmpty,
                                   empty: req.t("dashboard.list.none"), link: "/work")]
        if staff.can(.logContacts) { content.lists.append(try await followUps(req, staff)) }
        return content
    }

    func system(_ req: Request, _ staff: StaffContext) async throws -> Sections {
        let config = req.application.lamasat.config
        // `lamasat backup` writes its copies there on SQLite; PostgreSQL's dumps are kept elsewhere.
        var backups: String? = (config.dataDirectory as NSString).appendingPathComponent("backups")
        if case .postgres = config.database { backups = nil }
        let h = try await SystemHealth.read(now: req.now, backups: backups, on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        var content = Sections()
        let audit = h.lastVerification.map {
            req.t($0.intact ? "dashboard.audit.verifiedIntact" : "dashboard.audit.verifiedBroken", formatter.dateTime($0.at).combined)
        } ?? req.t("dashboard.audit.notVerified", String(SystemHealth.verificationWindowDays))
        content.tiles = [
            tile("jobsQueued", req, h.jobsQueued, path: "/metrics",
                 note: req.t("dashboard.jobsNote", String(h.jobsRunning), String(h.jobsFailed)), alert: h.jobsFailed > 0),
            tile("outboxFailures", req, h.messagesFailed, path: "/admin/outbox?status=failed",
                 note: req.t("dashboard.outboxNote", String(SystemHealth.messageWindowDays), String(h.messagesQueued)), alert: h.messagesFailed > 0),
            Tile(key: "auditChain", title: req.t("dashboard.tile.auditChain"),
                 figure: req.t(h.auditHeadMatches ? "dashboard.audit.headOk" : "dashboard.audit.headBroken"),
                 note: req.t("dashboard.audit.entries", String(h.auditEntries)) + " · " + audit, path: "/admin/audit",
                 trend: nil, trendLabel: nil, alert: !h.auditHeadMatches || h.lastVerification?.intact == false),
            Tile(key: "lastBackup", title: req.t("dashboard.tile.lastBackup"),
                 figure: h.lastBackup.map { formatter.date($0).combined } ?? "—",
                 note: h.lastBackup == nil ? req.t(backups == nil ? "dashboard.backup.elsewhere" : "dashboard.backup.none") : nil,
                 path: "/admin/settings", trend: nil, trendLabel: nil, alert: h.lastBackup == nil),
        ]
        if staff.can(.manageBreaches) {
            // Until the authority is told (or the incident judged not notifiable), the 72-hour clock runs: on her home page too.
            let pending = try await BreachIncident.query(on: req.db).awaitingAuthority().all().map { $0.clock(now: req.now) }
            let overdue = pending.filter { if case .overdue = $0.state { return true } else { return false } }.count
            content.tiles.append(tile("breachesPending", req, pending.count, path: "/admin/breaches?state=pending",
                                      note: pending.isEmpty ? nil : req.t("dashboard.breachesNote", String(overdue)), alert: !pending.isEmpty))
        }
        content.cards = try await adminCards(req, staff)
        return content
    }

    func adminCards(_ req: Request, _ staff: StaffContext) async throws -> [Card] {
        var cards: [Card] = []
        if staff.can(.manageUsers) {
            let count = try await StaffUser.query(on: req.db).filter(\.$isActive == true).count()
            cards.append(Card(title: req.t("nav.users"), text: req.t("dashboard.users"), path: "/admin/users", figure: String(count)))
        }
        if staff.can(.manageBranches) {
            let count = try await Branch.query(on: req.db).filter(\.$isActive == true).count()
            cards.append(Card(title: req.t("nav.branches"), text: req.t("dashboard.branches"), path: "/admin/branches", figure: String(count)))
        }
        if staff.can(.manageSettings) {
            cards.append(Card(title: req.t("nav.settings"), text: req.t("dashboard.settings"), path: "/admin/settings", figure: nil))
        }
        if staff.can(.viewAuditLog) {
            cards.append(Card(title: req.t("nav.audit"), text: req.t("dashboard.audit"), path: "/admin/audit", figure: nil))
        }
        return cards
    }
}
