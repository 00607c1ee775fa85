import Fluent
import LamasatCore
import SQLKit
import Vapor

/// One file: its page with tabs, editing guarded by the file's version, and changes of status.
struct BeneficiaryFileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let file = routes.grouped("beneficiaries", ":beneficiaryID")
        file.get { try await self.show(req: $0) }.requires(.viewBeneficiaries)
        file.get("edit") { try await self.edit(req: $0) }.requires(.editBeneficiaries)
        file.post("edit") { try await self.update(req: $0) }.requires(.editBeneficiaries)
        file.post("status") { try await self.changeStatus(req: $0) }.requires(.editBeneficiaries)
    }

    // MARK: Edit with optimistic locking

    struct ConflictView: Encodable {
        struct Difference: Encodable {
            let label: String
            let theirs: String
            let yours: String
        }

        let page: PageContext
        let id: String
        let differences: [Difference]
        let updatedBy: String
    }

    func edit(req: Request) async throws -> View {
        let file = try await req.reachableBeneficiary()
        return try await renderForm(req, file, BeneficiaryForm(file), errors: [:])
    }

    private func renderForm(_ req: Request, _ file: Beneficiary, _ form: BeneficiaryForm, errors: FieldErrors) async throws -> View {
        let categories = try await req.formCategories(including: file.$category.id)
        let branches = try await req.formBranches()
        return try await req.render("beneficiaries/form", BeneficiariesController.FormView(
            page: PageContext(req, title: req.t("beneficiary.editTitle", file.name.full)),
            action: "/beneficiaries/\(try file.requireID().uuidString)/edit",
            sections: form.sections(req, categories: categories, branches: branches, errors: errors, isNew: false),
            similar: nil, duplicateStop: nil, duplicateLink: nil, notDuplicate: [], version: form["version"]))
    }

    func update(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        var form = BeneficiaryForm(request: req)
        form["consentMethod"] = file.consentMethod.rawValue
        let (valid, errors) = form.validate(req, categories: try await req.formCategories(including: file.$category.id),
                                            branches: try await req.formBranches(), isNew: false)
        guard let valid else {
            return try await renderForm(req, file, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        if valid.nationalID.value != file.nationalID,
           try await Beneficiary.query(on: req.db).filter(\.$nationalID == valid.nationalID.value).first() != nil {
            return try await renderForm(req, file, form, errors: ["nationalID": req.t("beneficiary.duplicate.nationalID")])
                .encodeResponse(status: .conflict, for: req)
        }
        let moving = valid.branch.id != file.$branch.id
        if moving, try await FileBranchMove.blocked(file: try file.requireID(), parts: req.application.fileParts.all, on: req.db) {
            return try await Self.refusedMove(req, file, form)
        }
        let expected = ArabicDigits.parseInt(form["version"]) ?? -1
        let saved: Bool
        do {
            saved = try await Self.saveEdit(file, valid, expectedVersion: expected, req: req)
        } catch is FileBranchMove.Blocked {
            return try await Self.refusedMove(req, file, form)
        }
        guard saved else { return try await conflict(req, try file.requireID(), form) }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?done=beneficiaryUpdated")
    }

    /// Saves an edit checked by the form (the page and the API): compare-and-swap on the version the editor read,
    /// which it increments; false when someone saved in between. Throws `FileBranchMove.Blocked` for a refused move.
    static func saveEdit(_ file: Beneficiary, _ valid: BeneficiaryForm.Valid, expectedVersion expected: Int, req: Request) async throws -> Bool {
        let staff = try req.requireStaff()
        struct Bumped: Decodable { let version: Int }
        return try await req.db.writeTransaction { db in
            // Compare-and-swap on the version: a second editor holding an older version changes nothing.
            guard let bumped = try await db.sql.raw("""
                UPDATE beneficiaries SET version = version + 1 WHERE id = \(bind: try file.requireID()) AND version = \(bind: expected)
                RETURNING version
                """).first(decoding: Bumped.self)
            else { return false }
            // What other features derive from her file (counts by category and branch) changes with it.
            try await req.application.fileParts.all.aroundFileEdit(try file.requireID(), on: db) {
                let changed = try Self.changedFields(file, valid)
                let previousBranch = file.$branch.id
                try file.apply(valid)
                file.version = bumped.version
                file.updatedAt = req.now
                file.updatedBy = staff.userID
                try await file.save(on: db)
                try await BeneficiaryRegistry.indexName(file, on: db)
                try await req.audit("beneficiary.updated", record: ("beneficiary", try file.requireID().uuidString),
                                    detail: changed.joined(separator: ","), on: db)
                if previousBranch != file.$branch.id {
                    // Checked again inside the transaction: a request put on an agenda meanwhile keeps the file.
                    if try await FileBranchMove.blocked(file: try file.requireID(), parts: req.application.fileParts.all, on: db) { throw FileBranchMove.Blocked() }
                    let moved = try await FileBranchMove.rehome(file: try file.requireID(), to: file.$branch.id, parts: req.application.fileParts.all, on: db)
                    try await req.audit("beneficiary.rehomed", record: ("beneficiary", try file.requireID().uuidString),
                                        detail: moved.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "), on: db)
                }
            }
            return true
        }
    }

    private static func refusedMove(_ req: Request, _ file: Beneficiary, _ form: BeneficiaryForm) async throws -> Response {
        try await BeneficiaryFileController().renderForm(req, file, form, errors: ["branch": req.t("beneficiary.moveInCommittee")])
            .encodeResponse(status: .conflict, for: req)
    }

    /// The names (never the values) of the fields an edit changes, for the audit trail.
    static func changedFields(_ file: Beneficiary, _ valid: BeneficiaryForm.Valid) throws -> [String] {
        let before = BeneficiaryForm(file)
        let probe = Beneficiary()
        try probe.apply(valid)
        probe.$category.id = try valid.category.requireID()
        probe.version = file.version
        probe.consentMethod = file.consentMethod
        probe.consentGiven = file.consentGiven
        let after = BeneficiaryForm(probe)
        return BeneficiaryForm.textFields.filter { $0 != "version" && $0 != "birthCalendar" && before[$0] != after[$0] }
    }

    private func conflict(_ req: Request, _ id: UUID, _ yours: BeneficiaryForm) async throws -> Response {
        guard let current = try await Beneficiary.query(on: req.db).filter(\.$id == id).first() else { throw Abort(.notFound) }
        let theirs = BeneficiaryForm(current)
        let editor = try await StaffUser.find(current.updatedBy, on: req.db)
        let differences = BeneficiaryForm.textFields.filter { !["version", "birthCalendar", "consentMethod"].contains($0) }
            .compactMap { name -> ConflictView.Difference? in
                let mine = name == "birthDate" ? ((try? CalendarDay(birth: yours[name], calendar: CalendarDay.Calendar(rawValue: yours["birthCalendar"]) ?? .gregorian, today: req.now))?.description ?? yours[name]) : yours[name]
                guard mine != theirs[name] else { return nil }
                return ConflictView.Difference(label: req.t("beneficiary.field.\(name)"), theirs: theirs[name], yours: mine)
            }
        try await req.audit("beneficiary.editConflict", record: ("beneficiary", id.uuidString), outcome: .failure)
        return try await req.render("beneficiaries/conflict", ConflictView(
            page: PageContext(req, title: req.t("beneficiary.conflict.title")), id: id.uuidString, differences: differences,
            updatedBy: editor?.fullName ?? "—"
        )).encodeResponse(status: .conflict, for: req)
    }

    // MARK: Status

    func changeStatus(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let form = FileStatusForm(request: req)
        let complete = try await req.application.fileParts.requirementsMet(file, today: req.now, on: req.db)
        let (valid, errors) = form.validate(req, from: file.status, requirementsComplete: file.consentGiven && complete)
        guard let target = valid else {
            return try await render(req, file: file, statusForm: (form, errors), status: .unprocessableEntity)
        }
        let reason = form.reason
        let from = file.status
        try await req.db.writeTransaction { db in
            file.status = target
            file.statusReason = reason
            file.version += 1
            file.updatedAt = req.now
            file.updatedBy = try req.requireStaff().userID
            try await file.save(on: db)
            try await req.audit("beneficiary.status", record: ("beneficiary", try file.requireID().uuidString),
                                detail: "\(from.rawValue)→\(target.rawValue)", on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?done=statusChanged")
    }
}
