import Fluent
import LamasatCore
import Vapor

/// `/admin/breaches`: the register of personal-data breaches, for administrators only. Each incident is recorded with
/// its facts, gets its notification drafts written at once, and shows the 72-hour clock to notify the authority in
/// large type until the authority is told (or the incident is judged not notifiable, with its reason).
struct BreachRegisterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let breaches = routes.grouped("admin", "breaches")
        breaches.get { try await self.index(req: $0) }.requires(.manageBreaches)
        breaches.get("new") { try await self.form(req: $0, incident: nil, typed: BreachForm(now: $0.now), errors: [:], alert: nil, status: .ok) }
            .requires(.manageBreaches)
        breaches.post { try await self.save(req: $0, incident: nil) }.requires(.manageBreaches)
        breaches.get(":breachID") { try await BreachPage.render($0, incident: try await Self.incident($0), status: .ok) }.requires(.manageBreaches)
        breaches.get(":breachID", "edit") { req in
            let incident = try await Self.incident(req)
            return try await self.form(req: req, incident: incident, typed: BreachForm(incident), errors: [:], alert: nil, status: .ok)
        }.requires(.manageBreaches)
        breaches.post(":breachID") { try await self.save(req: $0, incident: try await Self.incident($0)) }.requires(.manageBreaches)
    }

    /// Association-wide: the register has no branch, and only administrators reach it.
    static func incident(_ req: Request) async throws -> BreachIncident {
        guard let id = req.parameters.get("breachID", as: UUID.self), let incident = try await BreachIncident.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return incident
    }

    // MARK: list

    struct Row: Encodable {
        let id: String; let reference: String; let title: String; let discovered: String; let people: Int; let risk: String; let riskCode: String
        let clock: String; let clockCode: String; let closed: Bool
    }

    struct IndexView: Encodable {
        let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging
        /// The incidents still waiting to notify the authority, most urgent first, shown above the list.
        let pending: [Row]?
    }

    static let filterNames = ["q", "state", "risk"]

    func index(req: Request) async throws -> View {
        let typed = req.listFilters(Self.filterNames)
        let query = BreachIncident.query(on: req.db)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            let digits = q.uppercased().replacingOccurrences(of: "BR-", with: "")
            query.group(.or) { group in
                group.filter(\.$title, .custom("LIKE"), "%\(q)%")
                if let number = Int64(digits) { group.filter(\.$number == number) }
            }
        }
        switch typed["state"] {
        case "open": query.filter(\.$closedAt == nil)
        case "closed": query.filter(\.$closedAt != nil)
        case "pending": query.awaitingAuthority()
        default: break
        }
        if let risk = BreachRisk(rawValue: typed["risk"]!) { query.filter(\.$risk == risk) }
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.sort(\.$discoveredAt, .descending).page(page)
        let pending = try await BreachIncident.query(on: req.db).awaitingAuthority().sort(\.$discoveredAt).limit(20).all()
        let filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("breach.list.searchHint")),
            FormField.filter(req, name: "state", label: req.t("breach.list.state"), selected: typed["state"]!,
                             choices: ["pending", "open", "closed"].map { ($0, req.t("breach.list.state.\($0)")) }),
            FormField.filter(req, name: "risk", label: req.t("breach.field.risk"), selected: typed["risk"]!,
                             choices: BreachRisk.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ]
        try await req.audit("view", record: ("breach_incidents", "list"))
        return try await req.render("privacy/breaches", IndexView(
            page: PageContext(req, title: req.t("breach.title")), filters: filters, rows: Self.rows(items, req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/breaches", filters: typed), pending: Self.rows(pending, req).nonEmpty))
    }

    static func rows(_ items: [BreachIncident], _ req: Request) -> [Row] {
        let formatter = DualCalendarFormatter(language: req.language)
        return items.map { b in
            let clock = b.clock(now: req.now)
            return Row(id: b.id!.uuidString, reference: b.reference, title: b.title, discovered: formatter.dateTime(b.discoveredAt).combined,
                       people: b.peopleAffected, risk: req.t(b.risk.localizationKey), riskCode: b.risk.rawValue,
                       clock: BreachPage.clockText(clock, req), clockCode: clock.key, closed: b.closedAt != nil)
        }
    }

    // MARK: record and correct

    struct FormView: Encodable { let page: PageContext; let action: String; let back: String; let version: String; let alert: String?; let fields: [FormField] }

    func form(req: Request, incident: BreachIncident?, typed: BreachForm, errors: FieldErrors, alert: String?, status: HTTPStatus) async throws -> Response {
        let id = incident?.id?.uuidString
        return try await req.render("privacy/breach-form", FormView(
            page: PageContext(req, title: incident.map { req.t("breach.edit", $0.reference) } ?? req.t("breach.new")),
            action: id.map { "/admin/breaches/\($0)" } ?? "/admin/breaches", back: id.map { "/admin/breaches/\($0)" } ?? "/admin/breaches",
            version: typed["version"], alert: alert, fields: typed.fields(req, errors: errors, editing: incident != nil)
        )).encodeResponse(status: status, for: req)
    }

    func save(req: Request, incident: BreachIncident?) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = BreachForm(request: req)
        let (valid, errors) = typed.validate(req, editing: incident != nil)
        guard let valid else { return try await form(req: req, incident: incident, typed: typed, errors: errors, alert: nil, status: .unprocessableEntity) }
        if incident?.closedAt != nil { return try await BreachPage.render(req, incident: incident!, alert: req.t("breach.error.closed"), status: .conflict) }
        let organization = try await req.organization().nameArabic
        guard let incident else {
            let made = BreachIncident()
            typed.apply(valid, to: made, editing: false)
            (made.authorityReference, made.peopleMethod, made.notNotifiableReason, made.lessons) = ("", "", "", "")
            made.recordedBy = staff.userID
            made.createdAt = req.now
            made.version = 1
            try await req.db.writeTransaction { db in
                made.number = try await Counters.next("breach_incident", on: db)
                made.authorityDraft = BreachDrafts.authority(made, organization: organization)
                made.peopleDraft = BreachDrafts.people(made, organization: organization)
                try await made.create(on: db)
                // The register's own trail: which incident and its risk, not its facts.
                try await req.audit("breach.recorded", record: ("breach_incident", try made.requireID().uuidString),
                                    detail: "\(made.reference) risk=\(made.risk.rawValue) people=\(made.peopleAffected)", on: db)
            }
            return req.redirect(to: "/admin/breaches/\(try made.requireID().uuidString)?done=breachRecorded")
        }
        let id = try incident.requireID()
        let saved = try await req.db.writeTransaction { db -> Bool in
            guard let version = try await OptimisticLock.bump(BreachIncident.schema, id: id, expected: ArabicDigits.parseInt(typed["version"]) ?? -1, on: db)
            else { return false }
            typed.apply(valid, to: incident, editing: true)
            incident.version = version
            try await incident.save(on: db)
            try await req.audit("breach.updated", record: ("breach_incident", id.uuidString),
                                detail: "\(incident.reference) risk=\(incident.risk.rawValue) people=\(incident.peopleAffected)", on: db)
            return true
        }
        guard saved else {
            var again = typed
            again.values["version"] = String(try await BreachIncident.find(id, on: req.db)?.version ?? 0)
            return try await form(req: req, incident: incident, typed: again, errors: [:], alert: req.t("breach.error.stale"), status: .conflict)
        }
        return req.redirect(to: "/admin/breaches/\(id.uuidString)?done=breachSaved")
    }
}
