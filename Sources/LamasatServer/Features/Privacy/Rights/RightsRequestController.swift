import Fluent
import LamasatCore
import Vapor

/// A rights request recorded by an officer from her file, and its steps: her identity confirmed, the decision with its
/// reasons (a refusal or a partial answer must give them), the answer delivered, and the one extension of the
/// deadline with its reason. Each step in its order, under the request's version, audited; within her branch reach.
struct RightsRequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let file = routes.grouped("beneficiaries", ":beneficiaryID", "rights")
        file.get("new") { try await self.form(req: $0, typed: [:], errors: [:], status: .ok) }.requires(.handleRightsRequests)
        file.post("new") { try await self.create(req: $0) }.requires(.handleRightsRequests)
        let one = routes.grouped("rights", ":rightsID")
        one.get { try await RightsPage.render($0, try await Self.request($0), status: .ok) }.requires(.handleRightsRequests)
        one.post("identity") { try await self.identity(req: $0) }.requires(.handleRightsRequests)
        one.post("decide") { try await self.decide(req: $0) }.requires(.handleRightsRequests)
        one.post("answer") { try await self.answer(req: $0) }.requires(.handleRightsRequests)
        one.post("extend") { try await self.extend(req: $0) }.requires(.handleRightsRequests)
    }

    static func request(_ req: Request) async throws -> RightsRequest {
        try await req.scoped(RightsRequest.self, id: req.parameters.get("rightsID"), branch: \.$branchID)
    }

    // MARK: recorded by an officer

    struct FormView: Encodable { let page: PageContext; let action: String; let back: String; let fields: [FormField] }

    func form(req: Request, typed: [String: String], errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let id = try file.requireID().uuidString
        let fields = [
            FormField(name: "kind", label: req.t("rights.field.kind"), kind: "select", error: errors["kind"], required: true,
                      options: [FormField.Option.choose(req)] + RightsRequestKind.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: typed["kind"] == $0.rawValue) }),
            FormField(name: "details", label: req.t("rights.field.details"), kind: "textarea", value: typed["details"] ?? "",
                      hint: req.t("rights.field.details.hint"), error: errors["details"], maxlength: RightsIntake.detailsLimit, wide: true),
            FormField(name: "identity", label: req.t("rights.field.identity"), kind: "select", hint: req.t("rights.field.identity.hint"),
                      error: errors["identity"],
                      options: [FormField.Option(value: "", label: req.t("rights.identity.later"), selected: (typed["identity"] ?? "").isEmpty)]
                        + [RightsIdentityMethod.idSeen, .callBack].map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: typed["identity"] == $0.rawValue) }),
        ].prepared()
        return try await req.render("privacy/rights-form", FormView(
            page: PageContext(req, title: req.t("rights.new", file.name.full)), action: "/beneficiaries/\(id)/rights/new", back: "/beneficiaries/\(id)?tab=rights",
            fields: fields
        )).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        let typed = ["kind", "details", "identity"].reduce(into: [String: String]()) { $0[$1] = req.formText($1) }
        var (kind, errors) = RightsIntake.validate(kind: typed["kind"]!, details: typed["details"]!, req)
        let identity = RightsIdentityMethod(rawValue: typed["identity"]!)
        if !typed["identity"]!.isEmpty && (identity == nil || identity == .portalCode) { errors["identity"] = req.t("validation.choose") }
        guard errors.isEmpty, let kind else { return try await form(req: req, typed: typed, errors: errors, status: .unprocessableEntity) }
        let made = try await req.db.writeTransaction { db in
            let made = try await RightsIntake.receive(.init(kind: kind, details: typed["details"]!, source: .staff, identity: identity), file: file,
                                                      by: staff.userID, now: req.now, on: db)
            try await req.audit("rights.received", record: ("rights_request", try made.requireID().uuidString),
                                detail: "\(made.reference) kind=\(kind.rawValue) file=\(try file.requireID().uuidString)", on: db)
            return made
        }
        return req.redirect(to: "/rights/\(try made.requireID().uuidString)?done=rightsReceived")
    }

    // MARK: steps

    /// Runs a step on a request in `from`, or answers 409 with the page when it has moved on.
    func step(_ req: Request, _ key: String, from: Set<RightsRequestStatus>,
              _ check: (RightsRequest, inout FieldErrors) async throws -> (@Sendable (RightsRequest) -> String)?) async throws -> Response {
        let r = try await Self.request(req)
        guard from.contains(r.status) else { return try await RightsPage.render(req, r, alert: req.t("rights.error.moved"), status: .conflict) }
        var errors: FieldErrors = [:]
        let apply = try await check(r, &errors)
        guard errors.isEmpty, let apply else {
            let typed = ["method", "decision", "reasons", "day", "answerMethod", "answerNote", "days", "extensionReason"]
                .reduce(into: [String: String]()) { $0[$1] = req.formText($1) }
            return try await RightsPage.render(req, r, typed: typed, errors: errors, status: .unprocessableEntity)
        }
        let id = try r.requireID()
        let moved = try await req.db.writeTransaction { db -> Bool in
            guard let version = try await OptimisticLock.bump(RightsRequest.schema, id: id, expected: r.version, on: db) else { return false }
            let detail = apply(r)
            r.version = version
            try await r.save(on: db)
            try await req.audit("rights.\(key)", record: ("rights_request", id.uuidString), detail: "\(r.reference) \(detail)", on: db)
            return true
        }
        guard moved else { return try await RightsPage.render(req, try await Self.request(req), alert: req.t("rights.error.moved"), status: .conflict) }
        return req.redirect(to: "/rights/\(id.uuidString)?done=rights\(key.prefix(1).uppercased() + key.dropFirst())")
    }

    func identity(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        return try await step(req, "identity", from: [.received]) { _, errors in
            guard let method = RightsIdentityMethod(rawValue: req.formText("method")), method != .portalCode else {
                errors["identity.method"] = req.t("validation.choose"); return nil
            }
            return { r in
                (r.identityMethod, r.identityCheckedAt, r.identityCheckedBy, r.status) = (method.rawValue, req.now, staff.userID, .verified)
                return "method=\(method.rawValue)"
            }
        }
    }

    func decide(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        return try await step(req, "decided", from: [.verified]) { _, errors in
            let decision = RightsDecision(rawValue: req.formText("decision"))
            let reasons = req.formText("reasons")
            if decision == nil { errors["decide.decision"] = req.t("validation.choose") }
            if reasons.count > 2_000 { errors["decide.reasons"] = req.t("validation.tooLong") } else if decision?.needsReasons == true && reasons.isEmpty {
                errors["decide.reasons"] = req.t("rights.error.reasons")
            }
            guard let decision, errors.isEmpty else { return nil }
            return { r in
                (r.decision, r.decisionReasons, r.decidedAt, r.decidedBy, r.status) = (decision, reasons, req.now, staff.userID, .decided)
                return "decision=\(decision.rawValue)"
            }
        }
    }

    func answer(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        return try await step(req, "answered", from: [.decided]) { r, errors in
            let method = RightsAnswerMethod(rawValue: req.formText("answerMethod"))
            let note = req.formText("answerNote")
            if method == nil { errors["answer.answerMethod"] = req.t("validation.choose") }
            if note.count > 1_000 { errors["answer.answerNote"] = req.t("validation.tooLong") }
            // The day it reached her: today (at this moment), or an earlier day since she asked.
            let today = CalendarDay.today(req.now)
            let day = try? CalendarDay.day(req.formText("day"), calendar: .gregorian)
            var at: Date?
            if let day, day == today { at = req.now } else if let day, day < today, day >= CalendarDay.today(r.receivedAt) {
                at = CalendarDay.moment(day: day.description, time: "12:00")
            }
            if at == nil { errors["answer.day"] = req.t("rights.error.day") }
            guard let method, let at, errors.isEmpty else { return nil }
            return { r in
                (r.answeredAt, r.answerMethod, r.answerNote, r.answeredBy, r.status) = (at, method.rawValue, note, staff.userID, .answered)
                return "method=\(method.rawValue) inTime=\(r.answeredInTime == true)"
            }
        }
    }

    func extend(req: Request) async throws -> Response {
        let calendar = try await Holiday.calendar(on: req.db)
        let current = try await Self.request(req)
        if current.extendedDueAt != nil { return try await RightsPage.render(req, current, alert: req.t("rights.error.extendedOnce"), status: .conflict) }
        return try await step(req, "extended", from: [.received, .verified, .decided]) { r, errors in
            let reason = req.formText("extensionReason")
            let days = ArabicDigits.parseInt(req.formText("days")).flatMap { (1...RightsDeadline.maximumExtension).contains($0) ? $0 : nil }
            if days == nil { errors["extend.days"] = req.t("rights.error.days") }
            if reason.isEmpty { errors["extend.extensionReason"] = req.t("validation.required") } else if reason.count > 1_000 {
                errors["extend.extensionReason"] = req.t("validation.tooLong")
            }
            guard let days, errors.isEmpty else { return nil }
            return { r in
                (r.extendedDueAt, r.extensionReason) = (RightsDeadline(calendar: calendar).due(from: r.dueAt, days: days), reason)
                return "days=\(days)"
            }
        }
    }
}
