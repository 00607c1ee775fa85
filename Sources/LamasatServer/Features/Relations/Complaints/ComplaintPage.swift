import Fluent
import LamasatCore
import Vapor

/// One complaint or suggestion: its facts and clock, its history, and the forms for the next step.
enum ComplaintPage {
    struct Event: Encodable { let time: String; let label: String; let actor: String; let note: String }
    struct View: Encodable {
        let page: PageContext
        let id: String
        let number: String
        let status: String
        let statusCode: String
        let confidential: Bool
        let escalated: Bool
        let overdue: Bool
        let facts: [FactRow]
        let description: String
        let response: String?
        let attachments: [CaseAttachments.Link]?
        let events: [Event]
        /// The forms for the next steps, each nil when it does not apply now.
        let owner: [FormField]?
        let respond: [FormField]?
        let close: [FormField]?
        let reopen: [FormField]?
        let escalate: [FormField]?
        let adopt: [FormField]?
        let adopted: String?
        let library: [LibraryLink]?
        let error: String?
        /// Her conversation, and the box to ask her for more (open cases only).
        let thread: [CaseConversation.Line]?
        let askBox: [FormField]?
        let askAction: String
        let replyWaiting: Bool
    }

    static func show(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus = .ok) async throws -> Response {
        let staff = try req.requireStaff()
        let c = try await req.reachableComplaint()
        let complaintID = try c.requireID()
        try await req.auditView("complaint", id: complaintID.uuidString)
        let formatter = DualCalendarFormatter(language: req.language)
        let events = try await ComplaintEvent.query(on: req.db).filter(\.$complaintID == complaintID).sort(\.$at).all()
        let ids = Set(events.compactMap(\.actorID) + [c.assignedTo, c.aboutStaffID, c.createdBy].compactMap { $0 })
        let names = try await StaffUser.names(Set(ids), on: req.db)
        let attachments = try await CaseAttachments.links(.complaint, complaintID, on: req.db)
        var facts = [
            FactRow(label: req.t("complaint.kind"), value: req.t(c.kind.localizationKey), dir: nil),
            FactRow(label: req.t("case.contactName"), value: c.contactName, dir: nil),
            FactRow(label: req.t("case.contactPhone"), value: (try? SaudiMobile(c.contactPhone))?.local ?? c.contactPhone, dir: "ltr"),
                        FactRow(label: req.t("request.field.channel"), value: req.t(c.channel.localizationKey), dir: nil),
            FactRow(label: req.t("case.category"), value: c.category.name(in: req.language), dir: nil),
            FactRow(label: req.t("complaint.severity"), value: req.t(c.severity.localizationKey), dir: nil),
            FactRow(label: req.t("case.received"), value: formatter.dateTime(c.createdAt).combined, dir: nil),
            FactRow(label: req.t("case.due"), value: formatter.dateTime(c.dueAt).combined, dir: nil),
            FactRow(label: req.t("complaint.owner"), value: c.assignedTo.flatMap { names[$0] } ?? "—", dir: nil),
        ]
        if let about = c.aboutStaffID { facts.append(FactRow(label: req.t("complaint.aboutStaff"), value: names[about] ?? "—", dir: nil)) }
        if !c.acknowledgement.isEmpty { facts.append(FactRow(label: req.t("complaint.acknowledgement"), value: c.acknowledgement, dir: nil)) }
        if let email = c.contactEmail { facts.append(FactRow(label: req.t("case.contactEmail"), value: email, dir: "ltr")) }
        facts += try await FactRow.socialOrigin(of: complaintID, req)
        let owners = c.status == .closed ? [] : try await ComplaintActions.assignable(c, on: req.db)
        // A refused action shows its page again with what was typed.
        let typed = req.method == .POST
        func note(_ box: TextBoxForm.Box) -> [FormField] { (typed ? TextBoxForm(box, request: req) : TextBoxForm(box)).fields(req, errors: errors) }
        let view = View(
            page: PageContext(req, title: req.t(c.kind == .suggestion ? "complaint.suggestionTitle" : "complaint.title", c.number)), id: try c.requireID().uuidString, number: c.number,
            status: req.t(c.status.localizationKey), statusCode: c.status.rawValue, confidential: c.isConfidential || c.aboutStaffID != nil,
            escalated: c.escalatedAt != nil && c.status != .closed, overdue: c.status == .open && c.dueAt < req.now, facts: facts,
            description: c.description, response: c.response.isEmpty ? nil : c.response,
            attachments: attachments.nonEmpty,
            events: events.map { Event(time: formatter.dateTime($0.at).combined, label: req.t("complaint.event.\($0.action)"),
                                       actor: $0.actorID.flatMap { names[$0] } ?? req.t("complaint.system"), note: $0.note) },
            owner: owners.isEmpty ? nil : (req.url.path.hasSuffix("/assign") ? ComplaintOwnerForm(request: req) : ComplaintOwnerForm(c)).fields(req, among: owners, errors: errors),
            respond: c.status.applying(.respond) == nil ? nil : note(.complaint(.respond, req)),
            close: c.status.applying(.close) == nil ? nil : note(.complaint(.close, req)),
            reopen: c.status.applying(.reopen) == nil ? nil : note(.complaint(.reopen, req)),
            escalate: c.status != .closed && c.escalatedAt == nil ? note(.escalation(req)) : nil,
            adopt: c.kind == .suggestion && !c.isAdopted && staff.can(.viewConfidentialComplaints) ? note(.adoption(req)) : nil,
            adopted: c.isAdopted ? c.adoptedChange : nil, library: try await LibraryLink.for("complaints", req: req), error: error,
            thread: try await CaseConversation.lines(.complaint, complaintID, req: req),
            askBox: c.status == .closed ? nil : (typed && req.url.path.hasSuffix("/ask") ? TextBoxForm(.askHer(req), request: req) : TextBoxForm(.askHer(req))).fields(req, errors: errors),
            askAction: "/complaints/\(complaintID.uuidString)/ask", replyWaiting: c.replyWaitingAt != nil)
        return try await req.render("complaints/show", view).encodeResponse(status: status, for: req)
    }
}
