import Fluent
import LamasatCore
import Vapor

/// Her appeal (تظلم) of a rejection from her portal: her reasons, while the period runs; new documents she uploads
/// after the decision go with it. Her request's page then shows where it stands and the committee's final answer.
struct PortalAppealController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("portal", "requests", ":requestID", "appeal") { try await self.lodge(req: $0) }.declare(.beneficiary)
    }

    /// What her request's page says of an appeal: the form while she may appeal, or her appeal and its answer.
    struct Panel: Encodable {
        let deadline: String?
        let fields: [FormField]?
        let status: String?
        let lodged: String?
        let answer: String?
        let error: String?
    }

    static func panel(_ request: SupportRequest, form: TextBoxForm? = nil, errors: FieldErrors = [:], error: String? = nil, req: Request) async throws -> Panel? {
        let formatter = DualCalendarFormatter(language: req.language)
        if let appeal = try await RequestAppeal.query(on: req.db).filter(\.$requestID == request.requireID()).first() {
            let answer: String? = switch appeal.status {
            case .lodged: nil
            case .accepted: req.t("portal.appeal.accepted", appeal.letterNumber)
            case .refused: req.t("portal.appeal.refused", appeal.letterNumber)
            }
            return Panel(deadline: nil, fields: nil, status: req.t(appeal.status.localizationKey), lodged: formatter.dateTime(appeal.lodgedAt).combined,
                         answer: answer, error: nil)
        }
        guard let deadline = try await AppealIntake.deadline(request, on: req.db), req.now <= deadline else { return nil }
        return Panel(deadline: formatter.dateTime(deadline).combined,
                     fields: (form ?? TextBoxForm(AppealPanel.reasonsBox(req))).fields(req, errors: errors), status: nil, lodged: nil, answer: nil, error: error)
    }

    func lodge(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        guard let id = req.parameters.get("requestID", as: UUID.self),
              let request = try await SupportRequest.query(on: req.db).filter(\.$id == id).filter(\.$beneficiary.$id == portal.beneficiaryID).first()
        else { throw Abort(.notFound) }
        let form = TextBoxForm(AppealPanel.reasonsBox(req), request: req)
        let (reasons, errors) = form.validate(req)
        guard let reasons else {
            return try await PortalController().request(req: req, appeal: try await Self.panel(request, form: form, errors: errors, req: req))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        switch try await AppealIntake.lodge(request, reasons: reasons, source: .portal, by: portal.beneficiaryID, req: req) {
        case .lodged:
            return req.redirect(to: "/portal/requests/\(id.uuidString)?done=portalAppealLodged")
        case .refused(let refusal):
            return try await PortalController().request(req: req, appeal: try await Self.panel(request, form: form, error: req.t(refusal.localizationKey), req: req))
                .encodeResponse(status: .conflict, for: req)
        }
    }
}
