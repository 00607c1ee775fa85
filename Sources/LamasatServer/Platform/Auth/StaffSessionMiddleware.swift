import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Reads the session cookie, enforces the idle and absolute timeouts on the server, and makes the signed-in staff
/// member available as `req.staff`. An ended session is removed and its cookie cleared.
struct StaffSessionMiddleware: AsyncMiddleware {
    static let cookieName = "lamasat_session"
    /// Writes of "last seen" are spaced out so that every page view does not write to the database.
    static let touchInterval: TimeInterval = 60
    let policy: SessionPolicy

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The API is reached with tokens only (APIMiddleware); a browser's session cookie gives it nothing.
        guard !request.url.path.hasPrefix(APIMiddleware.pathPrefix),
              let token = request.cookies[request.cookieName(Self.cookieName)]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        let now = request.now
        // One statement for the session, its user and her branch: it runs on every signed-in request.
        let found = try await StaffSessionLookup.find(tokenHash: SessionTokens.hash(token), on: request.db)

        var ended = found == nil
        if let (session, user, branch) = found {
            let state = policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
            let pendingTooLong = session.secondFactorPending && now.timeIntervalSince(session.createdAt) > SecondFactor.pendingLifetime
            if state != .active || !user.isActive || pendingTooLong {
                try await session.delete(on: request.db)
                try await request.audit("session.ended", record: ("staff_user", session.$user.id.uuidString),
                                        outcome: .success, detail: state == .active ? "inactive" : "\(state)",
                                        actor: user)
                ended = true
            } else {
                if now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval {
                    session.lastSeenAt = now
                    try await request.db.sql.raw("UPDATE staff_sessions SET last_seen_at = \(bind: now) WHERE id = \(bind: session.requireID())").run()
                }
                let context = StaffContext(user: user, session: session, branchName: branch.name(in: request.language))
                // Half signed in: only the second-factor page sees her.
                if session.secondFactorPending { request.pendingSignIn = context } else { request.staff = context }
            }
        }
        if ended { request.storage[SessionEndedKey.self] = true }
        let response = try await next.respond(to: request)
        if ended, response.cookies[request.cookieName(Self.cookieName)] == nil {
            response.cookies[request.cookieName(Self.cookieName)] = request.expiredCookie()
        }
        return response
    }

    struct SessionEndedKey: StorageKey {
        typealias Value = Bool
    }
}

extension Request {
    /// A cookie's name in this deployment: with Secure cookies it carries the `__Host-` prefix, so the browser
    /// keeps it only when it was set over HTTPS, for this host alone and the whole site.
    func cookieName(_ base: String) -> String { lamasat.config.secureCookies ? "__Host-" + base : base }

    /// A session cookie with the attributes of this deployment: HttpOnly, SameSite=Lax, Secure unless development.
    func sessionCookie(_ value: String, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
            isSecure: lamasat.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: lamasat.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
