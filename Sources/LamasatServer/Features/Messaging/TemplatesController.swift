import Fluent
import LamasatCore
import Vapor

/// The association's message templates in Arabic and English, each previewed with sample values before saving.
struct TemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "templates") { try await self.page(req: $0, error: nil, status: .ok) }.requires(.manageSettings)
        routes.post("admin", "templates", ":templateID") { try await self.save(req: $0) }.requires(.manageSettings)
    }

    struct Row: Encodable {
        let id: String; let code: String; let title: String; let arabic: String; let english: String; let previewArabic: String; let previewEnglish: String
        let error: String?
    }
    struct PageView: Encodable { let page: PageContext; let rows: [Row]; let variables: String; let error: String? }

    /// `failed` is the template whose form was refused: it shows what was typed and why.
    func page(req: Request, error: String?, status: HTTPStatus, failed: UUID? = nil) async throws -> Response {
        let templates = try await MessageTemplate.query(on: req.db).sort(\.$code).all()
        return try await req.render("admin/templates", PageView(
            page: PageContext(req, title: req.t("templates.title")),
            rows: templates.map { template in
                let typed = template.id == failed
                let arabic = typed ? req.formText("arabic") : template.arabic, english = typed ? req.formText("english") : template.english
                return Row(id: try template.requireID().uuidString, code: template.code, title: req.t("templates.\(template.code)"), arabic: arabic, english: english,
                           previewArabic: ReplyTemplate.fill(arabic, MessageTemplate.sample), previewEnglish: ReplyTemplate.fill(english, MessageTemplate.sample),
                           error: typed ? error : nil)
            },
            variables: MessageTemplate.variables.map { "{\($0)}" }.joined(separator: " "), error: failed == nil ? error : nil)).encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        guard let id = req.parameters.get("templateID", as: UUID.self), let template = try await MessageTemplate.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let arabic = req.formText("arabic"), english = req.formText("english")
        guard !arabic.isEmpty, arabic.count <= 600, english.count <= 600 else {
            return try await page(req: req, error: req.t("templates.error.length"), status: .unprocessableEntity, failed: template.id)
        }
        let unknown = (ReplyTemplate.unknownVariables(in: arabic) + ReplyTemplate.unknownVariables(in: english))
            .filter { !MessageTemplate.variables.contains($0) }
        guard unknown.isEmpty else {
            return try await page(req: req, error: req.t("reply.error.variables", unknown.joined(separator: "، ")), status: .unprocessableEntity,
                                  failed: template.id)
        }
        template.arabic = arabic
        template.english = english
        template.updatedAt = req.now
        try await req.db.transaction { db in
            try await template.save(on: db)
            try await req.audit("settings.template", detail: template.code, on: db)
        }
        return req.redirect(to: "/admin/templates?done=settingsSaved")
    }
}
