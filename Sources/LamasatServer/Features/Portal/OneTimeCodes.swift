import Fluent
import LamasatCore
import Vapor

/// Whom a sign-in code by SMS is for. Each audience has its own counters, its own tickets (a portal ticket never
/// opens the volunteer area, nor the reverse) and its own session.
enum CodeAudience: String, Codable, Sendable {
    case portal, volunteer
    /// A new applicant proving the mobile she typed on the website's registration (issue 20).
    case registration
}

/// The sign-in by a six-digit code sent by SMS, shared by the beneficiary portal and the volunteer area: the limits
/// per identity and per address, the challenge written the same way whether or not the identity belongs to anyone,
/// the job that sends the code, and the one-use, five-tries, ten-minutes check of what she types.
struct OneTimeCodes: Sendable {
    let audience: CodeAudience
    var policy = OneTimeCodePolicy.standard

    /// Past the hourly allowance for one identity, one code per this many seconds.
    static let slowLane: TimeInterval = 15 * 60

    /// The counters' key for one identity (a national ID, a mobile): an HMAC, so a copy of the table names nobody.
    func identityKey(_ identity: String, _ req: Request) -> String { req.pseudonym("\(audience.rawValue)-identity", identity) }

    /// Keyed, so that a copy of the challenges table does not give the codes away by trying all million.
    func codeHash(_ code: String, challenge: UUID, _ req: Request) -> String {
        req.pseudonym("\(audience.rawValue)-code", "\(challenge.uuidString):\(code)")
    }

    enum Refusal: Sendable {
        case identityLimit, addressLimit
        func message(_ req: Request) -> String { req.t(self == .identityLimit ? "portal.error.tooMany" : "portal.error.tooManyFromHere") }
    }

    /// The first page: where she types who she is (`error` is for what is not about what she typed: too many codes).
    struct IdentityPage: Encodable { let page: PageContext; let fields: [FormField]; let error: String? }
    struct CodePage: Encodable { let page: PageContext; let action: String; let fields: [FormField] }

    /// The code page of this request's ticket (`prefix`/code/:ticket), with why the last code was refused.
    func codePage(_ template: String, prefix: String, req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        try await req.render(template, CodePage(page: PageContext(req, title: req.t("portal.code.title")), action: "\(prefix)/code/\(req.parameters.get("ticket") ?? "")",
                                                fields: CodeForm().fields(req, label: req.t("portal.code.label"), error: error, autofocus: true)))
            .encodeResponse(status: status, for: req)
    }

    /// Checks the code posted to the code page: `open` signs the subject in, or the code page comes back saying why not.
    func signIn(req: Request, template: String, prefix: String, open: (UUID) async throws -> Response) async throws -> Response {
        switch try await verify(ticket: req.parameters.get("ticket") ?? "", typed: CodeForm(request: req).code, req: req) {
        case .signedIn(let subject):
            return try await open(subject)
        case .wrong(let left):
            return try await codePage(template, prefix: prefix, req: req, error: req.t("portal.error.wrongCode", String(left)), status: .unprocessableEntity)
        case .gone:
            return try await codePage(template, prefix: prefix, req: req, error: req.t("portal.error.codeGone"), status: .unprocessableEntity)
        }
    }

    /// Takes one place each in this hour's count for the identity and for the address, atomically, so that requests
    /// sent together cannot all slip under the limit. Past the identity's hourly allowance she is slowed, not shut
    /// out: one more code each quarter of an hour. A phone she signed in from before (`knownDevice`) has its own
    /// allowance, so a stranger who knows her identity cannot use up hers. A place taken for the identity is given
    /// back when the address is refused. Nil when a code may be sent.
    func take(identity: String, knownDevice: Bool = false, req: Request) async throws -> Refusal? {
        let now = req.now
        let key = identityKey(identity, req)
        let window = policy.windowIndex(now)
        let quarter = Int((now.timeIntervalSince1970 / Self.slowLane).rounded(.down))
        var identityBucket = knownDevice ? "identity:\(key):device:\(window)" : "identity:\(key):\(window)"
        var identityAllows = try await RateCounter.take(identityBucket, window: window, limit: policy.perIdentity, on: req.db)
        if !identityAllows, !knownDevice {
            identityBucket = "identity:\(key):slow:\(quarter)"
            identityAllows = try await RateCounter.take(identityBucket, window: window, limit: 1, on: req.db)
        }
        guard identityAllows else {
            try await req.audit("\(audience.rawValue).codeRefused", outcome: .denied, detail: "identity limit")
            return .identityLimit
        }
        guard try await RateCounter.take("address:\(addressKey(req)):\(window)", window: window, limit: policy.perAddress, on: req.db) else {
            try await RateCounter.giveBack(identityBucket, on: req.db)
            try await req.audit("\(audience.rawValue).codeRefused", outcome: .denied, detail: "address limit")
            return .addressLimit
        }
        return nil
    }

    private func addressKey(_ req: Request) -> String { req.pseudonym("\(audience.rawValue)-address", req.clientAddress ?? "unknown") }

    /// Writes the challenge and the job that sends its code, the same work whether or not `subject` is nil (nobody
    /// has that identity): only the job, later, sends a message when there is someone to send it to. Returns the
    /// ticket for the code page's address.
    func issue(identity: String, subject: UUID?, job: String, req: Request) async throws -> String {
        let now = req.now
        let code = policy.generate()
        let ticket = SessionTokens.make()
        let challenge = PortalChallenge()
        challenge.id = UUID()
        challenge.audience = audience
        challenge.ticketHash = SessionTokens.hash(ticket)
        challenge.identityHash = identityKey(identity, req)
        challenge.addressHash = addressKey(req)
        challenge.subjectID = subject
        challenge.codeHash = codeHash(code, challenge: try challenge.requireID(), req)
        challenge.tries = 0
        challenge.isUsed = false
        challenge.createdAt = now
        try await req.db.writeTransaction { db in
            try await challenge.create(on: db)
            try await JobQueue.enqueue(job, payload: "\(try challenge.requireID().uuidString):\(code)", runAt: now, now: now, on: db)
        }
        return ticket
    }

    enum Verdict: Sendable, Equatable { case signedIn(UUID), wrong(triesLeft: Int), gone }

    /// Checks what she typed on the code page of `ticket`. Each try is spent before the code is compared, in one
    /// conditional update, so that tries sent at the same moment cannot share one count; of two simultaneous tries
    /// with the right code, one signs in.
    func verify(ticket: String, typed: String, req: Request) async throws -> Verdict {
        guard let challenge = try await PortalChallenge.query(on: req.db).filter(\.$ticketHash == SessionTokens.hash(ticket))
            .filter(\.$audience == audience).first() else { return .gone }
        let challengeID = try challenge.requireID()
        let spent = try await req.db.sql.raw("""
            UPDATE portal_challenges SET tries = tries + 1
            WHERE id = \(bind: challengeID) AND tries < \(bind: policy.maximumTries) AND is_used = \(bind: false) RETURNING tries
            """).first()
        guard let triesBefore = try spent.map({ try $0.decode(column: "tries", as: Int.self) - 1 }) else { return .gone }
        let code = policy.canonical(typed)
        let matches = challenge.subjectID != nil && code.map { SessionTokens.constantTimeEquals(codeHash($0, challenge: challengeID, req), challenge.codeHash) } == true
        switch policy.check(matches: matches, createdAt: challenge.createdAt, tries: triesBefore, used: false, now: req.now) {
        case .accepted:
            let claimed = try await req.db.sql.raw("""
                UPDATE portal_challenges SET is_used = \(bind: true) WHERE id = \(bind: challengeID) AND is_used = \(bind: false) RETURNING id
                """).all()
            guard claimed.count == 1, let subject = challenge.subjectID else { return .gone }
            return .signedIn(subject)
        case .wrong(let left):
            return .wrong(triesLeft: left)
        case .exhausted:
            try await req.audit("\(audience.rawValue).codeExhausted", outcome: .denied)
            return .gone
        case .expired, .used:
            return .gone
        }
    }

    /// The job's side: the challenge and the code of a job's payload, and `message` to send it (nil when there is
    /// nobody to send to). Either way the code then lives only in the message: the job row, kept for a month, keeps
    /// the challenge alone.
    static func send(_ context: JobContext, message: (PortalChallenge, String) async throws -> Outbox.Draft?) async throws {
        let parts = context.job.payload.split(separator: ":")
        guard parts.count == 2, let id = UUID(uuidString: String(parts[0])) else { return }
        if let challenge = try await PortalChallenge.find(id, on: context.db), challenge.subjectID != nil,
           let draft = try await message(challenge, String(parts[1])) {
            try await Outbox.enqueue(draft, now: context.application.lamasat.clock.now(), on: context.db)
        }
        context.job.payload = id.uuidString
        try await context.job.save(on: context.db)
    }
}
