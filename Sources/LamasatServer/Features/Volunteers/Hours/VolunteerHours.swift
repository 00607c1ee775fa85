import Fluent
import LamasatCore
import Vapor

/// One decision of the coordinator on the minutes logged for an assignment: kept as history, the assignment itself
/// holding only the latest state (`hoursStatus`, `minutes`).
final class VolunteerHoursDecision: Model, @unchecked Sendable {
    static let schema = "volunteer_hours_decisions"

    enum Decision: String, Codable, Sendable { case approved, rejected }

    @ID(key: .id) var id: UUID?
    @Field(key: "assignment_id") var assignmentID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "decision") var decision: Decision
    @Field(key: "minutes_logged") var minutesLogged: Int
    @Field(key: "minutes_approved") var minutesApproved: Int
    @Field(key: "reason") var reason: String
    @Field(key: "decided_by") var decidedBy: UUID
    @Field(key: "decided_at") var decidedAt: Date

    init() {}
}

/// Approving and rejecting logged hours, and the approved totals a volunteer's record and certificate read.
enum VolunteerHours {
    /// Sent once per assignment when its hours are approved.
    static let thanksArabic = "جمعية لمسات: شكرًا لعطائك يا {0}. اعتمدنا {1} ساعات معتمدة من تطوعك في «{2}». مجموع ساعاتك المعتمدة: {3}."

    enum Problem: Error { case notPending, minutes, reasonRequired }

    /// Approves (with `minutes`, which may correct what she logged when a reason is given) or rejects (reason
    /// required) one pending assignment, in the caller's transaction; an approval queues her thanks once.
    static func decide(_ assignment: VolunteerAssignment, approve: Bool, minutes: Int?, reason: String, by staff: UUID, req: Request,
                       on db: any Database) async throws {
        guard assignment.hoursStatus == .pending else { throw Problem.notPending }
        let logged = assignment.minutes
        let approved = approve ? (minutes ?? logged) : 0
        if approve, !(1...1440).contains(approved) { throw Problem.minutes }
        if reason.isEmpty, !approve || approved != logged { throw Problem.reasonRequired }
        let decision = VolunteerHoursDecision()
        decision.assignmentID = try assignment.requireID()
        decision.branchID = assignment.branchID
        decision.decision = approve ? .approved : .rejected
        decision.minutesLogged = logged
        decision.minutesApproved = approved
        decision.reason = reason
        decision.decidedBy = staff
        decision.decidedAt = req.now
        try await decision.create(on: db)
        if approve { assignment.minutes = approved }
        assignment.hoursStatus = approve ? .approved : .rejected
        assignment.hoursDecidedBy = staff
        assignment.hoursDecidedAt = req.now
        try await assignment.save(on: db)
        try await req.audit(approve ? "volunteer.hours.approved" : "volunteer.hours.rejected", record: ("volunteer_assignment", try assignment.requireID().uuidString),
                            detail: "logged=\(logged) approved=\(approved)\(reason.isEmpty ? "" : " reason=\(reason.prefix(200))")", on: db)
        guard approve, let volunteer = try await Volunteer.find(assignment.volunteerID, on: db),
              let opportunity = try await VolunteerOpportunity.find(assignment.opportunityID, on: db) else { return }
        let total = try await totals(for: assignment.volunteerID, on: db).minutes
        let body = thanksArabic.replacingOccurrences(of: "{0}", with: volunteer.firstName)
            .replacingOccurrences(of: "{1}", with: VolunteerHoursTotals.hours(approved))
            .replacingOccurrences(of: "{2}", with: opportunity.title)
            .replacingOccurrences(of: "{3}", with: VolunteerHoursTotals.hours(total))
        try await Outbox.enqueue(Outbox.Draft(
            channel: .sms, recipient: volunteer.mobile, subject: "volunteer-hours:\(opportunity.number)", body: body,
            idempotencyKey: "volunteer-hours-thanks:\(try assignment.requireID().uuidString)", relatedType: "volunteer_assignment",
            relatedID: try assignment.requireID().uuidString, branchID: assignment.branchID), now: req.now, on: db)
        try await VolunteerSurveys.invite(assignment, volunteer: volunteer, now: req.now, baseURL: req.lamasat.config.publicURL, on: db)
    }

    /// Her approved hours, summed by month, opportunity and kind; within `from`…`to` (Riyadh days) when given.
    /// For her record page (part A wires it) and her certificate.
    static func totals(for volunteerID: UUID, from: CalendarDay? = nil, to: CalendarDay? = nil, on db: any Database) async throws -> VolunteerHoursTotals {
        let assignments = try await VolunteerAssignment.query(on: db).filter(\.$volunteerID == volunteerID).filter(\.$hoursStatus == .approved).all()
        return try await totals(assignments, from: from, to: to, on: db)
    }

    static func totals(_ assignments: [VolunteerAssignment], from: CalendarDay? = nil, to: CalendarDay? = nil, on db: any Database) async throws -> VolunteerHoursTotals {
        let opportunities = try await VolunteerOpportunity.query(on: db).filter(\.$id ~~ Set(assignments.map(\.opportunityID))).all()
        let byID = Dictionary(uniqueKeysWithValues: opportunities.compactMap { o in o.id.map { ($0, o) } })
        return VolunteerHoursTotals(assignments.compactMap { assignment in
            guard let opportunity = byID[assignment.opportunityID] else { return nil }
            let day = CalendarDay.today(opportunity.startsAt)
            if let from, day < from { return nil }
            if let to, to < day { return nil }
            return .init(minutes: assignment.minutes, at: opportunity.startsAt, opportunity: opportunity.title, kind: opportunity.kind)
        })
    }
}
