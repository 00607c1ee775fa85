import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Everything under `/api/`: the bearer token makes the integration's account the request's staff (narrowed to the
/// token's scopes), each token has its own rate limit, the request is made available to the generated handlers,
/// and every error leaves as problem+json. Cookies play no part: a browser session never reaches the API.
struct APIMiddleware: AsyncMiddleware {
    static let pathPrefix = "/api/"
    /// Calls per token per minute.
    let ratePerMinute: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix(Self.pathPrefix) else { return try await next.respond(to: request) }
        // The pages' validators speak through `req.t`: in the API, in the language the caller asks for.
        request.language = Language.fromAcceptLanguage(request.headers.first(name: .acceptLanguage))
        do {
            if let bearer = request.headers.bearerAuthorization?.token {
                try await authenticate(bearer, request)
            } else if request.headers.first(name: .authorization) != nil {
                throw APIProblem(status: .unauthorized, slug: "unauthorized")
            }
            let response = try await APIRequest.$current.withValue(request) { try await next.respond(to: request) }
            APIResponseHeaders.restore(response)
            return response
        } catch {
            var problem = APIProblem.from(error, request: request)
            if problem.status == .unauthorized {
                problem.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"lamasat\"")
            }
            return problem.response(for: request)
        }
    }

    private func authenticate(_ secret: String, _ request: Request) async throws {
        let now = request.now
        guard let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == SessionTokens.hash(secret)).first(),
              let user = try await StaffUser.query(on: request.db).filter(\.$id == token.userID).with(\.$branch).first()
        else {
            try await request.audit("api.refused", outcome: .denied, detail: "unknown token")
            throw APIProblem(status: .unauthorized, slug: "unauthorized")
        }
        guard token.isUsable(at: now), user.isActive, user.isIntegration else {
            try await request.audit("api.refused", record: ("api_token", try token.requireID().uuidString), outcome: .denied,
                                    detail: token.revokedAt != nil ? "revoked" : "expired", actor: user)
            throw APIProblem(status: .unauthorized, slug: token.revokedAt != nil ? "tokenRevoked" : "tokenExpired")
        }
        let tokenID = try token.requireID()
        let minute = Int(now.timeIntervalSince1970 / 60)
        guard try await RateCounter.take("api:\(tokenID.uuidString):\(minute)", window: minute, limit: ratePerMinute, on: request.db) else {
            var problem = APIProblem(status: .tooManyRequests, slug: "tooManyRequests")
            problem.headers.replaceOrAdd(name: .retryAfter, value: String(60 - Int(now.timeIntervalSince1970) % 60))
            throw problem
        }
        // Last use is kept to the minute, so that every call does not write the row.
        if token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await request.db.sql.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: tokenID)").run()
        }
        let session = StaffSession(tokenHash: "", userID: try user.requireID(), csrfToken: "", now: now, address: nil)
        request.staff = StaffContext(user: user, session: session, branchName: user.branch.name(in: request.language),
                                     narrowedTo: APIScope.permissions(of: token.scopes))
        request.apiClient = APIClient(tokenID: tokenID, name: token.name, scopes: token.scopes, expiresAt: token.expiresAt)
    }
}

/// The request a generated API handler serves: the handlers' signatures carry only the typed input.
enum APIRequest {
    @TaskLocal static var current: Request?

    static func get() throws -> Request {
        guard let current else { throw APIProblem(status: .internalServerError, slug: "internal") }
        return current
    }
}

extension Request {
    private struct APIClientKey: StorageKey { typealias Value = APIClient }

    var apiClient: APIClient? {
        get { storage[APIClientKey.self] }
        set { storage[APIClientKey.self] = newValue }
    }
}
