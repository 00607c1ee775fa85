import Fluent
import LamasatCore
import Vapor

/// The association's message templates in Arabic and English, each previewed with sample values before saving.
struct TemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "templates") { try await self.page(req: $0, status: .ok) }.requires(.manageSettings)
        routes.post("admin", "templates", ":templateID") { try await self.save(req: $0) }.requires(.manageSettings)
    }

    struct Row: Encodable {
        let id: String; let code: String; let title: String; let previewArabic: String; let previewEnglish: String
        /// One field each, in a list so the page renders it with `#for`, the preview between them.
        let arabic: [FormField]; let english: [FormField]
    }
    struct PageView: Encodable { let page: PageContext; let rows: [Row]; let variables: String }

    /// `failed` is the template whose form was refused: it shows what was typed and why.
    func page(req: Request, status: HTTPStatus, failed: (id: UUID, form: MessageTemplateForm, errors: FieldErrors)? = nil) async throws -> Response {
        let templates = try await MessageTemplate.query(on: req.db).sort(\.$code).all()
        return try await req.render("admin/templates", PageView(
            page: PageContext(req, title: req.t("templates.title")),
            rows: templates.map { template in
                let id = try template.requireID()
                let typed = failed?.id == id ? failed : nil
                let form = typed?.form ?? MessageTemplateForm(template)
                let fields = form.fields(req, key: id.uuidString, errors: typed?.errors ?? [:])
                return Row(id: id.uuidString, code: template.code, title: req.t("templates.\(template.code)"),
                           previewArabic: ReplyTemplate.fill(form.arabic, MessageTemplate.sample),
                           previewEnglish: ReplyTemplate.fill(form.english, MessageTemplate.sample), arabic: [fields[0]], english: [fields[1]])
            },
            variables: MessageTemplate.variables.map { "{\($0)}" }.joined(separator: " "))).encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        guard let id = req.parameters.get("templateID", as: UUID.self), let template = try await MessageTemplate.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let form = MessageTemplateForm(request: req)
        let errors = form.validate(req)
        guard errors.isEmpty else {
            return try await page(req: req, status: .unprocessableEntity, failed: (id, form, errors))
        }
        template.arabic = form.arabic
        template.english = form.english
        template.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await template.save(on: db)
            try await req.audit("settings.template", detail: template.code, on: db)
        }
        return req.redirect(to: "/admin/templates?done=settingsSaved")
    }
}
