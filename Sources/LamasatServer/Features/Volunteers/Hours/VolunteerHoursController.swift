import Fluent
import LamasatCore
import Vapor

/// The coordinator's hours desk (issue 17): logged hours waiting for approval, decided one by one or several at
/// once, and the branch's approved totals per volunteer, month and opportunity kind.
struct VolunteerHoursController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let hours = routes.grouped("volunteers", "hours")
        hours.get { try await self.index(req: $0, status: .ok) }.requires(.manageVolunteers)
        hours.post("bulk") { try await self.bulk(req: $0) }.requires(.manageVolunteers)
        hours.post(":assignmentID") { try await self.decide(req: $0) }.requires(.manageVolunteers)
        // The volunteers report for the coordinator, within her branches: the same figures managers read at
        // /reports/volunteers. She does not get `.viewReports`, which would open every report on beneficiaries.
        hours.get("report") { try await ReportsController().report($0, Self.report) }.requires(.manageVolunteers)
        hours.exportsTables(of: "report", requires: .manageVolunteers) { req in try await Self.report.tables(req, try await ReportScope(req)).map(\.table) }
    }

    static let report = ReportsController.Entry(path: "/volunteers/hours/report", titleKey: "reports.volunteers.title", summaryKey: "reports.volunteers.summary") {
        try await VolunteerFigures(req: $0, scope: $1).tables()
    }

    struct Row: Encodable {
        let id: String; let volunteer: String; let number: String; let opportunity: String; let kind: String; let date: String
        let logged: String; let note: String; let fields: [FormField]; let checked: Bool
    }
    struct Total: Encodable { let label: String; let hours: String }
    struct IndexView: Encodable {
        let page: PageContext
        let rows: [Row]?
        let bulkFields: [FormField]
        let error: String?
        let byVolunteer: [Total]?
        let byMonth: [Total]?
        let byKind: [Total]?
        let byOpportunity: [Total]?
        let total: String
    }

    /// A row's form sent back with its errors, or the bulk form's.
    struct Posted { var id: UUID?; var minutes = ""; var reason = ""; var errors: FieldErrors = [:]; var chosen: Set<String> = [] }

    func index(req: Request, posted: Posted? = nil, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let pendingQuery = VolunteerAssignment.query(on: req.db).filter(\.$hoursStatus == .pending).sort(\.$offeredAt)
        pendingQuery.withinReach(of: staff, \.$branchID)
        let pending = try await pendingQuery.limit(200).all()
        let approvedQuery = VolunteerAssignment.query(on: req.db).filter(\.$hoursStatus == .approved)
        approvedQuery.withinReach(of: staff, \.$branchID)
        let approved = try await approvedQuery.all()
        let volunteers = try await Volunteer.query(on: req.db).filter(\.$id ~~ Set((pending + approved).map(\.volunteerID))).all()
        let names = Dictionary(uniqueKeysWithValues: volunteers.compactMap { v in v.id.map { ($0, v) } })
        let opportunities = try await VolunteerOpportunity.query(on: req.db).filter(\.$id ~~ Set(pending.map(\.opportunityID))).all()
        let places = Dictionary(uniqueKeysWithValues: opportunities.compactMap { o in o.id.map { ($0, o) } })
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = try pending.map { a in
            let id = try a.requireID()
            let mine = posted?.id == id ? posted : nil
            let opportunity = places[a.opportunityID]
            return Row(id: id.uuidString, volunteer: names[a.volunteerID]?.name ?? "—", number: names[a.volunteerID]?.number ?? "",
                       opportunity: opportunity?.title ?? "—", kind: opportunity.map { req.t($0.kind.localizationKey) } ?? "",
                       date: opportunity.map { formatter.date($0.startsAt).combined } ?? "—",
                       logged: VolunteerHoursTotals.hours(a.minutes), note: a.hoursNote,
                       fields: [FormField(name: "minutes", label: req.t("volunteer.hours.minutes"), value: mine?.minutes ?? String(a.minutes),
                                          hint: req.t("volunteer.hours.minutesHint"), error: mine?.errors["minutes"], inputmode: "numeric", dir: "ltr",
                                          maxlength: 4, key: id.uuidString),
                                FormField(name: "reason", label: req.t("volunteer.hours.reason"), value: mine?.reason ?? "",
                                          hint: req.t("volunteer.hours.reasonHint"), error: mine?.errors["reason"], maxlength: 300, key: id.uuidString)].prepared(),
                       checked: posted?.chosen.contains(id.uuidString) ?? false)
        }
        let bulk = posted?.id == nil ? posted : nil
        let totals = try await VolunteerHours.totals(approved, on: req.db)
        var perVolunteer: [UUID: Int] = [:]
        for a in approved { perVolunteer[a.volunteerID, default: 0] += a.minutes }
        try await req.audit("view", record: ("volunteer_hours", "list"))
        return try await req.render("volunteers/recognition/hours", IndexView(
            page: PageContext(req, title: req.t("volunteer.hours.title")), rows: rows.nonEmpty,
            bulkFields: [FormField(name: "reason", label: req.t("volunteer.hours.bulkReason"), value: bulk?.reason ?? "",
                                   hint: req.t("volunteer.hours.bulkReasonHint"), error: bulk?.errors["reason"], maxlength: 300, key: "bulk")].prepared(),
            error: posted == nil ? nil : (bulk?.errors["chosen"] ?? req.t("volunteer.hours.error")),
            byVolunteer: perVolunteer.sorted { $0.value > $1.value }.map { id, minutes in
                Total(label: names[id].map { "\($0.name) (\($0.number))" } ?? "—", hours: VolunteerHoursTotals.hours(minutes))
            }.nonEmpty,
            byMonth: totals.byMonth.map { Total(label: $0.month, hours: VolunteerHoursTotals.hours($0.minutes)) }.nonEmpty,
            byKind: totals.byKind.map { Total(label: req.t($0.kind.localizationKey), hours: VolunteerHoursTotals.hours($0.minutes)) }.nonEmpty,
            byOpportunity: totals.byOpportunity.map { Total(label: "\($0.opportunity) · \(req.t($0.kind.localizationKey))", hours: VolunteerHoursTotals.hours($0.minutes)) }.nonEmpty,
            total: VolunteerHoursTotals.hours(totals.minutes)))
            .encodeResponse(status: status, for: req)
    }

    private func message(_ problem: VolunteerHours.Problem, _ req: Request) -> (field: String, text: String) {
        switch problem {
        case .notPending: ("reason", req.t("volunteer.hours.error.notPending"))
        case .minutes: ("minutes", req.t("volunteer.hours.error.minutes"))
        case .reasonRequired: ("reason", req.t("volunteer.hours.error.reason"))
        }
    }

    /// One row: approve (optionally with corrected minutes) or reject.
    func decide(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let assignment = try await req.scoped(VolunteerAssignment.self, id: req.parameters.get("assignmentID"), branch: \.$branchID)
        let approve = req.formText("decision") != "reject"
        var posted = Posted(id: try assignment.requireID(), minutes: req.formText("minutes"), reason: req.formText("reason"))
        let minutes = approve ? ArabicDigits.parseInt(posted.minutes) : nil
        if approve, minutes == nil { posted.errors["minutes"] = req.t("volunteer.hours.error.minutes") }
        if posted.reason.count > 300 { posted.errors["reason"] = req.t("validation.tooLong") }
        guard posted.errors.isEmpty else { return try await index(req: req, posted: posted, status: .unprocessableEntity) }
        let reason = posted.reason
        do {
            try await req.db.writeTransaction { db in
                try await VolunteerHours.decide(assignment, approve: approve, minutes: minutes, reason: reason, by: staff.userID, req: req, on: db)
            }
        } catch let problem as VolunteerHours.Problem {
            let (field, text) = message(problem, req)
            posted.errors[field] = text
            return try await index(req: req, posted: posted, status: .unprocessableEntity)
        }
        return req.redirect(to: "/volunteers/hours?done=\(approve ? "hoursApproved" : "hoursRejected")")
    }

    /// Several rows at once, as logged: all decided in one transaction, or none when one cannot be.
    func bulk(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let approve = req.formText("decision") != "reject"
        let chosen = req.formTexts("chosen")
        var posted = Posted(reason: req.formText("reason"), chosen: Set(chosen))
        let ids = chosen.compactMap(UUID.init(uuidString:))
        if ids.isEmpty || ids.count != chosen.count || ids.count > 200 { posted.errors["chosen"] = req.t("volunteer.hours.error.choose") }
        if !approve, posted.reason.isEmpty { posted.errors["reason"] = req.t("volunteer.hours.error.reason") }
        if posted.reason.count > 300 { posted.errors["reason"] = req.t("validation.tooLong") }
        guard posted.errors.isEmpty else { return try await index(req: req, posted: posted, status: .unprocessableEntity) }
        var assignments: [VolunteerAssignment] = []
        for id in ids {
            assignments.append(try await req.scoped(VolunteerAssignment.self, id: id.uuidString, branch: \.$branchID))
        }
        let (chosenAssignments, reason) = (assignments, posted.reason)
        do {
            try await req.db.writeTransaction { db in
                for assignment in chosenAssignments {
                    try await VolunteerHours.decide(assignment, approve: approve, minutes: nil, reason: reason, by: staff.userID, req: req, on: db)
                }
            }
        } catch let problem as VolunteerHours.Problem {
            posted.errors["chosen"] = message(problem, req).text
            return try await index(req: req, posted: posted, status: .unprocessableEntity)
        }
        return req.redirect(to: "/volunteers/hours?done=\(approve ? "hoursApproved" : "hoursRejected")")
    }
}
