import Vapor

/// Security headers on every response, errors included. The policy allows scripts and styles from this server
/// only: no inline script, no framing, no plug-ins.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let isProduction: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // A stored board pack carries its styles inline and allows exactly them, by hash (BoardPackController).
        if let own = response.storage[OwnStylePolicyKey.self] {
            response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                          value: Self.contentSecurityPolicy.replacingOccurrences(of: "style-src 'self'", with: "style-src '\(own)'"))
        }
        if isProduction {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        // Pages may hold personal data: no copy in any cache. Fingerprinted files are kept a year; under their plain
        // names they are checked again on each use.
        if request.isStaticFile {
            if !response.headers.contains(name: .cacheControl) { response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache") }
        } else {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            response.headers.replaceOrAdd(name: .pragma, value: "no-cache")
        }
        return response
    }
}

/// The hash source (`sha256-…`) of the one inline style block a response may use instead of the server's styles.
struct OwnStylePolicyKey: StorageKey { typealias Value = String }

extension Request {
    var isStaticFile: Bool {
        let path = url.path
        return path.hasPrefix("/css/") || path.hasPrefix("/js/") || path.hasPrefix("/img/") || path == "/favicon.ico"
    }
}
