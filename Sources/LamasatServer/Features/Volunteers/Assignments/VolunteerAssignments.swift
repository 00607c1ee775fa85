import Fluent
import LamasatCore
import Vapor

/// The moves of an assignment that more than one screen makes: the coordinator's offer, her answer (in the
/// volunteer area, part C), and the messages each sends. Every move follows `AssignmentStatus.canMove`.
enum VolunteerAssignments {
    /// Why an offer or an answer is refused; each has a message key "volunteer.assignment.refused.<case>".
    enum Refusal: String, Error {
        case notPublished, notActive, pledgesMissing, full, alreadyOffered, cannotMove
        var localizationKey: String { "volunteer.assignment.refused.\(rawValue)" }
    }

    /// Who fills a slot: those who accepted, were confirmed, or served.
    static func taken(_ opportunityID: UUID, on db: any Database) async throws -> Int {
        try await VolunteerAssignment.query(on: db).filter(\.$opportunityID == opportunityID)
            .filter(\.$status ~~ [.accepted, .confirmed, .completed]).count()
    }

    /// Offers the opportunity to her and tells her by SMS, with no word of any beneficiary: only the kind and the day,
    /// and the volunteer area's address where she answers.
    static func offer(_ opportunity: VolunteerOpportunity, to volunteer: Volunteer, by staff: UUID, now: Date, publicURL: String,
                      on db: any Database) async throws -> Result<VolunteerAssignment, Refusal> {
        let id = try opportunity.requireID()
        guard opportunity.status == .published else { return .failure(.notPublished) }
        guard volunteer.status == .active, volunteer.branchID == opportunity.branchID else { return .failure(.notActive) }
        guard try await VolunteerPledges.missing(for: volunteer.requireID(), on: db).isEmpty else { return .failure(.pledgesMissing) }
        guard try await taken(id, on: db) < opportunity.slots else { return .failure(.full) }
        // One assignment per volunteer and opportunity (a unique key): once offered, even if later cancelled, not again.
        let earlier = try await VolunteerAssignment.query(on: db).filter(\.$opportunityID == id).filter(\.$volunteerID == volunteer.requireID()).count()
        guard earlier == 0 else { return .failure(.alreadyOffered) }
        let assignment = try VolunteerAssignment.offered(opportunity, to: volunteer, by: staff, at: now)
        try await assignment.create(on: db)
        let when = DualCalendarFormatter(language: .ar).dateTime(opportunity.startsAt).combined
        try await tell(volunteer, about: assignment, "لديك فرصة تطوع جديدة (\(opportunity.number)، \(when)). للاطلاع والرد ادخلي: \(publicURL)/v",
                       key: "offer", now: now, on: db)
        return .success(assignment)
    }

    /// Her answer, from the volunteer area: accepting needs both pledges signed and a free slot. The coordinators of
    /// the branch, and whoever offered it, get a notice either way.
    static func respond(_ assignment: VolunteerAssignment, accept: Bool, now: Date, on db: any Database) async throws -> Refusal? {
        let next: AssignmentStatus = accept ? .accepted : .declined
        guard assignment.status.canMove(to: next) else { return .cannotMove }
        guard let opportunity = try await VolunteerOpportunity.find(assignment.opportunityID, on: db) else { return .cannotMove }
        if accept {
            guard try await VolunteerPledges.missing(for: assignment.volunteerID, on: db).isEmpty else { return .pledgesMissing }
            guard opportunity.status == .published else { return .notPublished }
            guard try await taken(opportunity.requireID(), on: db) < opportunity.slots else { return .full }
        }
        assignment.status = next
        assignment.respondedAt = now
        if !accept { assignment.closedAt = now }
        try await assignment.save(on: db)
        let coordinators = try await StaffNotifications.staff(holding: .manageVolunteers, branch: opportunity.branchID, on: db)
        try await StaffNotifications.notify(.init(kind: .volunteerResponded, reference: opportunity.number,
                                                  link: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)", branchID: opportunity.branchID,
                                                  key: "volunteer-answer:\(try assignment.requireID().uuidString):\(next.rawValue)"),
                                            users: coordinators + [assignment.offeredBy], now: now, on: db)
        return nil
    }

    /// The coordinator closes an open assignment (or the whole opportunity is cancelled): she is told why.
    static func cancel(_ assignment: VolunteerAssignment, of opportunity: VolunteerOpportunity, reason: String, now: Date, on db: any Database) async throws -> Bool {
        guard assignment.status.canMove(to: .cancelled), let volunteer = try await Volunteer.find(assignment.volunteerID, on: db) else { return false }
        assignment.status = .cancelled
        assignment.closedAt = now
        assignment.closeReason = reason
        try await assignment.save(on: db)
        try await tell(volunteer, about: assignment, "أُلغيت مشاركتك في فرصة التطوع \(opportunity.number): \(reason)", key: "cancel", now: now, on: db)
        return true
    }

    static func confirm(_ assignment: VolunteerAssignment, of opportunity: VolunteerOpportunity, by staff: UUID, now: Date, on db: any Database) async throws -> Bool {
        guard assignment.status.canMove(to: .confirmed), let volunteer = try await Volunteer.find(assignment.volunteerID, on: db) else { return false }
        assignment.status = .confirmed
        assignment.confirmedBy = staff
        assignment.confirmedAt = now
        try await assignment.save(on: db)
        let when = DualCalendarFormatter(language: .ar).dateTime(opportunity.startsAt).combined
        try await tell(volunteer, about: assignment, "تأكدت مشاركتك في فرصة التطوع \(opportunity.number)، \(when). شكرًا لعطائك.", key: "confirm", now: now, on: db)
        return true
    }

    private static func tell(_ volunteer: Volunteer, about assignment: VolunteerAssignment, _ body: String, key: String, now: Date, on db: any Database) async throws {
        let id = try assignment.requireID().uuidString
        try await Outbox.enqueue(Outbox.Draft(channel: .sms, recipient: volunteer.mobile, subject: "volunteer.\(key)", body: body,
                                              idempotencyKey: "volunteer-\(key):\(id)", relatedType: "volunteer_assignment", relatedID: id,
                                              branchID: assignment.branchID), now: now, on: db)
    }
}
