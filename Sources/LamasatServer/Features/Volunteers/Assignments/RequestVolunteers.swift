import Fluent
import LamasatCore
import Vapor

/// What a request shows and does with volunteers (`RequestVolunteerLink`, registered in routes): the opportunities
/// asked for it, each with the state of its assignments, the links to ask for one, and the hand-over on the delivery form.
struct RequestVolunteers: RequestVolunteerLink {
    typealias Item = RequestVolunteerPanel.Item

    func confirmed(for requestID: UUID, on db: any Database) async throws -> [(assignmentID: UUID, name: String)] {
        try await VolunteerHandover.confirmed(for: requestID, on: db).map { (try $0.0.requireID(), $0.1.name) }
    }

    func handOver(assignmentID: UUID, delivery: ServiceDelivery, now: Date, on db: any Database) async throws -> Bool {
        guard let assignment = try await VolunteerAssignment.find(assignmentID, on: db) else { return false }
        if case .success = try await VolunteerHandover.record(assignment: assignment, delivery: delivery, now: now, on: db) { return true }
        return false
    }

    func panel(_ request: SupportRequest, req: Request) async throws -> RequestVolunteerPanel? {
        let staff = try req.requireStaff()
        let id = try request.requireID()
        let opportunities = try await VolunteerOpportunity.query(on: req.db).filter(\.$requestID == id).sort(\.$startsAt).all()
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$opportunityID ~~ opportunities.compactMap(\.id)).all()
        let people = try await Volunteer.query(on: req.db).filter(\.$id ~~ Set(assignments.map(\.volunteerID))).all().reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name }
        let formatter = DualCalendarFormatter(language: req.language)
        let askDelivery = staff.can(.deliverServices) && [.approved, .inService].contains(request.status) ? "/requests/\(id.uuidString)/volunteer" : nil
        let askVisit = staff.can(.writeResearch) && [.awaitingDeclaration, .socialResearch].contains(request.status) ? "/requests/\(id.uuidString)/volunteer/visit" : nil
        guard !opportunities.isEmpty || askDelivery != nil || askVisit != nil else { return nil }
        return RequestVolunteerPanel(items: opportunities.map { o in
            let theirs = assignments.filter { $0.opportunityID == o.id && $0.status != .cancelled }
            return Item(number: o.number, kind: req.t(o.kind.localizationKey), when: formatter.dateTime(o.startsAt).combined, status: req.t(o.status.localizationKey),
                        assignments: theirs.isEmpty ? req.t("volunteer.ask.noneYet")
                            : VolunteerCandidates.list(theirs.map { "\(people[$0.volunteerID] ?? "—"): \(req.t($0.status.localizationKey))" }, req))
        }.nonEmpty, askDelivery: askDelivery, askVisit: askVisit)
    }
}
