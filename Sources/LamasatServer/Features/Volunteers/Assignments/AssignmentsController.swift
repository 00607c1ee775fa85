import Fluent
import LamasatCore
import Vapor

/// The coordinator's moves on one assignment: confirming one she accepted, cancelling an open one (with a reason she
/// is told by SMS). Accepting and declining are hers, in the volunteer area.
struct AssignmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let one = routes.grouped("volunteers", "assignments", ":assignmentID")
        one.post("confirm") { try await self.confirm(req: $0) }.requires(.manageVolunteers)
        one.post("cancel") { try await self.cancel(req: $0) }.requires(.manageVolunteers)
    }

    private func load(_ req: Request) async throws -> (VolunteerAssignment, VolunteerOpportunity) {
        let assignment = try await req.scoped(VolunteerAssignment.self, id: req.parameters.get("assignmentID"), branch: \.$branchID)
        guard let opportunity = try await VolunteerOpportunity.find(assignment.opportunityID, on: req.db) else { throw Abort(.notFound) }
        return (assignment, opportunity)
    }

    func confirm(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (assignment, opportunity) = try await load(req)
        try await req.db.writeTransaction { db in
            guard try await VolunteerAssignments.confirm(assignment, of: opportunity, by: staff.userID, now: req.now, on: db) else { throw Abort(.conflict) }
            try await req.audit("volunteer.assignment.confirmed", record: ("volunteer_assignment", try assignment.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)?done=volunteerOpportunitySaved")
    }

    func cancel(req: Request) async throws -> Response {
        let (assignment, opportunity) = try await load(req)
        let reason = String(req.formText("reason").prefix(300))
        guard !reason.isEmpty else {
            return try await OpportunityPage.show(req: req, error: req.t("volunteer.assignment.reasonRequired"), status: .unprocessableEntity, opportunityID: opportunity.requireID())
        }
        try await req.db.writeTransaction { db in
            guard try await VolunteerAssignments.cancel(assignment, of: opportunity, reason: reason, now: req.now, on: db) else { throw Abort(.conflict) }
            try await req.audit("volunteer.assignment.cancelled", record: ("volunteer_assignment", try assignment.requireID().uuidString), detail: reason, on: db)
        }
        return req.redirect(to: "/volunteers/opportunities/\(try opportunity.requireID().uuidString)?done=volunteerOpportunitySaved")
    }
}
