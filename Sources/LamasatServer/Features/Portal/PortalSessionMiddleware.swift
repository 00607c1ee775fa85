import Fluent
import LamasatCore
import Vapor

/// The signed-in beneficiary of a request, from the portal's own cookie. Staff sessions never reach here and a
/// portal session never satisfies a staff route: each reads only its own cookie and table.
struct PortalContext: Sendable {
    let beneficiary: Beneficiary
    let session: PortalSession

    /// Her file was loaded from the database with the session, so it has an id.
    var beneficiaryID: UUID { beneficiary.id! }
}

struct PortalSessionMiddleware: AsyncMiddleware {
    static let cookieName = "lamasat_portal"
    /// Shorter than a staff session: she may be on a shared phone.
    static let policy = SessionPolicy(idleTimeout: 20 * 60, absoluteTimeout: 4 * 60 * 60)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let token = request.cookies[request.cookieName(Self.cookieName)]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        var ended = true
        if let session = try await PortalSession.query(on: request.db).filter(\.$tokenHash == SessionTokens.hash(token)).first() {
            let now = request.now
            if Self.policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) == .active,
               let file = try await Beneficiary.find(session.beneficiaryID, on: request.db), file.status != .closed {
                if now.timeIntervalSince(session.lastSeenAt) >= StaffSessionMiddleware.touchInterval {
                    session.lastSeenAt = now
                    try await session.save(on: request.db)
                }
                request.portal = PortalContext(beneficiary: file, session: session)
                request.signedInBeneficiary = file.id
                ended = false
            } else {
                try await session.delete(on: request.db)
            }
        }
        let response = try await next.respond(to: request)
        if ended, response.cookies[request.cookieName(Self.cookieName)] == nil { response.cookies[request.cookieName(Self.cookieName)] = request.expiredCookie() }
        return response
    }
}

extension Request {
    private struct PortalKey: StorageKey {
        typealias Value = PortalContext
    }

    var portal: PortalContext? {
        get { storage[PortalKey.self] }
        set { storage[PortalKey.self] = newValue }
    }

    func requirePortal() throws -> PortalContext {
        guard let portal else { throw Abort(.unauthorized) }
        return portal
    }
}
