import Fluent
import LamasatCore
import Vapor

/// Issue 17: the volunteer's own area on her phone (`/v`): her assignments, and on each one the minimum she needs of
/// the beneficiary, only while it is open. Every route is `.public` for the access gate and asks for her own session
/// (`volunteerOrSignIn`): staff and portal sessions never open it, and it never opens theirs.
struct VolunteerAreaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let area = routes.grouped("v")
        area.get { try await self.home(req: $0) }.declare(.public)
        let one = area.grouped("assignments", ":assignmentID")
        one.get { try await self.show(req: $0) }.declare(.public)
        let actions = VolunteerAreaActions()
        one.post("accept") { try await actions.accept(req: $0) }.declare(.public)
        one.post("decline") { try await actions.decline(req: $0) }.declare(.public)
        one.post("attended") { try await actions.attended(req: $0) }.declare(.public)
        one.on(.POST, "handover", body: .collect(maxSize: "11mb")) { try await actions.handover(req: $0) }.declare(.public)
        one.post("hours") { try await actions.hours(req: $0) }.declare(.public)
    }

    struct HomeView: Encodable {
        let page: PageContext
        let name: String
        let pledgesMissing: Bool
        /// nil when empty (Leaf's `#if` takes an empty list for true).
        let offered: [VolunteerAssignmentView.Card]?
        let upcoming: [VolunteerAssignmentView.Card]?
        let past: [VolunteerAssignmentView.Card]?
    }

    func home(req: Request) async throws -> Response {
        let me = try req.volunteerOrSignIn()
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$volunteerID == me.volunteerID).all()
        let opportunities = try await VolunteerOpportunity.query(on: req.db).filter(\.$id ~~ assignments.map(\.opportunityID)).all()
        let byID = Dictionary(uniqueKeysWithValues: opportunities.compactMap { o in o.id.map { ($0, o) } })
        var offered: [VolunteerAssignmentView.Card] = [], upcoming: [VolunteerAssignmentView.Card] = [], past: [VolunteerAssignmentView.Card] = []
        for assignment in assignments.sorted(by: { (byID[$0.opportunityID]?.startsAt ?? .distantPast) < (byID[$1.opportunityID]?.startsAt ?? .distantPast) }) {
            guard let opportunity = byID[assignment.opportunityID] else { continue }
            let card = try VolunteerAssignmentView.card(assignment, opportunity, req: req)
            if VolunteerAssignmentView.isLive(assignment, opportunity, now: req.now) {
                if assignment.status == .offered { offered.append(card) } else { upcoming.append(card) }
            } else {
                past.append(card)
            }
        }
        let missing = try await VolunteerPledges.missing(for: me.volunteerID, on: req.db)
        return try await req.render("volunteer-area/home", HomeView(page: PageContext(req, title: req.t("volunteerArea.home.title")), name: me.volunteer.firstName,
                                                                    pledgesMissing: !missing.isEmpty, offered: offered.nonEmpty, upcoming: upcoming.nonEmpty,
                                                                    past: Array(past.reversed()).nonEmpty))
            .encodeResponse(for: req)
    }

    func show(req: Request) async throws -> Response {
        let (assignment, opportunity) = try await VolunteerAreaActions.mine(req)
        return try await VolunteerAssignmentView.render(assignment, opportunity, req: req)
    }
}
