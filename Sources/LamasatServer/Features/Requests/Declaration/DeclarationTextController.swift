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

    func page(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let versions = try await DeclarationText.query(on: req.db).sort(\.$version, .descending).all()
        let current = versions.first
        let formatter = DualCalendarFormatter(language: req.language)
        func value(_ name: String, _ fallback: String?) -> String { req.method == .POST ? req.formText(name) : fallback ?? "" }
        let fields = [
            FormField(name: "arabic", label: req.t("declaration.textArabic"), kind: "textarea", value: value("arabic", current?.arabic),
                      error: errors["arabic"], required: true, maxlength: 4000),
            FormField(name: "english", label: req.t("declaration.textEnglish"), kind: "textarea", value: value("english", current?.english),
                      error: errors["english"], dir: "ltr", maxlength: 4000),
        ].prepared()
        return try await req.render("admin/declaration", PageView(
            page: PageContext(req, title: req.t("declaration.settingsTitle")), fields: fields,
            versions: versions.map { .init(version: $0.version, at: formatter.dateTime($0.createdAt).combined, arabic: $0.arabic, english: $0.english) }
        )).encodeResponse(status: status, for: req)
    }

    func publish(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        var errors: FieldErrors = [:]
        let arabic = req.formText("arabic")
        let english = req.formText("english")
        if arabic.isEmpty { errors["arabic"] = req.t("validation.required") } else if arabic.count > 4000 { errors["arabic"] = req.t("validation.tooLong") }
        if english.count > 4000 { errors["english"] = req.t("validation.tooLong") }
        let current = try await DeclarationText.current(on: req.db)
        if errors.isEmpty && current.arabic == arabic && current.english == english { errors["arabic"] = req.t("declaration.error.unchanged") }
        guard errors.isEmpty else { return try await page(req: req, errors: errors, status: .unprocessableEntity) }
        // The unique version number makes a second, simultaneous publication fail instead of sharing a number.
        try await req.db.transaction { db in
            try await DeclarationText(version: current.version + 1, arabic: arabic, english: english, createdBy: staff.userID, at: req.now).create(on: db)
            try await req.audit("settings.declaration", detail: "v\(current.version + 1)", on: db)
        }
        return req.redirect(to: "/admin/declaration?done=declarationPublished")
    }
}
