import Fluent
import LamasatCore
import Vapor

/// One opportunity as the coordinator sees it: its facts, the counts against its places, its assignments with what
/// she may do on each, and the suggested volunteers with the reasons of their rank. Never a beneficiary's name,
/// ID or phone: a delivery says only its district, time and what is taken.
enum OpportunityPage {
    struct Assignment: Encodable {
        let id: String; let volunteer: String; let number: String; let status: String; let statusCode: String; let when: String
        let note: String; let canConfirm: Bool; let canCancel: Bool
    }
    struct Suggestion: Encodable { let id: String; let name: String; let number: String; let reasons: String }
    struct Count: Encodable { let label: String; let value: Int }

    struct View: Encodable {
        let page: PageContext
        let id: String
        let number: String
        let title: String
        let status: String
        let statusCode: String
        let facts: [FactRow]
        let counts: [Count]
        let assignments: [Assignment]?
        let isPublished: Bool
        /// Published, or closed with assignments still open.
        let canCancel: Bool
        let suggested: [Suggestion]?
        let lacking: [Suggestion]?
        let unsigned: [Suggestion]?
        let busy: Int
        let cancelReason: [FormField]
        let error: String?
    }

    /// `opportunityID` when shown from a route that names another record (an assignment's).
    static func show(req: Request, errors: FieldErrors = [:], error: String? = nil, status: HTTPStatus = .ok, opportunityID: UUID? = nil) async throws -> Response {
        let opportunity = try await OpportunitiesController.load(req, id: opportunityID)
        let id = try opportunity.requireID()
        try await req.auditView("volunteer_opportunity", id: id.uuidString)
        let formatter = DualCalendarFormatter(language: req.language)
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$opportunityID == id).sort(\.$offeredAt).all()
        let people = try await Volunteer.query(on: req.db).filter(\.$id ~~ Set(assignments.map(\.volunteerID))).all()
            .reduce(into: [UUID: Volunteer]()) { $0[$1.id!] = $1 }
        let published = opportunity.status == .published
        // Only a published opportunity is offered, so only then are volunteers suggested.
        var match: VolunteerMatching.Result?
        if published { match = try await VolunteerCandidates.match(opportunity, now: req.now, on: req.db).0 }
        func suggestions(_ matches: [VolunteerMatching.Match]) -> [Suggestion]? {
            matches.map { Suggestion(id: $0.id.uuidString, name: $0.name, number: "", reasons: VolunteerCandidates.reasons($0, req: req)) }.nonEmpty
        }
        let skills = opportunity.skillList.map { req.t($0.localizationKey) }
        var facts = [
            FactRow(label: req.t("volunteer.opportunity.kind"), value: req.t(opportunity.kind.localizationKey), dir: nil),
            FactRow(label: req.t("volunteer.opportunity.when"),
                    value: VolunteerCandidates.list([formatter.date(opportunity.startsAt).combined,
                                                    "\u{2066}\(OpportunityForm.riyadhParts(opportunity.startsAt).time)–\(OpportunityForm.riyadhParts(opportunity.endsAt).time)\u{2069}"], req),
                    dir: nil),
            FactRow(label: req.t("volunteer.opportunity.district"), value: opportunity.district, dir: nil),
            FactRow(label: req.t("volunteer.opportunity.place"), value: opportunity.place.isEmpty ? "—" : opportunity.place, dir: nil),
            FactRow(label: req.t("volunteer.opportunity.slots"), value: String(opportunity.slots), dir: nil),
            FactRow(label: req.t("volunteer.opportunity.skills"), value: skills.isEmpty ? "—" : VolunteerCandidates.list(skills, req), dir: nil),
            FactRow(label: req.t("volunteer.opportunity.description"), value: opportunity.description.isEmpty ? "—" : opportunity.description, dir: nil),
        ]
        if opportunity.requestID != nil { facts.append(FactRow(label: req.t("volunteer.opportunity.forRequest"), value: req.t("volunteer.opportunity.forRequestNote"), dir: nil)) }
        let counts = [AssignmentStatus.offered, .accepted, .declined, .confirmed, .completed].map { s in
            Count(label: req.t(s.localizationKey), value: assignments.filter { $0.status == s }.count)
        }
        let view = View(
            page: PageContext(req, title: opportunity.title), id: id.uuidString, number: opportunity.number, title: opportunity.title,
            status: req.t(opportunity.status.localizationKey), statusCode: opportunity.status.rawValue, facts: facts, counts: counts,
            assignments: try assignments.map { a in
                let person = people[a.volunteerID]
                return Assignment(id: try a.requireID().uuidString, volunteer: person?.name ?? "—", number: person?.number ?? "",
                                  status: req.t(a.status.localizationKey), statusCode: a.status.rawValue,
                                  when: formatter.dateTime(a.closedAt ?? a.confirmedAt ?? a.respondedAt ?? a.offeredAt).combined, note: a.closeReason,
                                  canConfirm: a.status.canMove(to: .confirmed), canCancel: a.status.canMove(to: .cancelled))
            }.nonEmpty,
            isPublished: published, canCancel: published || (opportunity.status == .closed && assignments.contains { $0.status.isOpen }), suggested: suggestions(match?.ranked ?? []), lacking: suggestions(match?.lackingSkills ?? []),
            unsigned: suggestions(match?.mustSignFirst ?? []), busy: match?.busy ?? 0,
            cancelReason: [FormField(name: "reason", label: req.t("volunteer.opportunity.cancelReason"), value: req.formText("reason"),
                                     error: errors["reason"], required: true, maxlength: 300)].prepared(), error: error)
        return try await req.render("volunteers/opportunities/show", view).encodeResponse(status: status, for: req)
    }

    /// Offers it to each volunteer ticked; one refusal refuses them all, naming her and why.
    static func offer(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let opportunity = try await OpportunitiesController.load(req)
        let chosen = req.formTexts("volunteers").compactMap(UUID.init(uuidString:))
        guard !chosen.isEmpty else { return try await show(req: req, error: req.t("volunteer.assignment.chooseSomeone"), status: .unprocessableEntity) }
        // Only volunteers of the opportunity's branch exist here.
        let volunteers = try await Volunteer.query(on: req.db).filter(\.$id ~~ chosen).filter(\.$branchID == opportunity.branchID).all()
        guard volunteers.count == Set(chosen).count else { throw Abort(.notFound) }
        struct Refused: Error { let name: String; let refusal: VolunteerAssignments.Refusal }
        do {
            try await req.db.writeTransaction { db in
                for volunteer in volunteers {
                    switch try await VolunteerAssignments.offer(opportunity, to: volunteer, by: staff.userID, now: req.now,
                                                                publicURL: req.lamasat.config.publicURL, on: db) {
                    case .failure(let refusal): throw Refused(name: volunteer.name, refusal: refusal)
                    case .success(let assignment):
                        try await req.audit("volunteer.assignment.offered", record: ("volunteer_assignment", try assignment.requireID().uuidString),
                                            detail: "\(opportunity.number) \(volunteer.number)", on: db)
                    }
                }
            }
        } catch let refused as Refused {
            try await req.audit("volunteer.assignment.refused", record: ("volunteer_opportunity", try opportunity.requireID().uuidString),
                                outcome: .denied, detail: refused.refusal.rawValue)
            return try await show(req: req, error: req.t(refused.refusal.localizationKey, refused.name), status: .conflict)
        }
        return req.redirect(to: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)?done=volunteerOffered")
    }
}
