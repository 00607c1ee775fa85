import Fluent
import LamasatCore
import Vapor

/// `/admin/processing`: the record of processing activities (PDPL), read and printed by whoever keeps the
/// association's settings, and kept current by her: each activity edited under its version, ended rather than
/// deleted (the record of what was done stays), every change audited.
struct ProcessingRecordsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let processing = routes.grouped("admin", "processing")
        processing.get { try await self.index(req: $0) }.requires(.manageSettings)
        processing.get("new") { try await self.form(req: $0, activity: nil, typed: ProcessingActivityForm(), errors: [:], alert: nil, status: .ok) }
            .requires(.manageSettings)
        processing.post { try await self.save(req: $0, activity: nil) }.requires(.manageSettings)
        processing.get(":activityID", "edit") { req in
            let activity = try await Self.activity(req)
            return try await self.form(req: req, activity: activity, typed: ProcessingActivityForm(activity), errors: [:], alert: nil, status: .ok)
        }.requires(.manageSettings)
        processing.post(":activityID") { try await self.save(req: $0, activity: try await Self.activity($0)) }.requires(.manageSettings)
    }

    static func activity(_ req: Request) async throws -> ProcessingActivity {
        guard let id = req.parameters.get("activityID", as: UUID.self), let activity = try await ProcessingActivity.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return activity
    }

    struct Row: Encodable {
        let id: String; let name: String; let active: Bool; let parts: [Part]; let updated: String
        struct Part: Encodable { let label: String; let text: String }
    }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]; let organization: String; let printedOn: String }

    func index(req: Request) async throws -> View {
        let activities = try await ProcessingActivity.query(on: req.db).sort(\.$isActive, .descending).sort(\.$sortOrder).sort(\.$name).all()
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = activities.map { a in
            let form = ProcessingActivityForm(a)
            return Row(id: a.id!.uuidString, name: a.name, active: a.isActive,
                       parts: ProcessingActivityForm.parts.dropFirst().map { Row.Part(label: req.t("processing.field.\($0)"), text: form[$0]) },
                       updated: formatter.date(a.updatedAt).combined)
        }
        try await req.audit("view", record: ("processing_activities", "list"))
        return try await req.render("privacy/processing", IndexView(
            page: PageContext(req, title: req.t("processing.title")), rows: rows,
            organization: try await req.organization().nameArabic,
            printedOn: formatter.date(req.now).combined))
    }

    struct FormView: Encodable { let page: PageContext; let action: String; let version: String; let alert: String?; let fields: [FormField] }

    func form(req: Request, activity: ProcessingActivity?, typed: ProcessingActivityForm, errors: FieldErrors, alert: String?,
              status: HTTPStatus) async throws -> Response {
        let action = activity.map { "/admin/processing/\($0.id!.uuidString)" } ?? "/admin/processing"
        return try await req.render("privacy/processing-form", FormView(
            page: PageContext(req, title: req.t(activity == nil ? "processing.new" : "processing.edit")), action: action, version: typed["version"],
            alert: alert, fields: typed.fields(req, errors: errors).prepared()
        )).encodeResponse(status: status, for: req)
    }

    func save(req: Request, activity: ProcessingActivity?) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = ProcessingActivityForm(request: req)
        let errors = typed.validate(req)
        guard errors.isEmpty else { return try await form(req: req, activity: activity, typed: typed, errors: errors, alert: nil, status: .unprocessableEntity) }
        guard let activity else {
            let made = ProcessingActivity()
            // Last in the record unless she gave its place.
            made.sortOrder = (try await ProcessingActivity.query(on: req.db).max(\.$sortOrder) ?? 0) + 1
            typed.apply(to: made)
            made.version = 1
            made.updatedBy = staff.userID
            made.updatedAt = req.now
            try await req.db.writeTransaction { db in
                try await made.create(on: db)
                try await req.audit("processing.created", record: ("processing_activity", try made.requireID().uuidString), detail: made.name, on: db)
            }
            return req.redirect(to: "/admin/processing?done=processingSaved")
        }
        let id = try activity.requireID()
        let expected = ArabicDigits.parseInt(typed["version"]) ?? -1
        let saved = try await req.db.writeTransaction { db -> Bool in
            guard let version = try await OptimisticLock.bump(ProcessingActivity.schema, id: id, expected: expected, on: db) else { return false }
            typed.apply(to: activity)
            activity.version = version
            activity.updatedBy = staff.userID
            activity.updatedAt = req.now
            try await activity.save(on: db)
            try await req.audit("processing.updated", record: ("processing_activity", id.uuidString),
                                detail: activity.isActive ? activity.name : "\(activity.name) (ended)", on: db)
            return true
        }
        guard saved else {
            // What she typed stays; the version becomes the current one, so saving again is a deliberate overwrite.
            var again = typed
            again.values["version"] = String(try await ProcessingActivity.find(id, on: req.db)?.version ?? expected)
            return try await form(req: req, activity: activity, typed: again, errors: [:], alert: req.t("processing.error.stale"), status: .conflict)
        }
        return req.redirect(to: "/admin/processing?done=processingSaved")
    }
}
