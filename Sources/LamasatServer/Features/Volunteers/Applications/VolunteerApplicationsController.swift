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
        routes.get("volunteers", "applications") { try await self.index(req: $0, status: .ok) }.requires(.manageVolunteers)
        routes.exportsList("volunteers", "applications", requires: .manageVolunteers, title: "volunteer.applications.title") {
            try await Self.export($0, limit: $1)
        }
        routes.post("volunteers", "applications", ":applicationID") { try await self.update(req: $0) }.requires(.manageVolunteers)
    }

    struct FormView: Encodable { let page: PageContext; let fields: [FormField]; let done: Bool }

    func form(req: Request, errors: FieldErrors, status: HTTPStatus, done: Bool) async throws -> Response {
        let typed = req.method == .POST && !done ? VolunteerForm(request: req) : VolunteerForm()
        let fields = try typed.fields(req, branches: try await Self.branches(req), errors: errors)
        return try await req.render("volunteers/form", FormView(page: PageContext(req, title: req.t("volunteer.title")), fields: fields, done: done))
            .encodeResponse(status: status, for: req)
    }

    private static func branches(_ req: Request) async throws -> [Branch] {
        try await Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$nameArabic).all()
    }

    func apply(req: Request) async throws -> Response {
        let (valid, errors) = VolunteerForm(request: req).validate(req, branches: try await Self.branches(req))
        guard let valid else { return try await form(req: req, errors: errors, status: .unprocessableEntity, done: false) }
        guard try await PublicLookup.take("volunteer", limit: PublicCasesController.perHour, req: req) else {
            return try await form(req: req, errors: ["name": req.t("public.case.error.tooMany")], status: .tooManyRequests, done: false)
        }
        let application = VolunteerApplication()
        application.name = valid.name
        application.phone = valid.phone.e164
        application.email = valid.email
        application.branchID = try valid.branch.requireID()
        application.skills = valid.skills
        application.availability = valid.availability.map(\.rawValue).joined(separator: ",")
        application.status = .new
        application.note = ""
        application.createdAt = req.now
        try await req.db.writeTransaction { db in
            try await application.create(on: db)
            try await req.audit("volunteer.applied", record: ("volunteer_application", try application.requireID().uuidString), on: db)
        }
        return try await form(req: req, errors: [:], status: .ok, done: true)
    }

    struct Row: Encodable {
        let id: String; let name: String; let phone: String; let email: String?; let skills: String; let availability: String; let when: String
        let status: String; let statusCode: String; let fields: [FormField]
        /// The record she became, once accepted through the record form.
        let record: String?
    }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging; let error: String? }

    /// `posted` is an application's form sent back with its errors, shown on its row as typed.
    /// The applications of the list's filter within her reach, newest first, as the page and its export read them.
    static func listQuery(_ req: Request, status: VolunteerApplication.Status?) throws -> QueryBuilder<VolunteerApplication> {
        let query = VolunteerApplication.query(on: req.db).sort(\.$createdAt, .descending)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        if let status { query.filter(\.$status == status) }
        return query
    }

    static func availability(_ item: VolunteerApplication, req: Request) -> String {
        item.availability.split(separator: ",").compactMap { VolunteerApplication.Availability(rawValue: String($0)) }
            .map { req.t($0.localizationKey) }.joined(separator: req.language == .ar ? "، " : ", ")
    }

    /// Every application of the filter, with her contact details as the page shows them.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let status = VolunteerApplication.Status(rawValue: req.query[String.self, at: "status"] ?? "")
        let items = try await listQuery(req, status: status).limit(limit).all()
        return ListExport.Table(
            columns: ["listExport.column.name", "listExport.column.mobile", "listExport.column.email", "volunteer.record.field.skills",
                      "listExport.column.availability", "listExport.column.day", "portal.file.status"],
            rows: items.map { item in
                [.text(item.name), .text(item.phone), ListExport.text(item.email), ListExport.text(item.skills), ListExport.text(availability(item, req: req)),
                 .date(item.createdAt), .text(req.t(item.status.localizationKey))]
            }, filter: ["status": status?.rawValue ?? ""])
    }

    func index(req: Request, posted: (id: UUID, form: VolunteerHandlingForm, errors: FieldErrors)? = nil, status: HTTPStatus) async throws -> Response {
        let filter = VolunteerApplication.Status(rawValue: req.query[String.self, at: "status"] ?? "")
        let query = try Self.listQuery(req, status: filter)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        let records = try await Volunteer.query(on: req.db).filter(\.$applicationID ~~ items.map(\.id)).all()
        let formatter = DualCalendarFormatter(language: req.language)
        try await req.audit("view", record: ("volunteer_applications", "list"))
        return try await req.render("volunteers/applications", IndexView(
            page: PageContext(req, title: req.t("volunteer.applications.title")),
            filters: [FormField.filter(req, name: "status", label: req.t("portal.file.status"), selected: filter?.rawValue ?? "",
                                       choices: VolunteerApplication.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })],
            rows: items.map { item in
                let id = try item.requireID()
                let fields = posted?.id == id ? posted!.form.fields(req, errors: posted!.errors, key: id.uuidString)
                    : VolunteerHandlingForm(item).fields(req, errors: [:], key: id.uuidString)
                return Row(id: id.uuidString, name: item.name, phone: item.phone, email: item.email.isEmpty ? nil : item.email, skills: item.skills,
                    availability: Self.availability(item, req: req),
                    when: formatter.date(item.createdAt).combined, status: req.t(item.status.localizationKey), statusCode: item.status.rawValue,
                    fields: fields, record: records.first { $0.applicationID == id }?.id?.uuidString)
            }.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/volunteers/applications", filters: ["status": filter?.rawValue ?? ""], exports: true),
            // The row sent back may be on another page: say so at the top too.
            error: posted == nil ? nil : req.t("volunteer.error.update")))
            .encodeResponse(status: status, for: req)
    }

    func update(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let item = try await req.scoped(VolunteerApplication.self, id: req.parameters.get("applicationID"), branch: \.$branchID)
        let form = VolunteerHandlingForm(request: req)
        let (valid, errors) = form.validate(req)
        guard let status = valid else {
            return try await index(req: req, posted: (try item.requireID(), form, errors), status: .unprocessableEntity)
        }
        item.status = status
        item.note = form.note
        item.handledBy = staff.userID
        item.handledAt = req.now
        try await req.db.writeTransaction { db in
            try await item.save(on: db)
            try await req.audit("volunteer.updated", record: ("volunteer_application", try item.requireID().uuidString), detail: status.rawValue, on: db)
        }
        return req.redirect(to: "/volunteers/applications?done=volunteerUpdated")
    }
}
extension VolunteerApplication.Status: LocalizedChoice {}
