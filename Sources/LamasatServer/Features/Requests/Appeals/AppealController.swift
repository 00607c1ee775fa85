import Fluent
import LamasatCore
import Vapor

/// An officer records her appeal (she came in, called or wrote); and the appeal's decision letter.
struct AppealController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let request = routes.grouped("requests", ":requestID", "appeal")
        request.post { try await self.lodge(req: $0) }.requires(.takeRequests)
        request.get("letter") { try await self.letter(req: $0) }.requires(.viewBeneficiaries)
    }

    func lodge(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, _) = try await req.reachableRequest()
        let form = TextBoxForm(AppealPanel.reasonsBox(req), request: req)
        let (reasons, errors) = form.validate(req)
        guard let reasons else {
            return try await RequestPage.show(req, status: .unprocessableEntity, redo: .init(key: "appeal", fields: form.fields(req, errors: errors)))
        }
        switch try await AppealIntake.lodge(request, reasons: reasons, source: .staff, by: staff.userID, req: req) {
        case .lodged: return req.redirect(to: "/requests/\(try request.requireID().uuidString)?done=appealLodged")
        case .refused(let refusal): return try await RequestPage.show(req, error: req.t(refusal.localizationKey), status: .conflict)
        }
    }

    func letter(req: Request) async throws -> View {
        let (request, file) = try await req.reachableRequest()
        guard let first = try await RequestDecision.query(on: req.db).filter(\.$requestID == request.requireID()).first(),
              let appeal = try await RequestAppeal.query(on: req.db).filter(\.$requestID == request.requireID()).first(),
              let decision = appeal.asDecision(replacing: first) else { throw Abort(.notFound) }
        return try await CommitteePrintables.letter(decision, appeal: true, request: request, file: file, req: req)
    }
}
