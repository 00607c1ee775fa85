import Fluent
import LamasatCore
import Vapor

/// Canned replies for phone and social-media answers, filled with her name, tracking number and expected date when
/// opened from a request, and copied in one click.
struct RepliesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("replies") { try await self.index(req: $0, errors: [:], status: .ok) }.requires(.viewDashboard)
        routes.post("replies") { try await self.save(req: $0) }.requires(.manageLibrary)
    }

    /// A reply, and the form that edits it for those who manage the library (`open` after a refused edit, to show its errors).
    struct Row: Encodable { let id: String; let title: String; let filled: String; let isActive: Bool; let fields: [FormField]?; let open: Bool }
    struct IndexView: Encodable {
        let page: PageContext
        let about: String?
        let rows: [Row]?
        let newFields: [FormField]?
    }

    /// The list; after a refused save, the form that was posted shows what was typed and its errors.
    func index(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
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
        let canManage = staff.can(.manageLibrary)
        let posted = req.method == .POST ? ReplyForm(request: req) : nil
        let form = { (reply: CannedReply?) -> [FormField]? in
            guard canManage else { return nil }
            let id = reply?.id?.uuidString ?? ""
            if let posted, posted.id == id { return posted.fields(req, errors: errors) }
            return (reply.map(ReplyForm.init) ?? ReplyForm()).fields(req, errors: [:])
        }
        return try await req.render("replies/index", IndexView(
            page: PageContext(req, title: req.t("nav.replies")), about: about,
            rows: try replies.map { reply in
                let fields = form(reply)
                return Row(id: try reply.requireID().uuidString, title: reply.title, filled: ReplyTemplate.fill(reply.body, values), isActive: reply.isActive,
                           fields: fields, open: fields?.contains { $0.error != nil } ?? false)
            }.nonEmpty,
            newFields: form(nil)
        )).encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let form = ReplyForm(request: req)
        let (reply, errors) = try await form.validate(req)
        guard let reply else { return try await index(req: req, errors: errors, status: .unprocessableEntity) }
        let isNew = form.id.isEmpty
        try await req.db.writeTransaction { db in
            try await reply.save(on: db)
            try await req.audit(isNew ? "reply.created" : "reply.updated", record: ("canned_reply", try reply.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/replies?done=replySaved")
    }
}
