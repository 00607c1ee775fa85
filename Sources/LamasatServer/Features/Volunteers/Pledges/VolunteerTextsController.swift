import Fluent
import LamasatCore
import Vapor

/// The volunteering agreement and the confidentiality pledge as versioned settings ([P-2]): publishing a new
/// wording of either adds a version, and every volunteer is asked to sign it again.
struct VolunteerTextsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "volunteer-texts")
        admin.get { try await self.page(req: $0, form: nil, errors: [:], status: .ok) }.requires(.manageSettings)
        admin.post { try await self.publish(req: $0) }.requires(.manageSettings)
    }

    struct PageView: Encodable {
        struct Version: Encodable { let kind: String; let version: Int; let at: String; let arabic: String }
        let page: PageContext
        let fields: [FormField]
        let versions: [Version]
    }

    struct Form {
        var kind = ""
        var arabic = ""
        var english = ""

        func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
            [
                FormField(name: "kind", label: req.t("volunteer.texts.kind"), kind: "select", error: errors["kind"], required: true,
                          options: [FormField.Option.choose(req)] + PledgeKind.allCases.map {
                              FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == kind) }),
                FormField(name: "arabic", label: req.t("declaration.textArabic"), kind: "textarea", value: arabic, error: errors["arabic"],
                          required: true, maxlength: 4000, wide: true),
                FormField(name: "english", label: req.t("declaration.textEnglish"), kind: "textarea", value: english, error: errors["english"],
                          dir: "ltr", maxlength: 4000, wide: true),
            ].prepared()
        }
    }

    func page(req: Request, form: Form?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let versions = try await VolunteerPledgeText.query(on: req.db).sort(\.$createdAt, .descending).sort(\.$version, .descending).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("admin/volunteer-texts", PageView(
            page: PageContext(req, title: req.t("volunteer.texts.title")), fields: (form ?? Form()).fields(req, errors: errors),
            versions: versions.map { .init(kind: req.t($0.kind.localizationKey), version: $0.version, at: formatter.dateTime($0.createdAt).combined,
                                           arabic: $0.arabic) }
        )).encodeResponse(status: status, for: req)
    }

    func publish(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = Form(kind: req.formText("kind"), arabic: req.formText("arabic"), english: req.formText("english"))
        var errors: FieldErrors = [:]
        let kind = PledgeKind(rawValue: form.kind)
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        if form.arabic.isEmpty { errors["arabic"] = req.t("validation.required") } else if form.arabic.count > 4000 { errors["arabic"] = req.t("validation.tooLong") }
        if form.english.count > 4000 { errors["english"] = req.t("validation.tooLong") }
        var current: VolunteerPledgeText?
        if let kind { current = try await VolunteerPledgeText.current(on: req.db)[kind] }
        if errors.isEmpty, let current, current.arabic == form.arabic, current.english == form.english {
            errors["arabic"] = req.t("declaration.error.unchanged")
        }
        guard errors.isEmpty, let kind else { return try await page(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        let version = (current?.version ?? 0) + 1
        // The unique (kind, version) makes a second, simultaneous publication fail instead of sharing a number.
        try await req.db.writeTransaction { db in
            let text = VolunteerPledgeText()
            text.kind = kind
            text.version = version
            text.arabic = form.arabic
            text.english = form.english
            text.createdBy = staff.userID
            text.createdAt = req.now
            try await text.create(on: db)
            try await req.audit("settings.volunteerText", detail: "\(kind.rawValue) v\(version)", on: db)
        }
        return req.redirect(to: "/admin/volunteer-texts?done=volunteerTextPublished")
    }
}
