import Fluent
import LamasatCore
import Vapor

/// [P-6], [P-8] Her sign-in: national ID, then a six-digit code by SMS to the mobile on her file. The answer, and the
/// work done to give it, are the same whether or not the ID belongs to a file: a challenge row and a job are written
/// either way, and only the job, later, sends a message when there is someone to send it to.
struct PortalSignInController: RouteCollection {
    static let codeJob = "portal.code"
    let policy = OneTimeCodePolicy.standard

    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal")
        portal.get("signin") { try await self.form(req: $0, status: .ok) }.declare(.public)
        portal.post("signin") { try await self.requestCode(req: $0) }.declare(.public)
        portal.get("code", ":ticket") { try await self.codeForm(req: $0, error: nil, status: .ok) }.declare(.public)
        portal.post("code", ":ticket") { try await self.verify(req: $0) }.declare(.public)
        portal.post("signout") { try await self.signOut(req: $0) }.declare(.beneficiary)
    }

    /// `error` is for what is not about the ID typed (too many codes asked).
    struct FormView: Encodable { let page: PageContext; let fields: [FormField]; let error: String? }
    struct CodeView: Encodable { let page: PageContext; let action: String; let fields: [FormField] }

    func form(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        if req.portal != nil, req.method == .GET { return req.redirect(to: "/portal") }
        return try await req.render("portal/signin", FormView(page: PageContext(req, title: req.t("portal.signin.title")),
                                                             fields: (req.method == .POST ? PortalSignInForm(request: req) : PortalSignInForm()).fields(req, errors: errors),
                                                             error: error))
            .encodeResponse(status: status, for: req)
    }

    func requestCode(req: Request) async throws -> Response {
        let (id, errors) = PortalSignInForm(request: req).validate(req)
        guard let id else { return try await form(req: req, errors: errors, status: .unprocessableEntity) }
        let now = req.now
        let identity = Self.identityKey(id.value, req)
        let address = req.pseudonym("portal-address", req.clientAddress ?? "unknown")
        // One place each in this hour's count for the ID and for the address, taken atomically, so that requests sent
        // together cannot all slip under the limit. Past the ID's hourly allowance she is slowed, not shut out: one
        // more code each quarter of an hour (at most seven an hour for an ID, whoever asks). A phone she signed in
        // from before carries a device mark and has its own allowance, so a stranger who knows her ID cannot use up
        // hers. A place taken for the ID is given back when the address is refused.
        let window = policy.windowIndex(now)
        let quarter = Int((now.timeIntervalSince1970 / Self.slowLane).rounded(.down))
        let knownDevice = PortalDevice.recognises(id.value, req: req)
        var identityBucket = knownDevice ? "identity:\(identity):device:\(window)" : "identity:\(identity):\(window)"
        var identityAllows = try await RateCounter.take(identityBucket, window: window, limit: policy.perIdentity, on: req.db)
        if !identityAllows, !knownDevice {
            identityBucket = "identity:\(identity):slow:\(quarter)"
            identityAllows = try await RateCounter.take(identityBucket, window: window, limit: 1, on: req.db)
        }
        guard identityAllows else {
            try await req.audit("portal.codeRefused", outcome: .denied, detail: "identity limit")
            return try await form(req: req, error: req.t("portal.error.tooMany"), status: .tooManyRequests)
        }
        guard try await RateCounter.take("address:\(address):\(window)", window: window, limit: policy.perAddress, on: req.db) else {
            try await RateCounter.giveBack(identityBucket, on: req.db)
            try await req.audit("portal.codeRefused", outcome: .denied, detail: "address limit")
            return try await form(req: req, error: req.t("portal.error.tooManyFromHere"), status: .tooManyRequests)
        }
        let file = try await Beneficiary.query(on: req.db).filter(\.$nationalID == id.value).filter(\.$status != .closed).first()
        let code = policy.generate()
        let ticket = SessionTokens.make()
        let challenge = PortalChallenge()
        challenge.id = UUID()
        challenge.ticketHash = SessionTokens.hash(ticket)
        challenge.identityHash = identity
        challenge.addressHash = address
        challenge.beneficiaryID = file.flatMap { $0.mobile.isEmpty ? nil : $0.id }
        challenge.codeHash = Self.codeHash(code, challenge: try challenge.requireID(), req)
        challenge.tries = 0
        challenge.isUsed = false
        challenge.createdAt = now
        try await req.db.transaction { db in
            try await challenge.create(on: db)
            try await JobQueue.enqueue(Self.codeJob, payload: "\(try challenge.requireID().uuidString):\(code)", runAt: now, now: now, on: db)
        }
        return req.redirect(to: "/portal/code/\(ticket)")
    }

    /// Past the hourly allowance for one ID, one code per this many seconds.
    static let slowLane: TimeInterval = 15 * 60

    /// The counters' key for one national ID: an HMAC, so a copy of the table names nobody.
    static func identityKey(_ nationalID: String, _ req: Request) -> String { req.pseudonym("portal-identity", nationalID) }

    /// Codes asked for her ID in this hour's window, the slowed ones included (staff see it on her file).
    static func codesAsked(nationalID: String, req: Request) async throws -> Int {
        struct Row: Decodable { let count: Int }
        let window = OneTimeCodePolicy.standard.windowIndex(req.now)
        return try await req.db.sql.raw("""
            SELECT count FROM portal_rates WHERE bucket LIKE \(bind: "identity:\(identityKey(nationalID, req)):%") AND window_index = \(bind: window)
            """).all(decoding: Row.self).reduce(0) { $0 + $1.count }
    }

    /// Staff clear her ID's counters when she calls because someone used up her codes.
    static func clearLimit(nationalID: String, req: Request, on db: any Database) async throws {
        try await db.sql.raw("DELETE FROM portal_rates WHERE bucket LIKE \(bind: "identity:\(identityKey(nationalID, req)):%")").run()
    }

    /// Keyed, so that a copy of the challenges table does not give the codes away by trying all million.
    static func codeHash(_ code: String, challenge: UUID, _ req: Request) -> String { req.pseudonym("portal-code", "\(challenge.uuidString):\(code)") }

    /// The job: sends the code by SMS to the mobile on her file, urgent (quiet hours do not apply), in the language
    /// she reads. For an unknown ID there is nobody to send to.
    static func send(_ context: JobContext) async throws {
        let parts = context.job.payload.split(separator: ":")
        guard parts.count == 2, let id = UUID(uuidString: String(parts[0])) else { return }
        guard let challenge = try await PortalChallenge.find(id, on: context.db), let beneficiaryID = challenge.beneficiaryID,
              let file = try await Beneficiary.find(beneficiaryID, on: context.db)
        else { return try await forgetCode(context, id) }
        let english = try await MessageTemplate.language(for: file.id, on: context.db) == .en
        let body = english
            ? "Lamasat: your portal sign-in code is \(parts[1]). It works for 10 minutes. Never share it; our staff will never ask for it."
            : "جمعية لمسات: رمز الدخول إلى بوابتك \(parts[1]). صالح 10 دقائق. لا تشاركيه مع أحد، ولن يطلبه منك موظفو الجمعية."
        try await Outbox.enqueue(Outbox.Draft(channel: .sms, recipient: file.mobile, subject: "portal code", body: body,
                                              idempotencyKey: "portal-code:\(id.uuidString)", relatedType: "portal_code", relatedID: id.uuidString,
                                              branchID: file.$branch.id, urgent: true), now: context.application.lamasat.clock.now(), on: context.db)
        try await forgetCode(context, id)
    }

    /// The code now lives only in the message (if any); the job row, kept for a month, keeps the challenge alone.
    private static func forgetCode(_ context: JobContext, _ challenge: UUID) async throws {
        context.job.payload = challenge.uuidString
        try await context.job.save(on: context.db)
    }

    func codeForm(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        try await req.render("portal/code", CodeView(page: PageContext(req, title: req.t("portal.code.title")),
                                                    action: "/portal/code/\(req.parameters.get("ticket") ?? "")",
                                                    fields: CodeForm().fields(req, label: req.t("portal.code.label"), error: error, autofocus: true)))
            .encodeResponse(status: status, for: req)
    }

    func verify(req: Request) async throws -> Response {
        let ticket = req.parameters.get("ticket") ?? ""
        guard let challenge = try await PortalChallenge.query(on: req.db).filter(\.$ticketHash == SessionTokens.hash(ticket)).first() else {
            return try await codeForm(req: req, error: req.t("portal.error.codeGone"), status: .unprocessableEntity)
        }
        // Each try is spent before the code is compared, in one conditional update, so that tries sent at the same
        // moment cannot share one count.
        let spent = try await req.db.sql.raw("""
            UPDATE portal_challenges SET tries = tries + 1
            WHERE id = \(bind: try challenge.requireID()) AND tries < \(bind: policy.maximumTries) AND is_used = \(bind: false) RETURNING tries
            """).first()
        guard let triesBefore = try spent.map({ try $0.decode(column: "tries", as: Int.self) - 1 }) else {
            return try await codeForm(req: req, error: req.t("portal.error.codeGone"), status: .unprocessableEntity)
        }
        let typed = policy.canonical(CodeForm(request: req).code)
        let challengeID = try challenge.requireID()
        let matches = challenge.beneficiaryID != nil && typed.map { SessionTokens.constantTimeEquals(Self.codeHash($0, challenge: challengeID, req), challenge.codeHash) } == true
        switch policy.check(matches: matches, createdAt: challenge.createdAt, tries: triesBefore, used: false, now: req.now) {
        case .accepted:
            // One use: of two simultaneous tries with the right code, one signs in.
            let claimed = try await req.db.sql.raw("""
                UPDATE portal_challenges SET is_used = \(bind: true) WHERE id = \(bind: try challenge.requireID()) AND is_used = \(bind: false) RETURNING id
                """).all()
            guard claimed.count == 1, let beneficiaryID = challenge.beneficiaryID else {
                return try await codeForm(req: req, error: req.t("portal.error.codeGone"), status: .unprocessableEntity)
            }
            let token = SessionTokens.make()
            let session = PortalSession()
            session.tokenHash = SessionTokens.hash(token)
            session.beneficiaryID = beneficiaryID
            session.createdAt = req.now
            session.lastSeenAt = req.now
            try await req.db.transaction { db in
                try await session.create(on: db)
                try await req.audit("portal.signedIn", record: ("beneficiary", beneficiaryID.uuidString), on: db)
            }
            let response = req.redirect(to: "/portal")
            response.cookies[req.cookieName(PortalSessionMiddleware.cookieName)] = req.sessionCookie(token)
            if let file = try await Beneficiary.find(beneficiaryID, on: req.db) { PortalDevice.mark(response, nationalID: file.nationalID, req: req) }
            return response
        case .wrong(let left):
            return try await codeForm(req: req, error: req.t("portal.error.wrongCode", String(left)), status: .unprocessableEntity)
        case .exhausted:
            try await req.audit("portal.codeExhausted", outcome: .denied)
            return try await codeForm(req: req, error: req.t("portal.error.codeGone"), status: .unprocessableEntity)
        case .expired, .used:
            return try await codeForm(req: req, error: req.t("portal.error.codeGone"), status: .unprocessableEntity)
        }
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
