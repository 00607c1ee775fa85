import Fluent
import LamasatCore
import Vapor

/// What satisfaction adds to a manager's "my work": the low scores waiting for her call.
extension CaseQueue {
    static func surveyFollowUps(_ req: Request) async throws -> [CaseQueue] {
        let staff = try req.requireStaff()
        guard staff.can(.viewSatisfaction) else { return [] }
        let open = try await SurveyFollowUpsController.visible(req).filter(\.$isDone == false).sort(\.$createdAt).limit(size).all()
        let invitations = try await SurveyInvitation.query(on: req.db).filter(\.$id ~~ open.map(\.invitationID)).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return [CaseQueue(title: req.t("satisfaction.followUpsTitle"), lines: try open.map { item in
            Line(path: "/satisfaction/followups/\(try item.requireID().uuidString)", number: invitations.first { $0.id == item.invitationID }?.reference ?? "",
                 title: req.t("satisfaction.lowScore"), status: formatter.date(item.createdAt).combined,
                 late: item.createdAt < req.now.addingTimeInterval(-2 * 86_400))
        }.nonEmpty, link: "/satisfaction/followups")]
    }
}
