import Fluent
import LamasatCore
import Vapor

/// Staff sign-in and sign-out.
struct SignInController: RouteCollection {
    let throttle = SignInThrottle.standard

    func boot(routes: any RoutesBuilder) throws {
        routes.get("signin") { try await self.show(req: $0) }.declare(.public)
        routes.post("signin") { try await self.signIn(req: $0) }.declare(.public)
        routes.post("signout") { try await self.signOut(req: $0) }.declare(.signedIn)
    }

    struct SignInView: Encodable {
        let page: PageContext
        let next: String
        let fields: [FormField]
    }

    func show(req: Request) async throws -> Response {
        if req.staff != nil { return req.redirect(to: "/") }
        return try await render(req, SignInForm(), error: nil, status: .ok)
    }

    private func render(_ req: Request, _ form: SignInForm, error: String?, status: HTTPStatus) async throws -> Response {
        let next = Self.safeNext(req.query[String.self, at: "next"] ?? req.formText("next"))
        let view = SignInView(page: PageContext(req, title: req.t("signin.title")), next: next, fields: form.fields(req, error: error))
        return try await req.render("signin/signin", view).encodeResponse(status: status, for: req)
    }

    func signIn(req: Request) async throws -> Response {
        let form = SignInForm(request: req)
        let username = form.username.lowercased()
        let now = req.now
        // Keys are stored hashed: a mistyped username may be a password, and an address is personal data.
        let keys = [req.pseudonym("signin-account", username), req.pseudonym("signin-address", req.clientAddress ?? "unknown")]

        // Each try is counted as a failure before the password is looked at, and the count is read after it is
        // written: of any number of tries sent together, at most `maxFailures` reach the password. A locked try
        // takes its row back, so the lock lifts on time however long the guessing goes on.
        var attempts: [SignInFailure] = []
        for key in keys {
            let attempt = SignInFailure(key: key, failedAt: now)
            try await attempt.create(on: req.db)
            attempts.append(attempt)
        }
        let recentFailures = try await SignInFailure.query(on: req.db)
            .filter(\.$key ~~ keys)
            .filter(\.$failedAt > throttle.windowStart(now: now))
            .all()
        for key in keys {
            let times = recentFailures.filter { $0.key == key }.map(\.failedAt)
            // The lock starts at one failure more than the allowance, counting this try.
            if times.count > throttle.maxFailures, let until = throttle.lockedUntil(failureTimes: Array(times.sorted().dropLast()), now: now) {
                try await SignInFailure.query(on: req.db).filter(\.$id ~~ attempts.compactMap(\.id)).delete()
                try await req.audit("signin.locked", outcome: .denied, detail: key == keys[0] ? "account" : "address")
                let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
                let response = try await render(req, form, error: req.t("signin.locked", String(minutes)), status: .tooManyRequests)
                response.headers.replaceOrAdd(name: "Retry-After", value: String(Int(until.timeIntervalSince(now).rounded(.up))))
                return response
            }
        }

        let attemptIDs = attempts.compactMap(\.id)
        let user = try await StaffUser.query(on: req.db).filter(\.$username == username).first()
        let hasher = req.lamasat.passwords
        let pool = req.application.threadPool
        let passwordMatches = try await hasher.verify(form.password, against: user?.passwordHash ?? PasswordHasher.decoyHash, on: pool)
        // An integration's account has no usable password; it is refused even so, whatever its hash.
        guard let user, passwordMatches, user.isActive, !user.isIntegration else {
            let reason = user == nil ? "unknown account" : user?.isIntegration == true ? "integration account"
                : (passwordMatches ? "disabled account" : "wrong password")
            try await req.audit("signin.failure", record: try user.map { ("staff_user", try $0.requireID().uuidString) },
                                outcome: .failure, detail: reason, actor: user)
            return try await render(req, form, error: req.t("signin.failed"), status: .unauthorized)
        }

        // With a second factor, the password opens only the page that asks for the code.
        let pending = user.totpEnabledAt != nil
        let token = try await Self.openSession(for: user, pending: pending, req: req) { db in
            try await SignInFailure.query(on: db).filter(\.$id ~~ attemptIDs).delete()
            if !pending { try await SignInFailure.query(on: db).filter(\.$key == keys[0]).delete() }
        }
        let next = Self.safeNext(req.formText("next"))
        let target = pending ? "/signin/verify" + (next.isEmpty ? "" : "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? ""))
            : (user.mustChangePassword ? "/account/password" : next)
        let response = req.redirect(to: target.isEmpty ? "/" : target)
        response.cookies[req.cookieName(StaffSessionMiddleware.cookieName)] = req.sessionCookie(token)
        return response
    }

    /// A new session for her (rotation: whatever session this browser had ends; the new one gets a new id and CSRF
    /// token). A pending one waits for her second factor; a full one records the sign-in.
    static func openSession(for user: StaffUser, pending: Bool, req: Request,
                            also: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws -> String {
        let token = SessionTokens.make()
        let now = req.now
        try await req.db.writeTransaction { db in
            if let old = req.cookies[req.cookieName(StaffSessionMiddleware.cookieName)]?.string {
                try await StaffSession.query(on: db).filter(\.$tokenHash == SessionTokens.hash(old)).delete()
            }
            try await also(db)
            // One half-finished sign-in at a time: a new one ends the others.
            try await StaffSession.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$secondFactorPending == true).delete()
            let session = StaffSession(tokenHash: SessionTokens.hash(token), userID: try user.requireID(), csrfToken: SessionTokens.make(), now: now,
                                       address: req.clientAddress)
            session.secondFactorPending = pending
            try await session.create(on: db)
            if pending {
                try await req.audit("signin.passwordAccepted", record: ("staff_user", try user.requireID().uuidString), actor: user, on: db)
            } else {
                user.lastSignInAt = now
                try await user.save(on: db)
                try await req.audit("signin.success", record: ("staff_user", try user.requireID().uuidString), actor: user, on: db)
            }
        }
        return token
    }

    func signOut(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        try await staff.session.delete(on: req.db)
        try await req.audit("signout", record: ("staff_user", staff.userID.uuidString))
        let response = req.redirect(to: "/signin?done=signedOut")
        response.cookies[req.cookieName(StaffSessionMiddleware.cookieName)] = req.expiredCookie()
        return response
    }

    /// Only a path on this site may follow sign-in; anything else (another host, a scheme) is dropped.
    static func safeNext(_ candidate: String) -> String {
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
              !candidate.contains(where: { $0.isNewline }), candidate.count < 500
        else { return "" }
        return candidate
    }
}
