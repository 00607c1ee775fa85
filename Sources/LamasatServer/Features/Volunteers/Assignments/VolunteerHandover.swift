import Fluent
import LamasatCore
import Vapor

/// A delivery handed over by a volunteer: one function for the staff delivery form and for her own phone (part C),
/// so the delivery always names her and her assignment always closes on it.
enum VolunteerHandover {
    enum Refusal: String, Error {
        /// Not a confirmed assignment of a delivery opportunity for this request.
        case notHers
        var localizationKey: String { "volunteer.handover.refused.\(rawValue)" }
    }

    /// The confirmed assignments of `requestID`'s delivery opportunities, with their volunteers: whom the delivery form
    /// may name.
    static func confirmed(for requestID: UUID, on db: any Database) async throws -> [(VolunteerAssignment, Volunteer)] {
        let opportunities = try await VolunteerOpportunity.query(on: db).filter(\.$requestID == requestID).filter(\.$kind == .delivery).all().compactMap(\.id)
        let assignments = try await VolunteerAssignment.query(on: db).filter(\.$opportunityID ~~ opportunities).filter(\.$status == .confirmed).all()
        let people = try await Volunteer.query(on: db).filter(\.$id ~~ assignments.map(\.volunteerID)).all().reduce(into: [UUID: Volunteer]()) { $0[$1.id!] = $1 }
        return assignments.compactMap { a in people[a.volunteerID].map { (a, $0) } }
    }

    /// Records `delivery` (not yet saved; its request, what, amount, day, proof and `recordedBy` filled by the caller)
    /// as handed over by the assignment's volunteer: the delivery takes her id and name, then is created, and the
    /// assignment completes on it (attended, closed, the delivery's id kept). Run inside the caller's transaction.
    static func record(assignment: VolunteerAssignment, delivery: ServiceDelivery, now: Date, on db: any Database) async throws -> Result<ServiceDelivery, Refusal> {
        guard assignment.status == .confirmed,
              let opportunity = try await VolunteerOpportunity.find(assignment.opportunityID, on: db),
              opportunity.kind == .delivery, opportunity.requestID == delivery.requestID,
              let volunteer = try await Volunteer.find(assignment.volunteerID, on: db)
        else { return .failure(.notHers) }
        delivery.volunteerID = try volunteer.requireID()
        delivery.deliveredBy = volunteer.name
        if delivery.place != .herLocation { delivery.place = .volunteer }
        try await delivery.create(on: db)
        assignment.status = .completed
        assignment.attendedAt = assignment.attendedAt ?? now
        assignment.closedAt = now
        assignment.deliveryID = try delivery.requireID()
        try await assignment.save(on: db)
        return .success(delivery)
    }
}
