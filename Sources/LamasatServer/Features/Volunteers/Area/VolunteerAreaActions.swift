import Fluent
import LamasatCore
import SQLKit
import Vapor

/// What she does on her own assignment: accept or decline an offer, confirm she was there, record the hand-over of
/// a delivery, log her hours. Each is refused with a message (422, nothing changed) when it does not apply, moves the
/// assignment with a conditional update (two taps cannot both pass) and is audited with her as the actor.
struct VolunteerAreaActions {
    /// Her own assignment and its opportunity. Anybody else's, or none, is 404 — and audited as a probe.
    static func mine(_ req: Request) async throws -> (VolunteerAssignment, VolunteerOpportunity) {
        let me = try req.volunteerOrSignIn()
        let raw = req.parameters.get("assignmentID") ?? ""
        guard let id = UUID(uuidString: raw), let assignment = try await VolunteerAssignment.find(id, on: req.db), assignment.volunteerID == me.volunteerID,
              let opportunity = try await VolunteerOpportunity.find(assignment.opportunityID, on: req.db) else {
            try await req.audit("volunteer.probe", record: ("volunteer_assignment", String(raw.prefix(40))), outcome: .denied)
            throw Abort(.notFound)
        }
        return (assignment, opportunity)
    }

    private func refuse(_ key: String, _ a: VolunteerAssignment, _ o: VolunteerOpportunity, req: Request, errors: FieldErrors = [:],
                        typed: VolunteerHoursForm? = nil) async throws -> Response {
        try await VolunteerAssignmentView.render(a, o, req: req, error: key.isEmpty ? nil : req.t(key), errors: errors, typed: typed, status: .unprocessableEntity)
    }

    /// Moves her assignment from one of `from` to `to` with `set` (extra columns), in one conditional update.
    private static func move(_ a: VolunteerAssignment, from: [AssignmentStatus], to: AssignmentStatus, set: SQLQueryString, on db: any Database) async throws -> Bool {
        let allowed = from.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try await db.sql.raw("""
            UPDATE volunteer_assignments SET status = \(bind: to.rawValue)\(set) WHERE id = \(bind: try a.requireID()) AND status IN (\(unsafeRaw: allowed)) RETURNING id
            """).first() != nil
    }

    private func done(_ a: VolunteerAssignment, _ notice: String, req: Request) throws -> Response {
        req.redirect(to: "/v/assignments/\(try a.requireID().uuidString)?done=\(notice)")
    }

    func accept(req: Request) async throws -> Response {
        let (a, o) = try await Self.mine(req)
        guard VolunteerAssignmentView.isLive(a, o, now: req.now), a.status == .offered else { return try await refuse("volunteerArea.error.notOpen", a, o, req: req) }
        // [P-2] No assignment before both pledges are signed, in their current wording.
        guard try await VolunteerPledges.missing(for: a.volunteerID, on: req.db).isEmpty else { return try await refuse("volunteerArea.error.pledges", a, o, req: req) }
        let moved = try await req.db.writeTransaction { db in
            guard try await Self.move(a, from: [.offered], to: .accepted, set: ", responded_at = \(bind: req.now)", on: db) else { return false }
            try await req.audit("volunteer.accepted", record: ("volunteer_assignment", try a.requireID().uuidString), on: db)
            return true
        }
        return moved ? try done(a, "volunteerAccepted", req: req) : try await refuse("volunteerArea.error.notOpen", a, o, req: req)
    }

    func decline(req: Request) async throws -> Response {
        let (a, o) = try await Self.mine(req)
        let reason = req.formText("reason")
        guard reason.count <= 300 else { return try await refuse("", a, o, req: req, errors: ["reason": req.t("validation.tooLong")]) }
        guard VolunteerAssignmentView.isLive(a, o, now: req.now), [.offered, .accepted].contains(a.status) else { return try await refuse("volunteerArea.error.notOpen", a, o, req: req) }
        let moved = try await req.db.writeTransaction { db in
            guard try await Self.move(a, from: [.offered, .accepted], to: .declined,
                                      set: ", responded_at = \(bind: req.now), closed_at = \(bind: req.now), close_reason = \(bind: reason)", on: db) else { return false }
            try await req.audit("volunteer.declined", record: ("volunteer_assignment", try a.requireID().uuidString), detail: reason.isEmpty ? nil : reason, on: db)
            return true
        }
        return moved ? try done(a, "volunteerDeclined", req: req) : try await refuse("volunteerArea.error.notOpen", a, o, req: req)
    }

    func attended(req: Request) async throws -> Response {
        let (a, o) = try await Self.mine(req)
        // Not before the day itself: attendance is confirmed where the work happens.
        guard VolunteerAssignmentView.isLive(a, o, now: req.now), a.status == .confirmed, a.attendedAt == nil,
              CalendarDay.today(req.now).description >= CalendarDay.today(o.startsAt).description
        else { return try await refuse("volunteerArea.error.notYet", a, o, req: req) }
        let moved = try await req.db.writeTransaction { db in
            guard try await Self.move(a, from: [.confirmed], to: .confirmed, set: ", attended_at = \(bind: req.now)", on: db) else { return false }
            try await req.audit("volunteer.attended", record: ("volunteer_assignment", try a.requireID().uuidString), on: db)
            return true
        }
        return moved ? try done(a, "volunteerAttended", req: req) : try await refuse("volunteerArea.error.notOpen", a, o, req: req)
    }

    func handover(req: Request) async throws -> Response {
        let (a, o) = try await Self.mine(req)
        guard VolunteerAssignmentView.isLive(a, o, now: req.now), a.status == .confirmed, a.deliveryID == nil, o.kind == .delivery, let requestID = o.requestID,
              CalendarDay.today(req.now).description >= CalendarDay.today(o.startsAt).description
        else { return try await refuse("volunteerArea.error.notYet", a, o, req: req) }
        let proof: (kind: UploadedFileKind, bytes: [UInt8])
        switch VolunteerHandoverProof.read(req) {
        case .success(let received): proof = received
        case .failure(let problem): return try await refuse("", a, o, req: req, errors: ["proof": req.t(problem.key)])
        }
        let me = try req.volunteerOrSignIn()
        let moved = try await req.db.writeTransaction { db in
            try await RequestCounts.tracking(.request(requestID), on: db) {
                guard try await Self.move(a, from: [.confirmed], to: .completed, set: ", closed_at = \(bind: req.now)", on: db) else { return false }
                let delivery = try await VolunteerHandoverDelivery.write(for: a, of: o, requestID: requestID, by: me.volunteer, proof: proof, at: req.now, on: db)
                try await req.audit("volunteer.handover", record: ("volunteer_assignment", try a.requireID().uuidString), detail: delivery.uuidString, on: db)
                return true
            }
        }
        return moved ? try done(a, "volunteerHandedOver", req: req) : try await refuse("volunteerArea.error.notOpen", a, o, req: req)
    }

    /// Hours are logged once the coordinator confirmed her, and again after a refusal, never over approved ones.
    static func mayLogHours(_ a: VolunteerAssignment) -> Bool {
        [.confirmed, .completed].contains(a.status) && a.hoursStatus != .approved
    }

    func hours(req: Request) async throws -> Response {
        let (a, o) = try await Self.mine(req)
        let form = VolunteerHoursForm(request: req)
        let (minutes, errors) = form.validate(req)
        guard let minutes else { return try await refuse("", a, o, req: req, errors: errors, typed: form) }
        guard Self.mayLogHours(a) else { return try await refuse("volunteerArea.error.hoursClosed", a, o, req: req, typed: form) }
        let logged = try await req.db.writeTransaction { db in
            let changed = try await db.sql.raw("""
                UPDATE volunteer_assignments SET minutes = \(bind: minutes), hours_status = \(bind: HoursStatus.pending.rawValue), hours_note = \(bind: form.note)
                WHERE id = \(bind: try a.requireID()) AND status IN ('confirmed', 'completed') AND hours_status <> \(bind: HoursStatus.approved.rawValue) RETURNING id
                """).first() != nil
            if changed { try await req.audit("volunteer.hoursLogged", record: ("volunteer_assignment", try a.requireID().uuidString), detail: String(minutes), on: db) }
            return changed
        }
        return logged ? try done(a, "volunteerHoursLogged", req: req) : try await refuse("volunteerArea.error.hoursClosed", a, o, req: req, typed: form)
    }
}
