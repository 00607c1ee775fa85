import Fluent
import LamasatCore
import Vapor

/// What the request's page shows of volunteers: the opportunities asked for it, each with the state of its
/// assignments, and the links to ask for one.
enum RequestVolunteers {
    struct Item: Encodable { let number: String; let kind: String; let when: String; let status: String; let assignments: String }
    struct Panel: Encodable { let items: [Item]?; let askDelivery: String?; let askVisit: String? }

    static func panel(_ request: SupportRequest, req: Request) async throws -> Panel? {
        let staff = try req.requireStaff()
        let id = try request.requireID()
        let opportunities = try await VolunteerOpportunity.query(on: req.db).filter(\.$requestID == id).sort(\.$startsAt).all()
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$opportunityID ~~ opportunities.compactMap(\.id)).all()
        let people = try await Volunteer.query(on: req.db).filter(\.$id ~~ Set(assignments.map(\.volunteerID))).all().reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name }
        let formatter = DualCalendarFormatter(language: req.language)
        let askDelivery = staff.can(.deliverServices) && [.approved, .inService].contains(request.status) ? "/requests/\(id.uuidString)/volunteer" : nil
        let askVisit = staff.can(.writeResearch) && [.awaitingDeclaration, .socialResearch].contains(request.status) ? "/requests/\(id.uuidString)/volunteer/visit" : nil
        guard !opportunities.isEmpty || askDelivery != nil || askVisit != nil else { return nil }
        return Panel(items: opportunities.map { o in
            let theirs = assignments.filter { $0.opportunityID == o.id && $0.status != .cancelled }
            return Item(number: o.number, kind: req.t(o.kind.localizationKey), when: formatter.dateTime(o.startsAt).combined, status: req.t(o.status.localizationKey),
                        assignments: theirs.isEmpty ? req.t("volunteer.ask.noneYet")
                            : VolunteerCandidates.list(theirs.map { "\(people[$0.volunteerID] ?? "—"): \(req.t($0.status.localizationKey))" }, req))
        }.nonEmpty, askDelivery: askDelivery, askVisit: askVisit)
    }
}
