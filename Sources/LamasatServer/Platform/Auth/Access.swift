import LamasatCore
import Vapor

/// Who may reach a route. Every route declares one; a route without a declaration is refused (deny by default).
enum Access: Sendable, Equatable {
    /// Reachable without signing in: sign-in, first set-up, language switch, health.
    case `public`
    /// Any signed-in staff member (her own account pages, sign-out).
    case signedIn
    /// A beneficiary signed in to the portal with her one-time code; no staff session ever passes.
    case beneficiary
    case permission(Permission)
    /// Admins with the permission, or any caller on the loopback interface (for a local Prometheus scraper).
    case loopbackOr(Permission)
    /// An API call with a valid token (`APIMiddleware`), which must also allow the permission when one is named.
    case api(Permission?)

    struct Key: Hashable, Sendable {}
}

extension Route {
    var access: Access? { userInfo[AnySendableHashable(Access.Key())] as? Access }

    @discardableResult
    func requires(_ permission: Permission) -> Route { declare(.permission(permission)) }

    @discardableResult
    func declare(_ access: Access) -> Route {
        userInfo[AnySendableHashable(Access.Key())] = access
        return self
    }
}

/// Checks a route's declared access before its handler runs. Installed around every route's responder at the end
/// of configuration, so no route can be added without passing through it.
struct AccessGate: AsyncMiddleware {
    let access: Access?

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch access {
        case .none:
            request.logger.warning("route without an access declaration refused", metadata: ["method": "\(request.method)"])
            try await request.audit("access.refused", outcome: .denied, detail: "undeclared route")
            throw Abort(.forbidden)
        case .public:
            return try await next.respond(to: request)
        case .signedIn:
            guard request.staff != nil else { return try signInFirst(request) }
            return try await next.respond(to: request)
        case .beneficiary:
            guard request.signedInBeneficiary != nil else {
                guard request.method == .GET || request.method == .HEAD else { throw Abort(.unauthorized) }
                return request.redirect(to: "/portal/signin", redirectType: .normal)
            }
            return try await next.respond(to: request)
        case .permission(let permission):
            return try await check(permission, request, next)
        case .loopbackOr(let permission):
            if request.isFromLoopback { return try await next.respond(to: request) }
            return try await check(permission, request, next)
        case .api(let permission):
            guard request.apiClient != nil, let staff = request.staff else { throw APIProblem(status: .unauthorized, slug: "unauthorized") }
            if let permission, !staff.can(permission) {
                try await request.audit("access.refused", outcome: .denied, detail: permission.rawValue)
                throw APIProblem(status: .forbidden, slug: "forbidden", detail: permission.rawValue)
            }
            return try await next.respond(to: request)
        }
    }

    private func check(_ permission: Permission, _ request: Request, _ next: any AsyncResponder) async throws -> Response {
        guard let staff = request.staff else { return try signInFirst(request) }
        guard staff.can(permission) else {
            try await request.audit("access.refused", outcome: .denied, detail: permission.rawValue)
            throw Abort(staff.user.role.worksWithMoneyOnly && Permission.beneficiaryWork.contains(permission) ? .notFound : .forbidden)
        }
        // After a reset, the temporary password opens only the page that replaces it.
        if staff.user.mustChangePassword {
            return request.redirect(to: "/account/password")
        }
        // A role that requires two-step sign-in reaches nothing until it is set up. The settings row is read only
        // for staff without a second factor whose role does not require one already.
        if staff.user.totpEnabledAt == nil, request.lamasat.enforceSecondFactor,
           try await SecondFactor.isRequired(for: staff.user, on: request.db) {
            guard request.method == .GET || request.method == .HEAD else { throw Abort(.forbidden) }
            return request.redirect(to: "/account/two-factor")
        }
        return try await next.respond(to: request)
    }

    /// Pages send the browser to sign-in (and back afterwards); anything else gets 401.
    private func signInFirst(_ request: Request) throws -> Response {
        guard request.method == .GET || request.method == .HEAD else { throw Abort(.unauthorized) }
        var target = "/signin"
        var query: [String] = []
        if request.url.path != "/" { query.append("next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")) }
        if request.storage[StaffSessionMiddleware.SessionEndedKey.self] == true { query.append("done=sessionEnded") }
        if !query.isEmpty { target += "?" + query.joined(separator: "&") }
        return request.redirect(to: target, redirectType: .normal)
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}

extension Request {
    /// A direct connection from this machine. A request relayed by a reverse proxy on the same machine is not:
    /// the proxy's forwarding headers give it away, so /metrics is not opened to the internet through it.
    var isFromLoopback: Bool {
        guard headers.first(name: "X-Forwarded-For") == nil, headers.first(name: "Forwarded") == nil,
              headers.first(name: "X-Real-IP") == nil, let address = remoteAddress?.ipAddress
        else { return false }
        return address == "127.0.0.1" || address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1"
    }
}

extension Application {
    /// Wraps every registered route in its access gate. Called once, after all routes are registered.
    func installAccessGates() {
        for route in routes.all {
            route.responder = AccessGate(access: route.access).makeResponder(chainingTo: route.responder)
        }
    }
}

extension Request {
    private struct SignedInBeneficiaryKey: StorageKey {
        typealias Value = UUID
    }

    /// The beneficiary signed in on the portal, set by the portal's session middleware: what `.beneficiary` routes ask.
    var signedInBeneficiary: UUID? {
        get { storage[SignedInBeneficiaryKey.self] }
        set { storage[SignedInBeneficiaryKey.self] = newValue }
    }
}
