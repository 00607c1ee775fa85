import Fluent
import LamasatCore
import Vapor

/// Issue 17: the coordinator's opportunities — published with place, time, number of volunteers and skills, within
/// her branch. A delivery or a visit asked from a request names no beneficiary here: only the district, the time and
/// what is to be taken.
struct OpportunitiesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let list = routes.grouped("volunteers", "opportunities")
        list.get { try await self.index(req: $0) }.requires(.manageVolunteers)
        list.get("new") { try await self.form(req: $0, typed: OpportunityForm(), errors: [:], status: .ok) }.requires(.manageVolunteers)
        list.post { try await self.create(req: $0) }.requires(.manageVolunteers)
        let one = list.grouped(":opportunityID")
        one.get { try await OpportunityPage.show(req: $0) }.requires(.manageVolunteers)
        one.get("edit") { try await self.edit(req: $0) }.requires(.manageVolunteers)
        one.post("edit") { try await self.update(req: $0) }.requires(.manageVolunteers)
        one.post("close") { try await self.close(req: $0) }.requires(.manageVolunteers)
        one.post("cancel") { try await self.cancel(req: $0) }.requires(.manageVolunteers)
        one.post("offer") { try await OpportunityPage.offer(req: $0) }.requires(.manageVolunteers)
    }

    struct Row: Encodable {
        let id: String; let number: String; let title: String; let kind: String; let status: String; let statusCode: String
        let when: String; let district: String; let filled: String
    }

    struct IndexView: Encodable {
        let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let kind = OpportunityKind(rawValue: req.query[String.self, at: "kind"] ?? "")
        let status = OpportunityStatus(rawValue: req.query[String.self, at: "status"] ?? "")
        let when = req.query[String.self, at: "when"] ?? ""
        let search = String((req.query[String.self, at: "q"] ?? "").trimmingWhitespace().prefix(100))
        let query = VolunteerOpportunity.query(on: req.db).withinReach(of: staff, \.$branchID)
        if let kind { query.filter(\.$kind == kind) }
        if let status { query.filter(\.$status == status) }
        if when == "upcoming" { query.filter(\.$endsAt >= req.now).sort(\.$startsAt) }
        else if when == "past" { query.filter(\.$endsAt < req.now).sort(\.$startsAt, .descending) }
        else { query.sort(\.$startsAt, .descending) }
        if !search.isEmpty { query.group(.or) { $0.filter(\.$title ~~ search).filter(\.$number ~~ search.uppercased()) } }
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        let taken = try await VolunteerAssignment.query(on: req.db).filter(\.$opportunityID ~~ items.compactMap(\.id))
            .filter(\.$status ~~ [.accepted, .confirmed, .completed]).all()
        let formatter = DualCalendarFormatter(language: req.language)
        let filters = [
            FormField.search(req, value: search, hint: req.t("volunteer.opportunity.searchHint")),
            FormField.filter(req, name: "kind", label: req.t("volunteer.opportunity.kind"), selected: kind?.rawValue ?? "",
                             choices: OpportunityKind.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "status", label: req.t("request.status"), selected: status?.rawValue ?? "",
                             choices: OpportunityStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "when", label: req.t("volunteer.opportunity.when"), selected: when,
                             choices: [("upcoming", req.t("volunteer.opportunity.upcoming")), ("past", req.t("volunteer.opportunity.past"))]),
        ].prepared()
        return try await req.render("volunteers/opportunities/index", IndexView(
            page: PageContext(req, title: req.t("nav.volunteerOpportunities")), filters: filters,
            rows: try items.map { o in
                Row(id: try o.requireID().uuidString, number: o.number, title: o.title, kind: req.t(o.kind.localizationKey), status: req.t(o.status.localizationKey),
                    statusCode: o.status.rawValue, when: formatter.dateTime(o.startsAt).combined, district: o.district,
                    filled: "\(taken.filter { $0.opportunityID == o.id }.count)/\(o.slots)")
            }.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/volunteers/opportunities",
                           filters: ["kind": kind?.rawValue ?? "", "status": status?.rawValue ?? "", "when": when, "q": search])))
    }

    struct FormView: Encodable { let page: PageContext; let action: String; let back: String; let fields: [FormField] }

    func form(req: Request, typed: OpportunityForm, errors: FieldErrors, status: HTTPStatus, opportunity: VolunteerOpportunity? = nil) async throws -> Response {
        let staff = try req.requireStaff()
        var fields = typed.fields(req, errors: errors, kinds: opportunity?.requestID == nil ? OpportunityKind.allCases : [])
        // Staff over several branches say whose opportunity it is; the others publish for their own.
        if opportunity == nil, staff.ownBranchOnly == nil {
            let branches = try await req.formBranches()
            let chosen = req.formText("branch").isEmpty ? staff.user.$branch.id.uuidString : req.formText("branch")
            fields.insert(FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
                                    options: FormField.Option.records(branches, selected: chosen) { $0.name(in: req.language) }), at: 0)
        }
        let path = try opportunity.map { "/volunteers/opportunities/\(try $0.requireID().uuidString)" }
        return try await req.render("volunteers/opportunities/form", FormView(
            page: PageContext(req, title: req.t(opportunity == nil ? "volunteer.opportunity.new" : "volunteer.opportunity.edit")),
            action: path.map { "\($0)/edit" } ?? "/volunteers/opportunities", back: path ?? "/volunteers/opportunities", fields: fields.prepared()))
            .encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = OpportunityForm(request: req)
        let (valid, invalid) = typed.validate(req, isNew: true)
        var errors = invalid
        var branch = staff.ownBranchOnly
        if branch == nil {
            branch = try await req.formBranches().first { $0.id?.uuidString == req.formText("branch") }?.id
            if branch == nil { errors["branch"] = req.t("validation.choose") }
        }
        guard errors.isEmpty, let valid, let branch else { return try await form(req: req, typed: typed, errors: errors, status: .unprocessableEntity) }
        let opportunity = try await Self.publish(typed, valid, branch: branch, requestID: nil, by: staff.userID, req: req)
        return req.redirect(to: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)?done=volunteerOpportunitySaved")
    }

    /// Creates and audits a published opportunity (from this form or from a request's page).
    static func publish(_ typed: OpportunityForm, _ valid: OpportunityForm.Valid, branch: UUID, requestID: UUID?, by staff: UUID, req: Request) async throws -> VolunteerOpportunity {
        let opportunity = VolunteerOpportunity()
        typed.apply(valid, to: opportunity)
        opportunity.branchID = branch
        opportunity.requestID = requestID
        opportunity.status = .published
        opportunity.createdBy = staff
        opportunity.createdAt = req.now
        try await req.db.writeTransaction { db in
            opportunity.number = ReferenceNumber("VO", sequence: try await Counters.next("volunteer_opportunity", on: db), at: req.now).description
            try await opportunity.create(on: db)
            try await req.audit("volunteer.opportunity.created", record: ("volunteer_opportunity", try opportunity.requireID().uuidString),
                                detail: "\(valid.kind.rawValue) \(opportunity.number)", on: db)
        }
        return opportunity
    }

    static func load(_ req: Request, id: UUID? = nil) async throws -> VolunteerOpportunity {
        try await req.scoped(VolunteerOpportunity.self, id: id?.uuidString ?? req.parameters.get("opportunityID"), branch: \.$branchID)
    }

    func edit(req: Request) async throws -> Response {
        let opportunity = try await Self.load(req)
        guard opportunity.status == .published else { throw Abort(.conflict) }
        return try await form(req: req, typed: OpportunityForm(opportunity), errors: [:], status: .ok, opportunity: opportunity)
    }

    func update(req: Request) async throws -> Response {
        let opportunity = try await Self.load(req)
        guard opportunity.status == .published else { throw Abort(.conflict) }
        let typed = OpportunityForm(request: req)
        let (valid, invalid) = typed.validate(req, isNew: false, fixedKind: opportunity.requestID == nil ? nil : opportunity.kind)
        var errors = invalid
        // Fewer places than volunteers already taken would drop someone silently.
        let taken = try await VolunteerAssignments.taken(opportunity.requireID(), on: req.db)
        if let valid, valid.slots < taken { errors["slots"] = req.t("volunteer.opportunity.error.belowTaken", String(taken)) }
        guard errors.isEmpty, let valid else { return try await form(req: req, typed: typed, errors: errors, status: .unprocessableEntity, opportunity: opportunity) }
        typed.apply(valid, to: opportunity)
        return try await saved(opportunity, "updated", req: req)
    }

    /// Saves and audits one change, then back to its page.
    private func saved(_ opportunity: VolunteerOpportunity, _ change: String, req: Request) async throws -> Response {
        try await req.db.writeTransaction { db in
            try await opportunity.save(on: db)
            try await req.audit("volunteer.opportunity.\(change)", record: ("volunteer_opportunity", try opportunity.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)?done=volunteerOpportunitySaved")
    }

    /// No more offers; those already given stay as they are.
    func close(req: Request) async throws -> Response {
        let opportunity = try await Self.load(req)
        guard opportunity.status == .published else { throw Abort(.conflict) }
        opportunity.status = .closed
        return try await saved(opportunity, "closed", req: req)
    }

    /// Called off: every open assignment is cancelled with the reason, and each volunteer is told by SMS.
    func cancel(req: Request) async throws -> Response {
        let opportunity = try await Self.load(req)
        let reason = String(req.formText("reason").prefix(300))
        let stillOpen = try await VolunteerAssignment.query(on: req.db).filter(\.$opportunityID == opportunity.requireID()).all().contains { $0.status.isOpen }
        guard opportunity.status == .published || (opportunity.status == .closed && stillOpen) else { throw Abort(.conflict) }
        guard !reason.isEmpty else { return try await OpportunityPage.show(req: req, errors: ["reason": req.t("validation.required")], status: .unprocessableEntity) }
        opportunity.status = .cancelled
        try await req.db.writeTransaction { db in
            try await opportunity.save(on: db)
            var told = 0
            for assignment in try await VolunteerAssignment.query(on: db).filter(\.$opportunityID == opportunity.requireID()).all() where assignment.status.isOpen {
                if try await VolunteerAssignments.cancel(assignment, of: opportunity, reason: reason, now: req.now, on: db) { told += 1 }
            }
            try await req.audit("volunteer.opportunity.cancelled", record: ("volunteer_opportunity", try opportunity.requireID().uuidString),
                                detail: "\(told) assignments: \(reason)", on: db)
        }
        return req.redirect(to: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)?done=volunteerOpportunitySaved")
    }
}
