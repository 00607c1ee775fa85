import Fluent
import LamasatCore
import Vapor

/// [P-6], [P-8] Her sign-in: national ID, then a six-digit code by SMS to the mobile on her file. The answer, and the
/// work done to give it, are the same whether or not the ID belongs to a file: a challenge row and a job are written
/// either way, and only the job, later, sends a message when there is someone to send it to.
struct PortalSignInController: RouteCollection {
    static let codeJob = "portal.code"

    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal")
        portal.get("signin") { try await self.form(req: $0, status: .ok) }.declare(.public)
        portal.post("signin") { try await self.requestCode(req: $0) }.declare(.public)
        portal.get("code", ":ticket") { try await self.codeForm(req: $0, error: nil, status: .ok) }.declare(.public)
        portal.post("code", ":ticket") { try await self.verify(req: $0) }.declare(.public)
        portal.post("signout") { try await self.signOut(req: $0) }.declare(.beneficiary)
    }

    func form(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        if req.portal != nil, req.method == .GET { return req.redirect(to: "/portal") }
        return try await req.render("portal/signin", OneTimeCodes.IdentityPage(page: PageContext(req, title: req.t("portal.signin.title")),
                                                             fields: (req.method == .POST ? PortalSignInForm(request: req) : PortalSignInForm()).fields(req, errors: errors),
                                                             error: error))
            .encodeResponse(status: status, for: req)
    }

    func requestCode(req: Request) async throws -> Response {
        let (id, errors) = PortalSignInForm(request: req).validate(req)
        guard let id else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        // A phone she signed in from before carries a device mark and has its own allowance (at most seven an hour
        // for an ID, whoever asks).
        if let refused = try await Self.codes.take(identity: id.value, knownDevice: PortalDevice.recognises(id.value, req: req), req: req) {
            return try await form(req: req, error: refused.message(req), status: .tooManyRequests)
        }
        let file = try await Beneficiary.query(on: req.db).filter(\.$nationalID == id.value).filter(\.$status != .closed).first()
        let ticket = try await Self.codes.issue(identity: id.value, subject: file.flatMap { $0.mobile.isEmpty ? nil : $0.id }, job: Self.codeJob, req: req)
        return req.redirect(to: "/portal/code/\(ticket)")
    }

    static let codes = OneTimeCodes(audience: .portal)

    /// Codes asked for her ID in this hour's window, the slowed ones included (staff see it on her file).
    static func codesAsked(nationalID: String, req: Request) async throws -> Int {
        struct Row: Decodable { let count: Int }
        let window = OneTimeCodePolicy.standard.windowIndex(req.now)
        return try await req.db.sql.raw("""
            SELECT count FROM portal_rates WHERE bucket LIKE \(bind: "identity:\(codes.identityKey(nationalID, req)):%") AND window_index = \(bind: window)
            """).all(decoding: Row.self).reduce(0) { $0 + $1.count }
    }

    /// Staff clear her ID's counters when she calls because someone used up her codes.
    static func clearLimit(nationalID: String, req: Request, on db: any Database) async throws {
        try await db.sql.raw("DELETE FROM portal_rates WHERE bucket LIKE \(bind: "identity:\(codes.identityKey(nationalID, req)):%")").run()
    }

    /// The job: sends the code by SMS to the mobile on her file, urgent (quiet hours do not apply), in the language
    /// she reads. For an unknown ID there is nobody to send to.
    static func send(_ context: JobContext) async throws {
        try await OneTimeCodes.send(context) { challenge, code in
            guard let beneficiaryID = challenge.beneficiaryID, let file = try await Beneficiary.find(beneficiaryID, on: context.db) else { return nil }
            let english = try await MessageTemplate.language(for: file.id, on: context.db) == .en
            let body = english
                ? "Lamasat: your portal sign-in code is \(code). It works for 10 minutes. Never share it; our staff will never ask for it."
                : "جمعية لمسات: رمز الدخول إلى بوابتك \(code). صالح 10 دقائق. لا تشاركيه مع أحد، ولن يطلبه منك موظفو الجمعية."
            let id = try challenge.requireID().uuidString
            return Outbox.Draft(channel: .sms, recipient: file.mobile, subject: "portal code", body: body, idempotencyKey: "portal-code:\(id)",
                                relatedType: "portal_code", relatedID: id, branchID: file.$branch.id, urgent: true)
        }
    }

    func codeForm(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        try await Self.codes.codePage("portal/code", prefix: "/portal", req: req, error: error, status: status)
    }

    func verify(req: Request) async throws -> Response {
        try await Self.codes.signIn(req: req, template: "portal/code", prefix: "/portal") { try await Self.openSession(for: $0, req: req, to: "/portal") }
    }

    /// Signs her in: a new portal session, audited, its cookie and the device mark on the answer that goes to `path`.
    /// Also used by the online registration, whose code proved her mobile.
    static func openSession(for beneficiaryID: UUID, req: Request, to path: String) async throws -> Response {
        let token = SessionTokens.make()
        let session = PortalSession()
        session.tokenHash = SessionTokens.hash(token)
        session.beneficiaryID = beneficiaryID
        session.createdAt = req.now
        session.lastSeenAt = req.now
        try await req.db.writeTransaction { db in
            try await session.create(on: db)
            try await req.audit("portal.signedIn", record: ("beneficiary", beneficiaryID.uuidString), on: db)
        }
        let response = req.redirect(to: path)
        response.cookies[req.cookieName(PortalSessionMiddleware.cookieName)] = req.sessionCookie(token)
        if let file = try await Beneficiary.find(beneficiaryID, on: req.db) { PortalDevice.mark(response, nationalID: file.nationalID, req: req) }
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        try await portal.session.delete(on: req.db)
        try await req.audit("portal.signedOut", record: ("beneficiary", portal.beneficiaryID.uuidString))
        let response = req.redirect(to: "/portal/signin?done=portalSignedOut")
        response.cookies[req.cookieName(PortalSessionMiddleware.cookieName)] = req.expiredCookie()
        return response
    }
}
