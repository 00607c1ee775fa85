import Fluent
import LamasatCore
import Vapor

/// `/portal/rights`: she asks, from her phone, to see her data, correct it, have it deleted or its use restricted, or
/// receive a copy; her identity is already confirmed by the code she signed in with. She sees each request's state,
/// its deadline, and the decision with its reasons once given.
struct PortalRightsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", "rights") { try await self.page(req: $0, typed: [:], errors: [:], status: .ok) }.declare(.beneficiary)
        routes.post("portal", "rights") { try await self.ask(req: $0) }.declare(.beneficiary)
    }

    struct Row: Encodable { let reference: String; let kind: String; let received: String; let deadline: String; let status: String
        let statusCode: String; let decision: String?; let reasons: String }
    struct PageView: Encodable { let page: PageContext; let rows: [Row]?; let fields: [FormField] }

    func page(req: Request, typed: [String: String], errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        let items = try await RightsRequest.query(on: req.db).filter(\.$beneficiaryID == file.requireID()).sort(\.$receivedAt, .descending).all()
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = items.map { r in
            Row(reference: r.reference, kind: req.t(r.kind.localizationKey), received: formatter.date(r.receivedAt).combined,
                deadline: formatter.date(r.deadline).combined, status: req.t(r.status.localizationKey), statusCode: r.status.rawValue,
                decision: r.decision.map { req.t($0.localizationKey) }, reasons: r.decisionReasons)
        }
        let fields = [
            FormField(name: "kind", label: req.t("portal.rights.kind"), kind: "select", error: errors["kind"], required: true,
                      options: [FormField.Option.choose(req)] + RightsRequestKind.allCases.map { .init(value: $0.rawValue, label: req.t("portal.rights.kind.\($0.rawValue)"), selected: typed["kind"] == $0.rawValue) }),
            FormField(name: "details", label: req.t("portal.rights.details"), kind: "textarea", value: typed["details"] ?? "", hint: req.t("portal.rights.details.hint"),
                      error: errors["details"], maxlength: RightsIntake.detailsLimit, wide: true),
        ].prepared()
        try await req.audit("view", record: ("beneficiary", try file.requireID().uuidString), detail: "portal rights")
        return try await req.render("portal/rights", PageView(page: PageContext(req, title: req.t("portal.rights.title")), rows: rows.nonEmpty, fields: fields))
            .encodeResponse(status: status, for: req)
    }

    func ask(req: Request) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        let typed = ["kind": req.formText("kind"), "details": req.formText("details")]
        let (kind, errors) = RightsIntake.validate(kind: typed["kind"]!, details: typed["details"]!, req)
        guard errors.isEmpty, let kind else { return try await page(req: req, typed: typed, errors: errors, status: .unprocessableEntity) }
        try await req.db.writeTransaction { db in
            let made = try await RightsIntake.receive(.init(kind: kind, details: typed["details"]!, source: .portal, identity: .portalCode), file: file,
                                                      by: nil, now: req.now, on: db)
            try await req.audit("rights.received", record: ("rights_request", try made.requireID().uuidString),
                                detail: "\(made.reference) kind=\(kind.rawValue) by her portal", on: db)
        }
        return req.redirect(to: "/portal/rights?done=portalRightsAsked")
    }
}
