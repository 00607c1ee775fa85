import Fluent
import LamasatCore
import Vapor

/// `/verify/<code>` (public): anyone holding her certificate can check it without signing in. It says only whether
/// the code is valid, revoked or unknown, and for a known code her name, hours and period — nothing else. An unknown
/// and a malformed code get the same page. Rate-limited per address, as the public case lookup is.
struct CertificateVerifyController: RouteCollection {
    static let perHour = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get("verify") { try await self.form(req: $0) }.declare(.public)
        routes.get("verify", ":code") { try await self.verify(req: $0) }.declare(.public)
    }

    struct VerifyView: Encodable {
        let page: PageContext
        /// valid, revoked, unknown, or nil for the empty form.
        let outcome: String?
        let outcomeText: String?
        let name: String?
        let hours: String?
        let from: String?
        let to: String?
        let typed: String
        let tooMany: Bool
    }

    /// The box to type a code from paper; its answer goes to the code's own address.
    func form(req: Request) async throws -> Response {
        if let typed = req.query[String.self, at: "code"]?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
            let path = CertificateCode.canonical(typed) ?? String(typed.filter { $0.isLetter || $0.isNumber }.prefix(20))
            return req.redirect(to: "/verify/\(path.isEmpty ? "-" : path)")
        }
        return try await req.render("volunteers/recognition/verify", VerifyView(
            page: PageContext(req, title: req.t("verify.title")), outcome: nil, outcomeText: nil, name: nil, hours: nil, from: nil, to: nil, typed: "",
            tooMany: false)).encodeResponse(for: req)
    }

    func verify(req: Request) async throws -> Response {
        let typed = String((req.parameters.get("code") ?? "").prefix(40))
        guard try await PublicLookup.take("verify", limit: Self.perHour, req: req) else {
            return try await req.render("volunteers/recognition/verify", VerifyView(
                page: PageContext(req, title: req.t("verify.title")), outcome: nil, outcomeText: nil, name: nil, hours: nil, from: nil, to: nil,
                typed: typed, tooMany: true)).encodeResponse(status: .tooManyRequests, for: req)
        }
        var found: (VolunteerCertificate, Volunteer)?
        if let code = CertificateCode.canonical(typed), let certificate = try await VolunteerCertificate.query(on: req.db).filter(\.$code == code).first(),
           let volunteer = try await Volunteer.find(certificate.volunteerID, on: req.db) {
            found = (certificate, volunteer)
        }
        let outcome = found.map { $0.0.revokedAt == nil ? "valid" : "revoked" } ?? "unknown"
        try await req.audit("volunteer.certificate.verified", record: found.map { (type: "volunteer", id: $0.1.id?.uuidString ?? "") }, detail: "outcome=\(outcome)")
        let formatter = DualCalendarFormatter(language: req.language)
        func day(_ stored: String) -> String { CalendarDay(stored: stored).map { formatter.date($0.moment).combined } ?? stored }
        return try await req.render("volunteers/recognition/verify", VerifyView(
            page: PageContext(req, title: req.t("verify.title")), outcome: outcome, outcomeText: req.t("verify.outcome.\(outcome)"),
            name: found?.1.name, hours: found.map { VolunteerHoursTotals.hours($0.0.minutes) },
            from: found.map { day($0.0.fromDay) }, to: found.map { day($0.0.toDay) }, typed: typed, tooMany: false)).encodeResponse(for: req)
    }
}

/// Her certificates in the volunteer area (`/v/certificate`): the list, and each one printable — only her own.
struct MyCertificatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("v", "certificate") { try await self.list(req: $0) }.declare(.public)
        routes.get("v", "certificate", ":certificateID") { try await self.open(req: $0) }.declare(.public)
    }

    struct Item: Encodable { let id: String; let period: String; let hours: String; let revoked: Bool }
    struct ListView: Encodable { let page: PageContext; let items: [Item]?; let total: String }

    func list(req: Request) async throws -> Response {
        guard let me = req.volunteer else { return req.redirect(to: "/v/signin") }
        let formatter = DualCalendarFormatter(language: req.language)
        func day(_ stored: String) -> String { CalendarDay(stored: stored).map { formatter.date($0.moment).gregorian } ?? stored }
        let certificates = try await VolunteerCertificate.query(on: req.db).filter(\.$volunteerID == me.volunteerID).sort(\.$issuedAt, .descending).all()
        try await req.audit("volunteer.certificate.listed", record: ("volunteer", me.volunteerID.uuidString))
        return try await req.render("volunteers/recognition/mine", ListView(
            page: PageContext(req, title: req.t("volunteer.certificate.mine")),
            items: try certificates.map { Item(id: try $0.requireID().uuidString, period: "\(day($0.fromDay)) — \(day($0.toDay))",
                                                hours: VolunteerHoursTotals.hours($0.minutes), revoked: $0.revokedAt != nil) }.nonEmpty,
            total: VolunteerHoursTotals.hours(try await VolunteerHours.totals(for: me.volunteerID, on: req.db).minutes))).encodeResponse(for: req)
    }

    func open(req: Request) async throws -> Response {
        guard let me = req.volunteer else { return req.redirect(to: "/v/signin") }
        guard let id = req.parameters.get("certificateID", as: UUID.self),
              let certificate = try await VolunteerCertificate.query(on: req.db).filter(\.$id == id).filter(\.$volunteerID == me.volunteerID).first()
        else { throw Abort(.notFound) }
        try await req.audit("volunteer.certificate.opened", record: ("volunteer", me.volunteerID.uuidString), detail: "certificate=\(id.uuidString)")
        return try await req.render("volunteers/recognition/certificate", try await CertificatePrint(req, certificate, volunteer: me.volunteer, back: "/v/certificate"))
            .encodeResponse(for: req)
    }
}
