import Fluent
import LamasatCore
import Vapor

/// Her consents on her file: what holds for each purpose and its whole history (the "الموافقات" tab), and the page
/// where an officer records a change she made (given, renewed or withdrawn), on paper or by her word.
struct ConsentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let consents = routes.grouped("beneficiaries", ":beneficiaryID", "consents")
        consents.get("new") { try await self.form(req: $0, typed: ConsentForm(purpose: $0.query[String.self, at: "purpose"] ?? ""), errors: [:], status: .ok) }
            .requires(.editBeneficiaries)
        consents.post { try await self.save(req: $0) }.requires(.editBeneficiaries)
    }

    struct FormView: Encodable { let page: PageContext; let id: String; let name: String; let action: String; let fields: [FormField] }

    func form(req: Request, typed: ConsentForm, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let id = try file.requireID().uuidString
        return try await req.render("beneficiaries/consent-form", FormView(
            page: PageContext(req, title: req.t("consent.record.title")), id: id, name: file.name.full, action: "/beneficiaries/\(id)/consents",
            fields: typed.fields(req, errors: errors).prepared()
        )).encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let fileID = try file.requireID()
        let typed = ConsentForm(request: req)
        let current = try await ConsentLedger.current(of: fileID, on: req.db)
        let (change, errors) = typed.validate(req, current: current, processingHeld: file.consentGiven)
        guard let change else { return try await form(req: req, typed: typed, errors: errors, status: .unprocessableEntity) }
        let staff = try req.requireStaff()
        try await req.db.writeTransaction { db in
            let row = try await ConsentLedger.record(change, file: file, by: staff.userID, now: req.now, on: db)
            try await req.audit(change.granted ? "consent.given" : "consent.withdrawn", record: ("beneficiary", fileID.uuidString),
                                detail: "purpose=\(change.purpose.rawValue) record=\(try row.requireID().uuidString)", on: db)
        }
        return req.redirect(to: "/beneficiaries/\(fileID.uuidString)?tab=consent&done=consentSaved")
    }
}

/// The officer's form: the purpose, the partner when sharing, given or withdrawn, how, and a note.
struct ConsentForm {
    var values: [String: String]
    static let names = ["purpose", "partner", "decision", "method", "note"]

    init(purpose: String) { values = ["purpose": purpose, "decision": "grant", "method": ConsentMethod.signedPaper.rawValue] }
    init(request: Request) { values = Self.names.reduce(into: [:]) { $0[$1] = request.formText($1) } }
    subscript(_ name: String) -> String { values[name] ?? "" }

    func validate(_ req: Request, current: [ConsentRecord], processingHeld: Bool) -> (ConsentLedger.Change?, FieldErrors) {
        var errors: FieldErrors = [:]
        let purpose = ConsentPurpose(rawValue: self["purpose"])
        if purpose == nil { errors["purpose"] = req.t("validation.choose") }
        let partner = self["partner"].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if purpose == .sharing {
            if partner.isEmpty { errors["partner"] = req.t("consent.error.partner") } else if partner.count > 120 { errors["partner"] = req.t("validation.tooLong") }
        }
        let granted: Bool? = switch self["decision"] { case "grant": true; case "withdraw": false; default: nil }
        if granted == nil { errors["decision"] = req.t("validation.choose") }
        // Only what a person records: the portal and a reply to a message record themselves.
        let method = ConsentMethod(rawValue: self["method"]).flatMap { $0 == .portal ? nil : $0 }
        if method == nil { errors["method"] = req.t("validation.choose") }
        if self["note"].count > 500 { errors["note"] = req.t("validation.tooLong") }
        if let purpose, granted == false, errors.isEmpty {
            let holds = current.first { $0.purpose == purpose && $0.partner == (purpose == .sharing ? partner : "") }?.granted
                ?? (purpose == .processing ? processingHeld : purpose != .sharing)
            if !holds { errors["decision"] = req.t("consent.error.notGiven") }
        }
        guard errors.isEmpty, let purpose, let granted, let method else { return (nil, errors) }
        return (ConsentLedger.Change(purpose: purpose, partner: partner, granted: granted, method: method, source: .staff, note: self["note"]), [:])
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "purpose", label: req.t("consent.field.purpose"), kind: "select", error: errors["purpose"], required: true,
                      options: [.choose(req)] + FormField.Option.choices(ConsentPurpose.allCases, selected: self["purpose"], req)),
            FormField(name: "partner", label: req.t("consent.field.partner"), value: self["partner"], hint: req.t("consent.field.partner.hint"),
                      error: errors["partner"], maxlength: 120),
            FormField(name: "decision", label: req.t("consent.field.decision"), kind: "select", error: errors["decision"], required: true,
                      options: [FormField.Option(value: "grant", label: req.t("consent.decision.grant"), selected: self["decision"] == "grant"),
                                FormField.Option(value: "withdraw", label: req.t("consent.decision.withdraw"), selected: self["decision"] == "withdraw")]),
            FormField(name: "method", label: req.t("consent.field.method"), kind: "select", error: errors["method"], required: true,
                      options: FormField.Option.choices(ConsentMethod.allCases.filter { $0 != .portal }, selected: self["method"], req)),
            FormField(name: "note", label: req.t("consent.field.note"), kind: "textarea", value: self["note"], error: errors["note"], maxlength: 500),
        ]
    }
}
