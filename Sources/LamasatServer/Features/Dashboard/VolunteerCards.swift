import Fluent
import Vapor

extension DashboardController {
    /// The coordinator's dashboard: active volunteers, and applications waiting for her.
    static func volunteerCards(_ req: Request, _ staff: StaffContext) async throws -> [Card] {
        let active = Volunteer.query(on: req.db).filter(\.$status == .active)
        active.withinReach(of: staff, \.$branchID)
        let waiting = VolunteerApplication.query(on: req.db).filter(\.$status ~~ [.new, .contacted])
        waiting.withinReach(of: staff, \.$branchID)
        return [
            .init(title: req.t("nav.volunteers"), text: req.t("volunteer.dashboard.active"), path: "/volunteers", figure: String(try await active.count())),
            .init(title: req.t("volunteer.applications.title"), text: req.t("volunteer.applications.waiting"), path: "/volunteers/applications?status=new",
                  figure: String(try await waiting.count())),
        ]
    }
}
