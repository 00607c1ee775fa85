import Fluent
import LamasatCore
import Vapor

/// A volunteer's signed-in session in the volunteer area (`/v`), from a one-time code sent to her mobile. Its own
/// cookie and table: staff and portal sessions never satisfy it, and it satisfies neither.
final class VolunteerSession: Model, @unchecked Sendable {
    static let schema = "volunteer_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "volunteer_id") var volunteerID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}

    /// Opens a session for her and returns the cookie's token (kept only hashed).
    static func open(for volunteerID: UUID, now: Date, on db: any Database) async throws -> String {
        let token = SessionTokens.make()
        let session = VolunteerSession()
        session.tokenHash = SessionTokens.hash(token)
        session.volunteerID = volunteerID
        session.createdAt = now
        session.lastSeenAt = now
        try await session.create(on: db)
        return token
    }
}

/// Reads the volunteer area's cookie. An active volunteer only: a paused or ended one is signed out at once.
struct VolunteerSessionMiddleware: AsyncMiddleware {
    static let cookieName = "lamasat_volunteer"
    /// As short as the portal's: she is often on her own phone in the street.
    static let policy = SessionPolicy(idleTimeout: 30 * 60, absoluteTimeout: 8 * 60 * 60)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await session(request, next)
        } catch is VolunteerSignInRequired {
            // A page of her area without her session: to the sign-in (forms posted without one are refused).
            guard request.method == .GET || request.method == .HEAD else { throw Abort(.unauthorized) }
            return request.redirect(to: "/v/signin", redirectType: .normal)
        }
    }

    private func session(_ request: Request, _ next: any AsyncResponder) async throws -> Response {
        let name = request.cookieName(Self.cookieName)
        guard let token = request.cookies[name]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        var ended = true
        if let session = try await VolunteerSession.query(on: request.db).filter(\.$tokenHash == SessionTokens.hash(token)).first() {
            let now = request.now
            if Self.policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) == .active,
               let volunteer = try await Volunteer.find(session.volunteerID, on: request.db), volunteer.status == .active {
                if now.timeIntervalSince(session.lastSeenAt) >= StaffSessionMiddleware.touchInterval {
                    session.lastSeenAt = now
                    try await session.save(on: request.db)
                }
                request.volunteer = VolunteerContext(volunteer: volunteer, sessionID: try session.requireID())
                // What she does in her area is audited with her as the actor.
                request.auditActor = AuditActor(id: try volunteer.requireID(), name: "volunteer:\(volunteer.number)", branchID: volunteer.branchID)
                ended = false
            } else {
                try await session.delete(on: request.db)
            }
        }
        let response = try await next.respond(to: request)
        if ended, response.cookies[name] == nil { response.cookies[name] = request.expiredCookie() }
        return response
    }
}
