import Fluent
import LamasatCore
import Vapor

/// The coordinator's recognition page for one volunteer (issue 17): her approved hours, the certificates issued to
/// her (print, revoke), a new certificate for a period, and a thanks message.
struct VolunteerCertificatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("volunteers", ":volunteerID", "certificate") { try await self.page(req: $0, status: .ok) }.requires(.manageVolunteers)
        routes.post("volunteers", ":volunteerID", "certificate") { try await self.issue(req: $0) }.requires(.manageVolunteers)
        routes.post("volunteers", ":volunteerID", "thanks") { try await self.thank(req: $0) }.requires(.manageVolunteers)
        routes.get("volunteers", "certificates", ":certificateID") { try await self.print(req: $0) }.requires(.manageVolunteers)
        routes.post("volunteers", "certificates", ":certificateID", "revoke") { try await self.revoke(req: $0) }.requires(.manageVolunteers)
    }

    struct Issued: Encodable {
        let id: String; let code: String; let period: String; let hours: String; let roles: String; let issued: String
        let revoked: String?; let fields: [FormField]
    }
    struct PageView: Encodable {
        let page: PageContext
        let id: String
        let name: String
        let number: String
        let total: String
        let byMonth: [VolunteerHoursController.Total]?
        let byKind: [VolunteerHoursController.Total]?
        let contacts: Int
        let certificates: [Issued]?
        let issueFields: [FormField]
        let thanksFields: [FormField]
        let error: String?
    }

    /// Forms sent back with their errors: which one (`issue`, `thanks`, a certificate id for a revocation).
    struct Posted { let form: String; var values: [String: String]; var errors: FieldErrors }

    private func volunteer(_ req: Request) async throws -> Volunteer {
        try await req.scoped(Volunteer.self, id: req.parameters.get("volunteerID"), branch: \.$branchID)
    }

    func page(req: Request, posted: Posted? = nil, volunteer given: Volunteer? = nil, status: HTTPStatus) async throws -> Response {
        let volunteer = if let given { given } else { try await volunteer(req) }
        let id = try volunteer.requireID()
        let totals = try await VolunteerHours.totals(for: id, on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let certificates = try await VolunteerCertificate.query(on: req.db).filter(\.$volunteerID == id).sort(\.$issuedAt, .descending).all()
        let today = CalendarDay.today(req.now).description
        func value(_ form: String, _ name: String, _ fallback: String = "") -> String { posted?.form == form ? posted?.values[name] ?? "" : fallback }
        func error(_ form: String, _ name: String) -> String? { posted?.form == form ? posted?.errors[name] : nil }
        try await req.audit("view", record: ("volunteer", id.uuidString), detail: "recognition")
        return try await req.render("volunteers/recognition/volunteer", PageView(
            page: PageContext(req, title: req.t("volunteer.certificate.pageTitle", volunteer.name)), id: id.uuidString, name: volunteer.name,
            number: volunteer.number, total: VolunteerHoursTotals.hours(totals.minutes),
            byMonth: totals.byMonth.map { .init(label: $0.month, hours: VolunteerHoursTotals.hours($0.minutes)) }.nonEmpty,
            byKind: totals.byKind.map { .init(label: req.t($0.kind.localizationKey), hours: VolunteerHoursTotals.hours($0.minutes)) }.nonEmpty,
            contacts: try await VolunteerServiceContacts.count(for: id, on: req.db),
            certificates: try certificates.map { c in
                let cid = try c.requireID().uuidString
                return Issued(id: cid, code: CertificateCode.grouped(c.code),
                              period: "\(CalendarDay(stored: c.fromDay).map { formatter.date($0.moment).combined } ?? c.fromDay) — \(CalendarDay(stored: c.toDay).map { formatter.date($0.moment).combined } ?? c.toDay)",
                              hours: VolunteerHoursTotals.hours(c.minutes), roles: c.roleList.map { req.t($0.localizationKey) }.joined(separator: "، "),
                              issued: formatter.date(c.issuedAt).combined,
                              revoked: c.revokedAt.map { req.t("volunteer.certificate.revokedOn", formatter.date($0).combined, c.revokeReason) },
                              fields: [FormField(name: "reason", label: req.t("volunteer.certificate.revokeReason"), value: value(cid, "reason"),
                                                 error: error(cid, "reason"), required: true, maxlength: 300, key: cid)].prepared())
            }.nonEmpty,
            issueFields: [FormField(name: "from", label: req.t("report.from"), kind: "date", value: value("issue", "from"), error: error("issue", "from"),
                                    required: true, dir: "ltr", max: today),
                          FormField(name: "to", label: req.t("report.to"), kind: "date", value: value("issue", "to", today), error: error("issue", "to"),
                                    required: true, dir: "ltr", max: today)].prepared(),
            thanksFields: [FormField(name: "message", label: req.t("volunteer.thanks.message"), kind: "textarea", value: value("thanks", "message"),
                                     hint: req.t("volunteer.thanks.hint"), error: error("thanks", "message"), required: true, maxlength: 300)].prepared(),
            error: posted == nil ? nil : req.t("volunteer.certificate.error")))
            .encodeResponse(status: status, for: req)
    }

    func issue(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let volunteer = try await volunteer(req)
        var posted = Posted(form: "issue", values: ["from": req.formText("from"), "to": req.formText("to")], errors: [:])
        let from = try? CalendarDay.day(posted.values["from"] ?? "", calendar: .gregorian)
        let to = try? CalendarDay.day(posted.values["to"] ?? "", calendar: .gregorian)
        if from == nil { posted.errors["from"] = req.t("volunteer.certificate.error.day") }
        if to == nil { posted.errors["to"] = req.t("volunteer.certificate.error.day") }
        if let from, let to {
            if to < from { posted.errors["to"] = req.t("volunteer.certificate.error.order") }
            if CalendarDay.today(req.now) < to { posted.errors["to"] = req.t("volunteer.certificate.error.future") }
        }
        guard posted.errors.isEmpty, let from, let to else { return try await page(req: req, posted: posted, volunteer: volunteer, status: .unprocessableEntity) }
        let certificate = try await req.db.writeTransaction { db -> VolunteerCertificate? in
            guard let made = try await VolunteerCertificate.issue(for: volunteer, from: from, to: to, by: staff.userID, now: req.now, on: db) else { return nil }
            try await req.audit("volunteer.certificate.issued", record: ("volunteer", try volunteer.requireID().uuidString),
                                detail: "certificate=\(try made.requireID().uuidString) minutes=\(made.minutes)", on: db)
            return made
        }
        guard let certificate else {
            posted.errors["from"] = req.t("volunteer.certificate.error.noHours")
            return try await page(req: req, posted: posted, volunteer: volunteer, status: .unprocessableEntity)
        }
        return req.redirect(to: "/volunteers/certificates/\(try certificate.requireID().uuidString)")
    }

    private func certificate(_ req: Request) async throws -> VolunteerCertificate {
        try await req.scoped(VolunteerCertificate.self, id: req.parameters.get("certificateID"), branch: \.$branchID)
    }

    func print(req: Request) async throws -> View {
        let certificate = try await certificate(req)
        guard let volunteer = try await Volunteer.find(certificate.volunteerID, on: req.db) else { throw Abort(.notFound) }
        try await req.audit("volunteer.certificate.printed", record: ("volunteer", certificate.volunteerID.uuidString))
        return try await req.render("volunteers/recognition/certificate",
                                    try await CertificatePrint(req, certificate, volunteer: volunteer, back: "/volunteers/\(certificate.volunteerID.uuidString)/certificate"))
    }

    func revoke(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let certificate = try await certificate(req)
        let reason = req.formText("reason")
        let id = try certificate.requireID().uuidString
        var errors: FieldErrors = [:]
        if reason.isEmpty { errors["reason"] = req.t("volunteer.certificate.error.reason") } else if reason.count > 300 { errors["reason"] = req.t("validation.tooLong") }
        if certificate.revokedAt != nil { errors["reason"] = req.t("volunteer.certificate.error.revoked") }
        guard errors.isEmpty else {
            req.parameters.set("volunteerID", to: certificate.volunteerID.uuidString)
            return try await page(req: req, posted: Posted(form: id, values: ["reason": reason], errors: errors), status: .unprocessableEntity)
        }
        certificate.revokedAt = req.now
        certificate.revokedBy = staff.userID
        certificate.revokeReason = reason
        try await req.db.writeTransaction { db in
            try await certificate.save(on: db)
            try await req.audit("volunteer.certificate.revoked", record: ("volunteer", certificate.volunteerID.uuidString), detail: "certificate=\(id)", on: db)
        }
        return req.redirect(to: "/volunteers/\(certificate.volunteerID.uuidString)/certificate?done=certificateRevoked")
    }

    /// A free thanks message to her mobile through the outbox.
    func thank(req: Request) async throws -> Response {
        let volunteer = try await volunteer(req)
        let message = req.formText("message")
        var errors: FieldErrors = [:]
        if message.isEmpty { errors["message"] = req.t("validation.required") } else if message.count > 300 { errors["message"] = req.t("validation.tooLong") }
        guard errors.isEmpty else {
            return try await page(req: req, posted: Posted(form: "thanks", values: ["message": message], errors: errors), volunteer: volunteer, status: .unprocessableEntity)
        }
        let id = try volunteer.requireID().uuidString
        try await req.db.writeTransaction { db in
            let sent = try await Outbox.enqueue(Outbox.Draft(
                channel: .sms, recipient: volunteer.mobile, subject: "volunteer-thanks:\(volunteer.number)", body: message,
                idempotencyKey: "volunteer-thanks:\(id):\(UUID().uuidString)", relatedType: "volunteer", relatedID: id, branchID: volunteer.branchID),
                now: req.now, on: db)
            try await req.audit("volunteer.thanked", record: ("volunteer", id), detail: "message=\(try sent.requireID().uuidString)", on: db)
        }
        return req.redirect(to: "/volunteers/\(id)/certificate?done=volunteerThanked")
    }
}
