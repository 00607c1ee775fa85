import LamasatCore
import Vapor

/// Refuses every unsafe request (POST, PUT, PATCH, DELETE) that does not carry this browser's CSRF token, or that
/// comes from another origin. Signed-in browsers use the token of their session; others a random cookie.
struct CSRFMiddleware: AsyncMiddleware {
    static let formField = "_csrf"
    static let header = "X-CSRF-Token"
    static let anonymousCookie = "lamasat_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // API calls carry a bearer token, never a cookie, so there is no ambient credential to forge a request with.
        if request.url.path.hasPrefix(APIMiddleware.pathPrefix) { return try await next.respond(to: request) }
        var issuedCookie: String?
        if request.staff == nil, request.cookies[request.cookieName(Self.anonymousCookie)]?.string.isEmpty ?? true {
            issuedCookie = SessionTokens.make()
            request.storage[AnonymousTokenKey.self] = issuedCookie
        }
        // Providers' webhooks carry no cookie; each proves itself with its own shared secret.
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), !request.url.path.hasPrefix("/webhooks/") {
            // A form's body may still be arriving in pieces; the token is in it. (Uploads carry theirs in the URL and
            // keep streaming to their route's own size limit.)
            if request.body.data == nil, request.headers.contentType != .formData {
                _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            }
            if let reason = refusal(request) {
                try await request.audit("csrf.refused", outcome: .denied, detail: reason)
                throw Abort(.forbidden)
            }
        }
        let response = try await next.respond(to: request)
        if let issuedCookie {
            response.cookies[request.cookieName(Self.anonymousCookie)] = request.sessionCookie(issuedCookie)
        }
        return response
    }

    private func refusal(_ request: Request) -> String? {
        if request.headers.first(name: "Sec-Fetch-Site") == "cross-site" { return "cross-site" }
        if let origin = request.headers.first(name: .origin), !isOwnOrigin(origin, request) { return "origin" }
        guard let expected = request.csrfSecret, request.storage[AnonymousTokenKey.self] == nil else {
            return "no token issued"
        }
        // A file upload streams its body past this point, so its form carries the token in its action URL.
        let provided = request.headers.first(name: Self.header)
            ?? (request.headers.contentType == .formData ? request.query[String.self, at: Self.formField] : nil)
            ?? (try? request.content.get(String.self, at: Self.formField))
        guard let provided, CSRFMask.matches(provided, secret: expected) else { return "token" }
        return nil
    }

    private func isOwnOrigin(_ origin: String, _ request: Request) -> Bool {
        if origin == request.lamasat.config.publicOrigin { return true }
        guard let host = request.headers.first(name: .host) else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    struct AnonymousTokenKey: StorageKey {
        typealias Value = String
    }
}

extension Request {
    /// The token forms of this page must send back: this browser's secret under a fresh mask.
    var csrfToken: String? { csrfSecret.map(CSRFMask.mask) }

    /// This browser's CSRF secret: its session's, or the random cookie of a visitor not signed in.
    var csrfSecret: String? {
        staff?.session.csrfToken
            ?? storage[CSRFMiddleware.AnonymousTokenKey.self]
            ?? cookies[cookieName(CSRFMiddleware.anonymousCookie)]?.string
    }
}
