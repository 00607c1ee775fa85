import Fluent
import Foundation
import LamasatCore
import Vapor

/// One step of a volunteer's status history: from, to, why, who, when.
final class VolunteerStatusChange: Model, @unchecked Sendable {
    static let schema = "volunteer_status_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "volunteer_id") var volunteerID: UUID
    @Field(key: "from_status") var from: VolunteerStatus
    @Field(key: "to_status") var to: VolunteerStatus
    @Field(key: "reason") var reason: String
    @OptionalField(key: "changed_by") var changedBy: UUID?
    @Field(key: "changed_at") var changedAt: Date

    init() {}

    init(volunteerID: UUID, from: VolunteerStatus, to: VolunteerStatus, reason: String, by: UUID?, at: Date) {
        (self.volunteerID, self.from, self.to, self.reason, self.changedBy, self.changedAt) = (volunteerID, from, to, reason, by, at)
    }
}

/// The coordinator pauses, ends or reactivates a volunteer, with a reason. Pausing or ending her closes what she
/// could still act on: her open assignments are cancelled and her sessions in the volunteer area end, together.
struct VolunteerStatusController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("volunteers", ":volunteerID", "status") { try await self.change(req: $0) }.requires(.manageVolunteers)
    }

    func change(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let volunteer = try await req.scoped(Volunteer.self, id: req.parameters.get("volunteerID"), branch: \.$branchID)
        let typed = (status: req.formText("status"), reason: req.formText("reason"))
        var errors: FieldErrors = [:]
        let next = VolunteerStatus(rawValue: typed.status)
        if next == nil { errors["status"] = req.t("validation.choose") } else if next == volunteer.status {
            errors["status"] = req.t("volunteer.record.error.sameStatus")
        }
        if typed.reason.isEmpty { errors["reason"] = req.t("validation.required") } else if typed.reason.count > 300 {
            errors["reason"] = req.t("validation.tooLong")
        }
        guard errors.isEmpty, let next else {
            return try await VolunteerRecordPage.render(req, volunteer, statusForm: (typed.status, typed.reason, errors), status: .unprocessableEntity)
        }
        let id = try volunteer.requireID()
        let previous = volunteer.status
        try await req.db.writeTransaction { db in
            // Writes first: SQLite takes the write lock at the first write of a transaction.
            try await VolunteerStatusChange(volunteerID: id, from: previous, to: next, reason: typed.reason, by: staff.userID, at: req.now).create(on: db)
            volunteer.status = next
            volunteer.statusReason = typed.reason
            volunteer.updatedAt = req.now
            try await volunteer.save(on: db)
            var cancelled = 0
            if next != .active {
                let open = try await VolunteerAssignment.query(on: db).filter(\.$volunteerID == id)
                    .filter(\.$status ~~ AssignmentStatus.allCases.filter(\.isOpen)).all()
                for assignment in open {
                    assignment.status = .cancelled
                    assignment.closedAt = req.now
                    assignment.closeReason = req.t(next.localizationKey) + ": " + typed.reason
                    try await assignment.save(on: db)
                }
                cancelled = open.count
                try await VolunteerSession.query(on: db).filter(\.$volunteerID == id).delete()
            }
            try await req.audit("volunteer.status", record: ("volunteer", id.uuidString),
                                detail: "\(previous.rawValue)→\(next.rawValue) cancelled=\(cancelled)", on: db)
        }
        return req.redirect(to: "/volunteers/\(id.uuidString)?done=volunteerStatusChanged")
    }
}
