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
        let username: String
        let next: String
        let error: String?
    }

    func show(req: Request) async throws -> Response {
        if req.staff != nil { return req.redirect(to: "/") }
        return try await render(req, username: "", error: nil, status: .ok)
    }

    private func render(_ req: Request, username: String, error: String?, status: HTTPStatus) async throws -> Response {
        let next = Self.safeNext(req.query[String.self, at: "next"] ?? req.formText("next"))
        let view = SignInView(page: PageContext(req, title: req.t("signin.title")), username: username, next: next, error: error)
        return try await req.render("signin/signin", view).encodeResponse(status: status, for: req)
    }

    func signIn(req: Request) async throws -> Response {
        let typed = req.formText("username")
        let password = req.formSecret("password")
        let username = typed.lowercased()
        let now = req.now
        // Keys are stored hashed: a mistyped username may be a password, and an address is personal data.
        let keys = ["account:\(username)", "address:\(req.clientAddress ?? "unknown")"].map(SessionTokens.hash)

        // Locked: refuse before looking at the password, so guessing gets nowhere.
        let recentFailures = try await SignInFailure.query(on: req.db)
            .filter(\.$key ~~ keys)
            .filter(\.$failedAt > throttle.windowStart(now: now))
            .all()
        for key in keys {
            let times = recentFailures.filter { $0.key == key }.map(\.failedAt)
            if let until = throttle.lockedUntil(failureTimes: times, now: now) {
                try await req.audit("signin.locked", outcome: .denied, detail: key == keys[0] ? "account" : "address")
                let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
                let response = try await render(req, username: typed, error: req.t("signin.locked", String(minutes)), status: .tooManyRequests)
                response.headers.replaceOrAdd(name: "Retry-After", value: String(Int(until.timeIntervalSince(now).rounded(.up))))
                return response
            }
        }

        let user = try await StaffUser.query(on: req.db).filter(\.$username == username).first()
        let hasher = req.lamasat.passwords
        let pool = req.application.threadPool
        let passwordMatches = try await hasher.verify(password, against: user?.passwordHash ?? PasswordHasher.decoyHash, on: pool)
        guard let user, passwordMatches, user.isActive else {
            for key in keys { try await SignInFailure(key: key, failedAt: now).create(on: req.db) }
            let reason = user == nil ? "unknown account" : (passwordMatches ? "disabled account" : "wrong password")
            try await req.audit("signin.failure", record: user.map { ("staff_user", $0.id!.uuidString) },
                                outcome: .failure, detail: reason, actor: user)
            return try await render(req, username: typed, error: req.t("signin.failed"), status: .unauthorized)
        }

        let token = SessionTokens.make()
        try await req.db.transaction { db in
            // Rotation: whatever session this browser had ends; the new one gets a new id and CSRF token.
            if let old = req.cookies[StaffSessionMiddleware.cookieName]?.string {
                try await StaffSession.query(on: db).filter(\.$tokenHash == SessionTokens.hash(old)).delete()
            }
            try await SignInFailure.query(on: db).filter(\.$key == keys[0]).delete()
            try await StaffSession(
                tokenHash: SessionTokens.hash(token), userID: user.id!, csrfToken: SessionTokens.make(), now: now,
                address: req.clientAddress
            ).create(on: db)
            user.lastSignInAt = now
            try await user.save(on: db)
            try await req.audit("signin.success", record: ("staff_user", user.id!.uuidString), actor: user, on: db)
        }
        let target = user.mustChangePassword ? "/account/password" : Self.safeNext(req.formText("next"))
        let response = req.redirect(to: target.isEmpty ? "/" : target)
        response.cookies[StaffSessionMiddleware.cookieName] = req.sessionCookie(token)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        try await staff.session.delete(on: req.db)
        try await req.audit("signout", record: ("staff_user", staff.userID.uuidString))
        let response = req.redirect(to: "/signin?done=signedOut")
        response.cookies[StaffSessionMiddleware.cookieName] = req.expiredCookie()
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
