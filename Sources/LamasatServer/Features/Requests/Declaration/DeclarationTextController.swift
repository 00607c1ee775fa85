import Fluent
import LamasatCore
import Vapor

/// The declaration's wording as a versioned setting ([P-21]): publishing a new wording adds a version; requests
/// already signed keep the version they were signed under.
struct DeclarationTextController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "declaration")
        admin.get { try await self.page(req: $0, errors: [:], status: .ok) }.requires(.manageSettings)
        admin.post { try await self.publish(req: $0) }.requires(.manageSettings)
    }

    struct PageView: Encodable {
        struct Version: Encodable { let version: Int; let at: String; let arabic: String; let english: String }
        let page: PageContext
        let fields: [FormField]
        let versions: [Version]
    }

    /// `form` is nil on the page itself, which starts from the wording in force.
    func page(req: Request, form: DeclarationTextForm? = nil, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let versions = try await DeclarationText.query(on: req.db).sort(\.$version, .descending).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("admin/declaration", PageView(
            page: PageContext(req, title: req.t("declaration.settingsTitle")), fields: (form ?? DeclarationTextForm(versions.first)).fields(req, errors: errors),
            versions: versions.map { .init(version: $0.version, at: formatter.dateTime($0.createdAt).combined, arabic: $0.arabic, english: $0.english) }
        )).encodeResponse(status: status, for: req)
    }

    func publish(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = DeclarationTextForm(request: req)
        let current = try await DeclarationText.current(on: req.db)
        let errors = form.validate(req, current: current)
        guard errors.isEmpty else { return try await page(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        // The unique version number makes a second, simultaneous publication fail instead of sharing a number.
        try await req.db.writeTransaction { db in
            try await DeclarationText(version: current.version + 1, arabic: form.arabic, english: form.english, createdBy: staff.userID, at: req.now).create(on: db)
            try await req.audit("settings.declaration", detail: "v\(current.version + 1)", on: db)
        }
        return req.redirect(to: "/admin/declaration?done=declarationPublished")
    }
}
