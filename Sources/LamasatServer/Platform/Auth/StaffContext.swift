import Fluent
import LamasatCore
import Vapor

/// The signed-in staff member of a request, with her session.
struct StaffContext: Sendable {
    let user: StaffUser
    let session: StaffSession
    let branchName: String
    /// An API token's scopes: the permissions it may use, of those her role has. Nil for a browser session.
    var narrowedTo: Set<Permission>? = nil

    /// The user was loaded from the database with the session, so she has an id.
    var userID: UUID { user.id! }

    func can(_ permission: Permission) -> Bool { user.can(permission) && narrowedTo.map { $0.contains(permission) } ?? true }

    /// The branch rule every feature applies to its records.
    func mayReach(branch: UUID) -> Bool {
        user.scope.permits(recordBranch: branch, userBranch: user.$branch.id)
    }
}

extension Request {
    private struct StaffKey: StorageKey {
        typealias Value = StaffContext
    }

    var staff: StaffContext? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The signed-in staff member; handlers behind the access gate can rely on it.
    func requireStaff() throws -> StaffContext {
        guard let staff else { throw Abort(.unauthorized) }
        return staff
    }

    /// The client's address: the TCP peer, unless the peer is a trusted reverse proxy (LAMASAT_TRUSTED_PROXIES);
    /// then the right-most untrusted entry of `Forwarded` / `X-Forwarded-For`. Anyone can write those headers, so
    /// from any other peer they are ignored.
    var clientAddress: String? {
        guard let peer = remoteAddress?.ipAddress else { return nil }
        let usesForwarded = lamasat.config.proxyHeader == .forwarded
        return lamasat.proxies.resolve(peer: peer, forwardedFor: usesForwarded ? [] : headers[HTTPHeaders.Name("X-Forwarded-For")],
                                       forwarded: usesForwarded ? headers[HTTPHeaders.Name("Forwarded")] : [])
    }
}

extension Database {
    /// Ends every session of a user: used when she is disabled, her role or scope changes, or her password is reset.
    func endSessions(of userID: UUID) async throws {
        try await StaffSession.query(on: self).filter(\.$user.$id == userID).delete()
    }
}
