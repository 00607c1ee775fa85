import Fluent
import LamasatCore
import Vapor

/// What staff do to a complaint. Each action records an event and an audit entry; a refused one changes nothing.
enum ComplaintActions {
    static func back(_ complaint: Complaint, _ notice: String) throws -> String { "/complaints/\(try complaint.requireID().uuidString)?done=\(notice)" }

    /// Who may own a complaint: staff who handle complaints in its branch; for a confidential one or one about a
    /// colleague, managers only — and never the colleague it is about.
    static func assignable(_ complaint: Complaint, on db: any Database) async throws -> [StaffUser] {
        try await StaffUser.query(on: db).filter(\.$isActive == true).sort(\.$fullName).all().filter { user in
            let viewer = try user.requireID()
            return user.can(.handleComplaints) && user.scope.permits(recordBranch: complaint.branchID, userBranch: user.$branch.id)
                && ComplaintVisibility.visible(confidential: complaint.isConfidential, aboutStaff: complaint.aboutStaffID, viewer: viewer,
                                               viewerIsManager: user.can(.viewConfidentialComplaints))
        }
    }

    static func record(_ complaint: Complaint, _ action: String, note: String, req: Request,
                       also: (@Sendable (any Database) async throws -> Void)? = nil) async throws {
        try await req.db.writeTransaction { db in try await record(complaint, action, note: note, req: req, on: db, also: also) }
    }

    /// The same, in the caller's transaction.
    static func record(_ complaint: Complaint, _ action: String, note: String, req: Request, on db: any Database,
                       also: (@Sendable (any Database) async throws -> Void)? = nil) async throws {
        let staff = try req.requireStaff()
        try await complaint.save(on: db)
        try await also?(db)
        try await ComplaintEvent(complaintID: try complaint.requireID(), action: action, note: String(note.prefix(2000)), actorID: staff.userID, at: req.now).create(on: db)
        try await req.audit("complaint.\(action)", record: ("complaint", try complaint.requireID().uuidString), detail: complaint.number, on: db)
    }

    static func assign(req: Request) async throws -> Response {
        let complaint = try await req.reachableComplaint()
        guard complaint.status != .closed else { return try await ComplaintPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        let (owner, errors) = ComplaintOwnerForm(request: req).validate(req, among: try await assignable(complaint, on: req.db))
        guard let owner else { return try await ComplaintPage.show(req: req, errors: errors, status: .unprocessableEntity) }
        complaint.assignedTo = owner.id
        let (actor, now) = (try req.requireStaff().userID, req.now)
        try await record(complaint, "assigned", note: owner.fullName, req: req) { db in try await CaseNotices.assigned(complaint, actor: actor, now: now, on: db) }
        return req.redirect(to: try back(complaint, "complaintAssigned"))
    }

    static func move(req: Request, _ action: ComplaintStatus.Action) async throws -> Response {
        let complaint = try await req.reachableComplaint()
        guard let next = complaint.status.applying(action) else {
            return try await ComplaintPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict)
        }
        let (text, errors) = TextBoxForm(.complaint(action, req), request: req).validate(req, error: req.t("complaint.error.\(action.rawValue)"))
        guard let text else { return try await ComplaintPage.show(req: req, errors: errors, status: .unprocessableEntity) }
        let from = complaint.status
        switch action {
        case .respond:
            complaint.response = text
            complaint.respondedAt = req.now
        case .close:
            complaint.acknowledgement = text
            complaint.closedAt = req.now
        case .reopen:
            complaint.closedAt = nil
            complaint.escalatedAt = nil
            let calendar = try await Holiday.calendar(on: req.db)
            complaint.dueAt = calendar.due(after: req.now, workingDays: complaint.category.targetDays)
        }
        complaint.status = next
        // Compare-and-set on the status, so a second click or a colleague's action cannot apply twice.
        let complaintID = try complaint.requireID()
        guard try await Complaint.query(on: req.db).filter(\.$id == complaintID).filter(\.$status == from).count() == 1 else {
            return try await ComplaintPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict)
        }
        // [P-9] A closed complaint of hers asks how it was handled — but not a confidential one or one about a colleague,
        // whose number would then show on her file to staff who may not see it.
        let askable = action == .close && complaint.kind == .complaint && !complaint.isConfidential && complaint.aboutStaffID == nil
        let invitation: SurveyInvitations.Service? = askable ? try complaint.beneficiaryID.map {
            .init(source: .complaint, sourceID: try complaint.requireID(), reference: complaint.number, beneficiaryID: $0, branchID: complaint.branchID,
                  serviceType: "complaint", channel: complaint.channel, staffID: complaint.assignedTo)
        } : nil
        let now = req.now, baseURL = req.lamasat.config.publicURL
        let also: @Sendable (any Database) async throws -> Void = { db in
            if let invitation { try await SurveyInvitations.invite(invitation, now: now, baseURL: baseURL, on: db) }
        }
        // A response and a closing tell her (a preview first); her acknowledgement on closing is a note for staff,
        // so the closing message says only that it is closed and how to reply.
        if action == .respond || action == .close {
            return try await CaseAnswerFlow.run(
                req: req, try CaseAnswer.Case(complaint), action == .respond ? .answer : .close, text: action == .respond ? text : "",
                fields: [TextBoxForm.Box.complaint(action, req).name], back: "/complaints/\(complaintID.uuidString)",
                show: { try await ComplaintPage.show(req: req, error: $0, errors: $1, status: $2) },
                change: { db in
                    // Write first, and only from the status this page showed.
                    let claimed = try await db.sql.raw("""
                        UPDATE complaints SET status = \(bind: next.rawValue) WHERE id = \(bind: complaintID) AND status = \(bind: from.rawValue) RETURNING id
                        """).all()
                    guard !claimed.isEmpty else { return false }
                    try await record(complaint, action.rawValue, note: text, req: req, on: db, also: also)
                    return true
                })
        }
        try await record(complaint, action.rawValue, note: text, req: req, also: also)
        return req.redirect(to: try back(complaint, "complaint" + action.rawValue.prefix(1).uppercased() + action.rawValue.dropFirst()))
    }

    /// Asks her for more information: an event, no change of status, and the question sent to her.
    static func ask(req: Request) async throws -> Response {
        let complaint = try await req.reachableComplaint()
        guard complaint.status != .closed else { return try await ComplaintPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        return try await CaseAnswerFlow.ask(req: req, try CaseAnswer.Case(complaint), back: "/complaints/\(try complaint.requireID().uuidString)",
                                            show: { try await ComplaintPage.show(req: req, error: $0, errors: $1, status: $2) }) { db, question in
            try await record(complaint, "asked", note: question, req: req, on: db)
        }
    }

    static func escalate(req: Request) async throws -> Response {
        let complaint = try await req.reachableComplaint()
        guard complaint.status != .closed, complaint.escalatedAt == nil else {
            return try await ComplaintPage.show(req: req, error: req.t("case.error.notNow"), status: .conflict)
        }
        // The reason is optional and the event note is cut to length: nothing to refuse.
        let reason = TextBoxForm(.escalation(req), request: req).text
        complaint.escalatedAt = req.now
        let actor = try req.requireStaff().userID
        try await record(complaint, "escalated", note: reason, req: req) { db in try await CaseNotices.escalated(complaint, actor: actor, on: db) }
        return req.redirect(to: try back(complaint, "complaintEscalated"))
    }

    /// [P-15] A suggestion the association adopted, and what changed because of it.
    static func adopt(req: Request) async throws -> Response {
        let complaint = try await req.reachableComplaint()
        // Only a suggestion is adopted; a complaint's page has no box to name the error on.
        guard complaint.kind == .suggestion else { return try await ComplaintPage.show(req: req, error: req.t("complaint.error.adopt"), status: .unprocessableEntity) }
        let (change, errors) = TextBoxForm(.adoption(req), request: req).validate(req, error: req.t("complaint.error.adopt"))
        guard let change else { return try await ComplaintPage.show(req: req, errors: errors, status: .unprocessableEntity) }
        complaint.isAdopted = true
        complaint.adoptedChange = change
        try await record(complaint, "adopted", note: change, req: req)
        return req.redirect(to: try back(complaint, "complaintAdopted"))
    }

    static func attachment(req: Request) async throws -> Response {
        let complaint = try await req.reachableComplaint()
        return try await CaseAttachments.download(.complaint, try complaint.requireID(), number: complaint.number, req: req)
    }
}
