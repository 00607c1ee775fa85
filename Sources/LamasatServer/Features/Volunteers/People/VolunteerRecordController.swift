import Fluent
import LamasatCore
import SQLKit
import Vapor

/// A volunteer's record: entered by the coordinator, or made from an application from the website; edits guarded by
/// the record's version, every change audited by field name (never the ID's value).
struct VolunteerRecordController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let volunteers = routes.grouped("volunteers")
        volunteers.get("new") { try await self.render($0, VolunteerRecordForm(), target: .new, errors: [:]) }.requires(.manageVolunteers)
        volunteers.post("new") { try await self.save(req: $0, target: .new) }.requires(.manageVolunteers)
        volunteers.get(":volunteerID") { try await VolunteerRecordPage.render($0, try await Self.volunteer($0)) }.requires(.manageVolunteers)
        volunteers.get(":volunteerID", "edit") { req async throws -> Response in
            let volunteer = try await Self.volunteer(req)
            return try await self.render(req, VolunteerRecordForm(volunteer), target: .edit(volunteer), errors: [:])
        }.requires(.manageVolunteers)
        volunteers.post(":volunteerID", "edit") { try await self.save(req: $0, target: .edit(try await Self.volunteer($0))) }.requires(.manageVolunteers)
        let application = volunteers.grouped("applications", ":applicationID", "accept")
        application.get { try await self.accept(req: $0) }.requires(.manageVolunteers)
        application.post { req async throws -> Response in
            let item = try await Self.application(req)
            if let linked = try await Self.linkedRecord(item, on: req.db) { return req.redirect(to: "/volunteers/\(try linked.requireID().uuidString)") }
            return try await self.save(req: req, target: .accept(item))
        }.requires(.manageVolunteers)
    }

    enum Target {
        case new
        case edit(Volunteer)
        case accept(VolunteerApplication)
    }

    static func volunteer(_ req: Request) async throws -> Volunteer {
        try await req.scoped(Volunteer.self, id: req.parameters.get("volunteerID"), branch: \.$branchID)
    }

    static func application(_ req: Request) async throws -> VolunteerApplication {
        try await req.scoped(VolunteerApplication.self, id: req.parameters.get("applicationID"), branch: \.$branchID)
    }

    /// The record an application already became, if any.
    static func linkedRecord(_ item: VolunteerApplication, on db: any Database) async throws -> Volunteer? {
        try await Volunteer.query(on: db).filter(\.$applicationID == item.requireID()).first()
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let back: String
        let version: String?
        let alert: String?
        let hint: String?
        let sections: [VolunteerRecordForm.Section]
        let grid: [VolunteerRecordForm.GridRow]
        let gridParts: [String]
        let gridError: String?
        let districtSuggestions: [String]
    }

    func render(_ req: Request, _ form: VolunteerRecordForm, target: Target, errors: FieldErrors, alert: String? = nil,
                status: HTTPStatus = .ok) async throws -> Response {
        let branches = try await req.formBranches()
        var (title, action, back, hint, version) = (req.t("volunteer.record.newTitle"), "/volunteers/new", "/volunteers", String?.none, String?.none)
        switch target {
        case .new: break
        case .edit(let v):
            let id = try v.requireID().uuidString
            (title, action, back, version) = (req.t("volunteer.record.editTitle", v.name), "/volunteers/\(id)/edit", "/volunteers/\(id)", form["version"])
        case .accept(let a):
            (title, action, back) = (req.t("volunteer.record.acceptTitle", a.name), "/volunteers/applications/\(try a.requireID().uuidString)/accept",
                                     "/volunteers/applications")
            hint = req.t("volunteer.record.applicationSkills", a.skills)
        }
        return try await req.render("volunteers/record-form", FormView(
            page: PageContext(req, title: title), action: action, back: back, version: version, alert: alert, hint: hint,
            sections: form.sections(req, branches: branches, errors: errors), grid: form.grid(req),
            gridParts: AvailabilitySlot.Part.allCases.map { req.t("volunteer.part.\($0.rawValue)") }, gridError: errors["slots[]"],
            districtSuggestions: try await Self.districtSuggestions(req, branches: branches)
        )).encodeResponse(status: status, for: req)
    }

    /// Districts already known in the branches within reach: of her colleagues, and of the demo files' addresses
    /// (names of districts only, never whose).
    static func districtSuggestions(_ req: Request, branches: [Branch]) async throws -> [String] {
        let ids = branches.compactMap(\.id)
        var names = Set<String>()
        for v in try await Volunteer.query(on: req.db).filter(\.$branchID ~~ ids).field(\.$districts).all() { names.formUnion(v.districtList) }
        struct Row: Decodable { let address_district: String }
        for id in ids.prefix(20) {
            let rows = try await req.db.sql.raw("""
                SELECT DISTINCT address_district FROM beneficiaries WHERE branch_id = \(bind: id) AND address_district <> '' LIMIT 100
                """).all(decoding: Row.self)
            names.formUnion(rows.map(\.address_district))
        }
        return names.sorted()
    }

    func accept(req: Request) async throws -> Response {
        let item = try await Self.application(req)
        if let linked = try await Self.linkedRecord(item, on: req.db) {
            return req.redirect(to: "/volunteers/\(try linked.requireID().uuidString)")
        }
        return try await render(req, VolunteerRecordForm(item), target: .accept(item), errors: [:])
    }

    func save(req: Request, target: Target) async throws -> Response {
        let staff = try req.requireStaff()
        var form = VolunteerRecordForm(request: req)
        let (valid, errors) = form.validate(req, branches: try await req.formBranches())
        guard let valid else { return try await render(req, form, target: target, errors: errors, status: .unprocessableEntity) }
        var existingID: UUID?
        if case .edit(let v) = target { existingID = v.id }
        if let other = try await Volunteer.query(on: req.db).filter(\.$nationalID == valid.nationalID.value).first(), other.id != existingID {
            return try await render(req, form, target: target, errors: ["nationalID": req.t("volunteer.record.error.duplicateID", other.number)],
                                    status: .unprocessableEntity)
        }
        switch target {
        case .edit(let volunteer):
            let id = try volunteer.requireID()
            let before = VolunteerRecordForm.stored(volunteer)
            let expected = ArabicDigits.parseInt(form["version"]) ?? -1
            struct Bumped: Decodable { let version: Int }
            let typed = form
            let saved = try await req.db.writeTransaction { db -> Bool in
                // Compare-and-swap on the version: a second editor holding an older version changes nothing.
                guard let bumped = try await db.sql.raw("""
                    UPDATE volunteers SET version = version + 1 WHERE id = \(bind: id) AND version = \(bind: expected) RETURNING version
                    """).first(decoding: Bumped.self) else { return false }
                try typed.apply(valid, to: volunteer)
                volunteer.version = bumped.version
                volunteer.updatedAt = req.now
                try await volunteer.save(on: db)
                let after = VolunteerRecordForm.stored(volunteer)
                let changed = before.keys.sorted().filter { before[$0] != after[$0] }
                try await req.audit("volunteer.updated", record: ("volunteer", id.uuidString), detail: changed.joined(separator: ","), on: db)
                return true
            }
            guard saved else {
                // What she typed stays; the version becomes the current one, so saving again is a deliberate overwrite.
                let current = try await Volunteer.find(id, on: req.db)
                form["version"] = String(current?.version ?? expected)
                try await req.audit("volunteer.editConflict", record: ("volunteer", id.uuidString), outcome: .failure)
                return try await render(req, form, target: target, errors: [:], alert: req.t("volunteer.record.error.stale"), status: .conflict)
            }
            return req.redirect(to: "/volunteers/\(id.uuidString)?done=volunteerSaved")
        case .new, .accept:
            var accepted: VolunteerApplication?
            if case .accept(let a) = target { accepted = a }
            let application = accepted
            let volunteer = Volunteer()
            try form.apply(valid, to: volunteer)
            volunteer.status = .active
            volunteer.statusReason = ""
            volunteer.applicationID = application?.id
            volunteer.createdBy = staff.userID
            volunteer.createdAt = req.now
            volunteer.updatedAt = req.now
            volunteer.version = 1
            do {
                try await req.db.writeTransaction { db in
                    volunteer.number = ReferenceNumber("V", sequence: try await Counters.next("volunteer", on: db), at: req.now).description
                    try await volunteer.create(on: db)
                    let fields = VolunteerRecordForm.stored(volunteer).filter { !$0.value.isEmpty }.keys.sorted()
                    try await req.audit("volunteer.created", record: ("volunteer", try volunteer.requireID().uuidString),
                                        detail: fields.joined(separator: ","), on: db)
                    if let application {
                        application.status = .accepted
                        application.handledBy = staff.userID
                        application.handledAt = req.now
                        try await application.save(on: db)
                        try await req.audit("volunteer.accepted", record: ("volunteer_application", try application.requireID().uuidString),
                                            detail: volunteer.number, on: db)
                    }
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two saves of one person at once: the unique national ID refuses the second.
                return try await render(req, form, target: target, errors: ["nationalID": req.t("volunteer.record.error.duplicateID", "—")],
                                        status: .unprocessableEntity)
            }
            return req.redirect(to: "/volunteers/\(try volunteer.requireID().uuidString)?done=volunteerSaved")
        }
    }
}
