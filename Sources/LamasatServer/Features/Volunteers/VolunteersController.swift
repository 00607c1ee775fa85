import Fluent
import LamasatCore
import Vapor

/// Someone who offers her time, from the website; the volunteer coordinator of the branch contacts her and records
/// the outcome.
final class VolunteerApplication: Model, @unchecked Sendable {
    static let schema = "volunteer_applications"

    enum Status: String, Codable, CaseIterable, Sendable {
        case new, contacted, accepted, declined
        var localizationKey: String { "volunteer.status.\(rawValue)" }
    }

    enum Availability: String, Codable, CaseIterable, Sendable {
        case mornings, evenings, weekends, remote
        var localizationKey: String { "volunteer.availability.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "skills") var skills: String
    @Field(key: "availability") var availability: String
    @Field(key: "status") var status: Status
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "handled_by") var handledBy: UUID?
    @OptionalField(key: "handled_at") var handledAt: Date?

    init() {}
}

struct VolunteersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("volunteer") { try await self.form(req: $0, errors: [:], status: .ok, done: false) }.declare(.public)
        routes.post("volunteer") { try await self.apply(req: $0) }.declare(.public)
        routes.get("volunteers") { try await self.index(req: $0, error: nil, status: .ok) }.requires(.manageVolunteers)
        routes.post("volunteers", ":applicationID") { try await self.update(req: $0) }.requires(.manageVolunteers)
    }

    struct FormView: Encodable { let page: PageContext; let fields: [FormField]; let done: Bool }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, done: Bool) async throws -> Response {
        let posted = req.method == .POST && !done
        func value(_ name: String) -> String { posted ? req.formText(name) : "" }
        let branches = try await Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$nameArabic).all()
        let fields = [
            FormField(name: "name", label: req.t("public.case.name"), value: value("name"), error: errors["name"], required: true, autocomplete: "name", maxlength: 120),
            FormField(name: "phone", label: req.t("public.status.mobile"), value: value("phone"), error: errors["phone"], required: true, autocomplete: "tel",
                      inputmode: "tel", dir: "ltr", maxlength: 20),
            FormField(name: "email", label: req.t("beneficiary.field.email"), kind: "email", value: value("email"), error: errors["email"], autocomplete: "email",
                      dir: "ltr", maxlength: 120),
            FormField(name: "branch", label: req.t("public.case.branch"), kind: "select", error: errors["branch"], required: true,
                      options: [FormField.Option(value: "", label: req.t("form.choose"), selected: value("branch").isEmpty)]
                        + branches.map { FormField.Option(value: $0.id!.uuidString, label: $0.name(in: req.language), selected: value("branch") == $0.id!.uuidString) }),
            FormField(name: "skills", label: req.t("volunteer.skills"), kind: "textarea", value: value("skills"), hint: req.t("volunteer.skillsHint"),
                      error: errors["skills"], required: true, maxlength: 1000),
        ] + VolunteerApplication.Availability.allCases.map {
            FormField(name: "available-\($0.rawValue)", label: req.t($0.localizationKey), kind: "checkbox", checked: posted && req.formCheckbox("available-\($0.rawValue)"))
        } + [
            FormField(name: "consent", label: req.t("volunteer.consent"), kind: "checkbox", error: errors["consent"], checked: posted && req.formCheckbox("consent")),
        ]
        return try await req.render("volunteers/form", FormView(page: PageContext(req, title: req.t("volunteer.title")), fields: fields.prepared(), done: done))
            .encodeResponse(status: status, for: req)
    }

    func apply(req: Request) async throws -> Response {
        var errors: FieldErrors = [:]
        let name = req.formText("name")
        if name.isEmpty { errors["name"] = req.t("validation.required") } else if name.count > 120 { errors["name"] = req.t("validation.tooLong") }
        var phone = ""
        do { phone = try SaudiMobile(req.formText("phone")).e164 } catch { errors["phone"] = req.t(error.localizationKey) }
        let email = req.formText("email")
        if !FormField.isPlausibleEmail(email) { errors["email"] = req.t("validation.email") }
        let branch = try await UUID(uuidString: req.formText("branch")).asyncMap { try await Branch.find($0, on: req.db) } ?? nil
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        let skills = req.formText("skills")
        if skills.isEmpty { errors["skills"] = req.t("validation.required") } else if skills.count > 1000 { errors["skills"] = req.t("validation.tooLong") }
        // PDPL: her data is kept only with her agreement.
        if !req.formCheckbox("consent") { errors["consent"] = req.t("volunteer.error.consent") }
        let availability = VolunteerApplication.Availability.allCases.filter { req.formCheckbox("available-\($0.rawValue)") }
        guard errors.isEmpty, let branch else { return try await form(req: req, errors: errors, status: .unprocessableEntity, done: false) }
        guard try await PublicLookup.take("case", limit: PublicCasesController.perHour, req: req) else {
            return try await form(req: req, errors: ["name": req.t("public.case.error.tooMany")], status: .tooManyRequests, done: false)
        }
        let application = VolunteerApplication()
        application.name = name
        application.phone = phone
        application.email = email
        application.branchID = try branch.requireID()
        application.skills = skills
        application.availability = availability.map(\.rawValue).joined(separator: ",")
        application.status = .new
        application.note = ""
        application.createdAt = req.now
        try await req.db.transaction { db in
            try await application.create(on: db)
            try await req.audit("volunteer.applied", record: ("volunteer_application", try application.requireID().uuidString), on: db)
        }
        return try await form(req: req, errors: [:], status: .ok, done: true)
    }

    struct Row: Encodable {
        let id: String; let name: String; let phone: String; let email: String?; let skills: String; let availability: String; let when: String
        let status: String; let statusCode: String; let note: String; let options: [FormField.Option]
    }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging; let error: String? }

    func index(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let filter = VolunteerApplication.Status(rawValue: req.query[String.self, at: "status"] ?? "")
        let query = VolunteerApplication.query(on: req.db).sort(\.$createdAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        if let filter { query.filter(\.$status == filter) }
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        let formatter = DualCalendarFormatter(language: req.language)
        try await req.audit("view", record: ("volunteer_applications", "list"))
        return try await req.render("volunteers/index", IndexView(
            page: PageContext(req, title: req.t("nav.volunteers")),
            filters: [FormField.filter(req, name: "status", label: req.t("portal.file.status"), selected: filter?.rawValue ?? "",
                                       choices: VolunteerApplication.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })],
            rows: items.map { item in
                Row(id: try item.requireID().uuidString, name: item.name, phone: item.phone, email: item.email.isEmpty ? nil : item.email, skills: item.skills,
                    availability: item.availability.split(separator: ",").compactMap { VolunteerApplication.Availability(rawValue: String($0)) }
                        .map { req.t($0.localizationKey) }.joined(separator: req.language == .ar ? "، " : ", "),
                    when: formatter.date(item.createdAt).combined, status: req.t(item.status.localizationKey), statusCode: item.status.rawValue, note: item.note,
                    options: FormField.Option.choices(VolunteerApplication.Status.allCases, selected: item.status.rawValue, req))
            }.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/volunteers", filters: ["status": filter?.rawValue ?? ""]), error: error))
            .encodeResponse(status: status, for: req)
    }

    func update(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let item = try await req.scoped(VolunteerApplication.self, id: req.parameters.get("applicationID"), branch: \.$branchID)
        guard let status = VolunteerApplication.Status(rawValue: req.formText("status")), req.formText("note").count <= 500 else {
            return try await index(req: req, error: req.t("volunteer.error.update"), status: .unprocessableEntity)
        }
        item.status = status
        item.note = req.formText("note")
        item.handledBy = staff.userID
        item.handledAt = req.now
        try await req.db.transaction { db in
            try await item.save(on: db)
            try await req.audit("volunteer.updated", record: ("volunteer_application", try item.requireID().uuidString), detail: status.rawValue, on: db)
        }
        return req.redirect(to: "/volunteers?done=volunteerUpdated")
    }
}
extension VolunteerApplication.Status: LocalizedChoice {}
