import Fluent
import LamasatCore
import Vapor

/// The first page after sign-in: who she is, and the work her role opens to her.
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

    struct DashboardView: Encodable {
        let page: PageContext
        let greeting: String
        let today: String
        let cards: [Card]
    }

    func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let dates = DualCalendarFormatter(language: req.language).date(req.now)
        var cards: [Card] = []
        if staff.can(.viewBeneficiaries) {
            // Applicants whose registration is still open, in her scope; counting stops at 1,000.
            var query = BeneficiaryRegistry.Query()
            query.status = .applicant
            let waiting = try await BeneficiaryRegistry.search(query, staff: staff, today: req.now, pageSize: 1, on: req.db)
            cards.append(Card(title: req.t("nav.beneficiaries"), text: req.t("dashboard.applicants"),
                              path: "/beneficiaries?status=applicant",
                              figure: waiting.capped ? "\(BeneficiaryRegistry.countCap)+" : String(waiting.total)))
        }
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
        if staff.can(.viewOutbox) {
            let queued = try await OutboxMessage.query(on: req.db).filter(\.$status == .queued).count()
            cards.append(Card(title: req.t("nav.outbox"), text: req.t("dashboard.outbox"), path: "/admin/outbox", figure: String(queued)))
        }
        return try await req.render("dashboard/dashboard", DashboardView(
            page: PageContext(req, title: req.t("nav.dashboard")),
            greeting: req.t("dashboard.greeting", staff.user.fullName),
            today: dates.combined, cards: cards))
    }
}
