import Fluent
import LamasatCore
import Vapor

/// One incident's page: the clock in large type, the facts, the two drafts ready to copy or print, and the forms of
/// the steps still open (authority told, people told, not notifiable, closed with lessons).
enum BreachPage {

    struct ShowView: Encodable {
        let page: PageContext
        let id: String; let reference: String; let title: String
        let clock: String; let clockCode: String; let deadline: String
        let facts: [FactRow]; let authorityDraft: String; let peopleDraft: String
        let closed: Bool; let alert: String?; let steps: [StepForm]?
    }

    /// The clock's sentence: hours left, hours over, or how it ended.
    static func clockText(_ clock: BreachClock, _ req: Request) -> String {
        switch clock.state {
        case .running(let remaining): return req.t("breach.clock.running", String(BreachClock.hours(remaining, roundingUp: true)))
        case .overdue(let by): return req.t("breach.clock.overdue", String(BreachClock.hours(by, roundingUp: false)))
        default: return req.t("breach.clock.\(clock.key)")
        }
    }

    static func render(_ req: Request, incident b: BreachIncident, typed: [String: String] = [:], errors: FieldErrors = [:], alert: String? = nil,
                       status: HTTPStatus) async throws -> Response {
        let id = try b.requireID().uuidString
        let formatter = DualCalendarFormatter(language: req.language)
        let clock = b.clock(now: req.now)
        let when = { (d: Date?) in d.map { formatter.dateTime($0).combined } ?? "—" }
        let users = try await StaffUser.query(on: req.db).filter(\.$id ~~ ([b.recordedBy] + [b.closedBy].compactMap { $0 })).all()
        let name = { (u: UUID?) in users.first { $0.id == u }?.fullName ?? "—" }
        var facts = [
            FactRow(label: req.t("breach.field.details"), value: b.details),
            FactRow(label: req.t("breach.field.occurredDay"), value: when(b.occurredAt)),
            FactRow(label: req.t("breach.field.discoveredDay"), value: when(b.discoveredAt)),
            FactRow(label: req.t("breach.field.recordsAffected"), value: String(b.recordsAffected)),
            FactRow(label: req.t("breach.field.peopleAffected"), value: String(b.peopleAffected)),
            FactRow(label: req.t("breach.field.dataCategories"), value: b.dataCategories),
            FactRow(label: req.t("breach.field.risk"), value: req.t(b.risk.localizationKey)),
            FactRow(label: req.t("breach.field.containment"), value: b.containment.isEmpty ? "—" : b.containment),
            FactRow(label: req.t("breach.recordedBy"), value: "\(name(b.recordedBy)) · \(when(b.createdAt))"),
        ]
        if let at = b.authorityNotifiedAt { facts.append(FactRow(label: req.t("breach.authorityNotified"), value: "\(when(at)) · \(b.authorityReference)")) }
        if !b.notNotifiableReason.isEmpty { facts.append(FactRow(label: req.t("breach.field.reason"), value: b.notNotifiableReason)) }
        if let at = b.peopleNotifiedAt { facts.append(FactRow(label: req.t("breach.peopleNotified"), value: "\(when(at)) · \(b.peopleMethod)")) }
        if let at = b.closedAt {
            facts.append(FactRow(label: req.t("breach.closedAt"), value: "\(name(b.closedBy)) · \(when(at))"))
            facts.append(FactRow(label: req.t("breach.field.lessons"), value: b.lessons))
        }
        try await req.auditView("breach_incident", id: id)
        return try await req.render("privacy/breach", ShowView(
            page: PageContext(req, title: "\(b.reference) · \(b.title)"), id: id, reference: b.reference, title: b.title,
            clock: clockText(clock, req), clockCode: clock.key, deadline: when(clock.deadline), facts: facts,
            authorityDraft: b.authorityDraft, peopleDraft: b.peopleDraft, closed: b.closedAt != nil, alert: alert,
            steps: b.closedAt != nil ? nil : steps(req, b, typed: typed, errors: errors)
        )).encodeResponse(status: status, for: req)
    }

    static func steps(_ req: Request, _ b: BreachIncident, typed: [String: String], errors: FieldErrors) -> [StepForm] {
        let base = "/admin/breaches/\(b.id!.uuidString)"
        let now = CalendarDay.dayAndTime(req.now)
        func value(_ name: String, _ fallback: String = "") -> String { typed[name] ?? fallback }
        func moment(_ step: String) -> [FormField] {
            [FormField(name: "day", label: req.t("breach.field.day"), kind: "date", value: value("day", now.day), error: errors["\(step).day"],
                       required: true, dir: "ltr", key: step),
             FormField(name: "time", label: req.t("breach.field.time"), kind: "time", value: value("time", now.time), required: true, dir: "ltr", key: step)]
        }
        func text(_ step: String, _ name: String, kind: String = "text", max: Int) -> FormField {
            FormField(name: name, label: req.t("breach.field.\(name)"), kind: kind, value: value(name), hint: req.t("breach.field.\(name).hint"),
                      error: errors["\(step).\(name)"], required: true, maxlength: max, key: step, wide: kind == "textarea")
        }
        var steps: [StepForm] = []
        if b.clock(now: req.now).isPending {
            steps.append(StepForm(key: "authority", title: req.t("breach.step.authority"), action: "\(base)/authority",
                              fields: (moment("authority") + [text("authority", "reference", max: 100)]).prepared(), button: req.t("breach.step.authority.button")))
            steps.append(StepForm(key: "notRequired", title: req.t("breach.step.notRequired"), action: "\(base)/not-notifiable",
                              fields: [text("notRequired", "reason", kind: "textarea", max: 1_000)].prepared(), button: req.t("breach.step.notRequired.button")))
        }
        if b.peopleNotifiedAt == nil {
            steps.append(StepForm(key: "people", title: req.t("breach.step.people"), action: "\(base)/people",
                              fields: (moment("people") + [text("people", "method", max: 200)]).prepared(), button: req.t("breach.step.people.button")))
        }
        steps.append(StepForm(key: "close", title: req.t("breach.step.close"), action: "\(base)/close",
                          fields: [text("close", "lessons", kind: "textarea", max: 4_000)].prepared(), button: req.t("breach.step.close.button")))
        return steps
    }
}
