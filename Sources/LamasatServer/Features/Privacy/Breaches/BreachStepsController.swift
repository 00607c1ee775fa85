import Fluent
import LamasatCore
import Vapor

/// The steps that follow an incident: the authority told (when, and its reference), or the incident judged not
/// notifiable with the reason; the affected people told (when, and how); and the closure with the lessons drawn,
/// which waits until the authority question is settled. A closed incident changes no more.
struct BreachStepsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let breach = routes.grouped("admin", "breaches", ":breachID")
        breach.post("authority") { try await self.authority(req: $0) }.requires(.manageBreaches)
        breach.post("not-notifiable") { try await self.notNotifiable(req: $0) }.requires(.manageBreaches)
        breach.post("people") { try await self.people(req: $0) }.requires(.manageBreaches)
        breach.post("close") { try await self.close(req: $0) }.requires(.manageBreaches)
    }

    /// The incident, refused as a conflict once closed.
    func open(_ req: Request) async throws -> (BreachIncident, Response?) {
        let incident = try await BreachRegisterController.incident(req)
        guard incident.closedAt == nil else {
            return (incident, try await BreachPage.render(req, incident: incident, alert: req.t("breach.error.closed"), status: .conflict))
        }
        return (incident, nil)
    }

    /// A moment of a step: not in the future and not before the incident was found.
    func moment(_ req: Request, _ step: String, _ b: BreachIncident, into errors: inout FieldErrors) -> Date? {
        guard let at = CalendarDay.moment(day: req.formText("day"), time: req.formText("time")) else {
            errors["\(step).day"] = req.t("breach.error.when"); return nil
        }
        if at > req.now { errors["\(step).day"] = req.t("breach.error.future"); return nil }
        if at < b.discoveredAt { errors["\(step).day"] = req.t("breach.error.beforeFound"); return nil }
        return at
    }

    func text(_ req: Request, _ step: String, _ name: String, max: Int, into errors: inout FieldErrors) -> String {
        let value = req.formText(name)
        if value.isEmpty { errors["\(step).\(name)"] = req.t("validation.required") } else if value.count > max { errors["\(step).\(name)"] = req.t("validation.tooLong") }
        return value
    }

    func refused(_ req: Request, _ b: BreachIncident, _ errors: FieldErrors) async throws -> Response {
        let typed = ["day", "time", "reference", "reason", "method", "lessons"].reduce(into: [String: String]()) { $0[$1] = req.formText($1) }
        return try await BreachPage.render(req, incident: b, typed: typed, errors: errors, status: .unprocessableEntity)
    }

    func finish(_ req: Request, _ b: BreachIncident, _ action: String, done: String, change: () -> Void) async throws -> Response {
        change()
        let id = try b.requireID()
        try await req.db.writeTransaction { db in
            b.version += 1
            try await b.save(on: db)
            try await req.audit(action, record: ("breach_incident", id.uuidString), detail: b.reference, on: db)
        }
        return req.redirect(to: "/admin/breaches/\(id.uuidString)?done=\(done)")
    }

    /// A notification step: when it was sent and one line of how (the authority's reference, or how the people were told).
    func notified(_ req: Request, step: String, field: String, max: Int, action: String, done: String,
                  apply: @escaping (BreachIncident, Date, String) -> Void) async throws -> Response {
        let (b, closed) = try await open(req)
        if let closed { return closed }
        if step == "authority", !b.clock(now: req.now).isPending {
            return try await BreachPage.render(req, incident: b, alert: req.t("breach.error.settled"), status: .conflict)
        }
        var errors: FieldErrors = [:]
        let at = moment(req, step, b, into: &errors)
        let line = text(req, step, field, max: max, into: &errors)
        guard errors.isEmpty, let at else { return try await refused(req, b, errors) }
        return try await finish(req, b, action, done: done) { apply(b, at, line) }
    }

    func authority(req: Request) async throws -> Response {
        try await notified(req, step: "authority", field: "reference", max: 100, action: "breach.authorityNotified", done: "breachAuthority") {
            ($0.authorityNotifiedAt, $0.authorityReference) = ($1, $2)
        }
    }

    func people(req: Request) async throws -> Response {
        try await notified(req, step: "people", field: "method", max: 200, action: "breach.peopleNotified", done: "breachPeople") {
            ($0.peopleNotifiedAt, $0.peopleMethod) = ($1, $2)
        }
    }

    func notNotifiable(req: Request) async throws -> Response {
        let (b, closed) = try await open(req)
        if let closed { return closed }
        guard b.clock(now: req.now).isPending else {
            return try await BreachPage.render(req, incident: b, alert: req.t("breach.error.settled"), status: .conflict)
        }
        var errors: FieldErrors = [:]
        let reason = text(req, "notRequired", "reason", max: 1_000, into: &errors)
        guard errors.isEmpty else { return try await refused(req, b, errors) }
        return try await finish(req, b, "breach.notNotifiable", done: "breachSaved") { b.notNotifiableReason = reason }
    }

    func close(req: Request) async throws -> Response {
        let (b, closed) = try await open(req)
        if let closed { return closed }
        var errors: FieldErrors = [:]
        let lessons = text(req, "close", "lessons", max: 4_000, into: &errors)
        // The authority question comes first: told, or recorded as not notifiable with its reason.
        if b.clock(now: req.now).isPending { errors["close.lessons"] = req.t("breach.error.notSettled") }
        guard errors.isEmpty else { return try await refused(req, b, errors) }
        let staff = try req.requireStaff()
        return try await finish(req, b, "breach.closed", done: "breachClosed") { (b.lessons, b.closedAt, b.closedBy) = (lessons, req.now, staff.userID) }
    }
}
