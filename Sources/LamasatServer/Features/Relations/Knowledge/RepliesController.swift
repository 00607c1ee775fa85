import Fluent
import LamasatCore
import Vapor

/// Canned replies for phone and social-media answers, filled with her name, tracking number and expected date when
/// opened from a request, and copied in one click.
struct RepliesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("replies") { try await self.index(req: $0, error: nil, status: .ok) }.requires(.viewDashboard)
        routes.post("replies") { try await self.save(req: $0) }.requires(.manageLibrary)
    }

    struct Row: Encodable { let id: String; let title: String; let body: String; let filled: String; let isActive: Bool }
    struct IndexView: Encodable {
        let page: PageContext
        let about: String?
        let rows: [Row]?
        let canManage: Bool
        let variables: String
        let error: String?
    }

    func index(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        var values: [String: String] = [:]
        var about: String?
        // Her details fill the replies only for staff who may open her request.
        if staff.can(.viewBeneficiaries), let id = req.query[String.self, at: "request"], !id.isEmpty,
           let request = try? await req.scoped(SupportRequest.self, id: id, branch: \.$branchID),
           let file = try await Beneficiary.find(request.$beneficiary.id, on: req.db) {
            values = ["name": file.nameFirst, "tracking": request.trackingNumber ?? "",
                      "expected": request.expectedDecisionAt.map { DualCalendarFormatter(language: .ar).date($0).combined } ?? ""]
            about = "\(file.name.full) · \(request.trackingNumber ?? "")"
        }
        let query = CannedReply.query(on: req.db).sort(\.$title)
        if !staff.can(.manageLibrary) { query.filter(\.$isActive == true) }
        let replies = try await query.all()
        return try await req.render("replies/index", IndexView(
            page: PageContext(req, title: req.t("nav.replies")), about: about,
            rows: replies.map { Row(id: $0.id!.uuidString, title: $0.title, body: $0.body, filled: ReplyTemplate.fill($0.body, values), isActive: $0.isActive) }.nonEmpty,
            canManage: staff.can(.manageLibrary), variables: ReplyTemplate.variables.map { "{\($0)}" }.joined(separator: " "), error: error
        )).encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let title = req.formText("title"), body = req.formText("body")
        let existing = try await UUID(uuidString: req.formText("id")).asyncMap { try await CannedReply.find($0, on: req.db) } ?? nil
        if !req.formText("id").isEmpty && existing == nil { throw Abort(.notFound) }
        if title.isEmpty || title.count > 80 || body.isEmpty || body.count > 1000 {
            return try await index(req: req, error: req.t("reply.error.fields"), status: .unprocessableEntity)
        }
        let unknown = ReplyTemplate.unknownVariables(in: body)
        if !unknown.isEmpty { return try await index(req: req, error: req.t("reply.error.variables", unknown.joined(separator: "، ")), status: .unprocessableEntity) }
        let reply = existing ?? CannedReply(title: title, body: body, at: req.now)
        reply.title = title
        reply.body = body
        reply.isActive = existing == nil ? true : req.formCheckbox("isActive")
        reply.updatedAt = req.now
        try await req.db.transaction { db in
            try await reply.save(on: db)
            try await req.audit(existing == nil ? "reply.created" : "reply.updated", record: ("canned_reply", try reply.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/replies?done=replySaved")
    }
}
