import Foundation
import LamasatCore

/// Typed settings of one Lamasat process, read from the environment once at start. A bad value stops the start
/// with a message that names the variable.
public struct AppConfig: Sendable, Equatable {
    public enum DeploymentEnvironment: String, Sendable, CaseIterable {
        case development, production
    }

    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public var dataDirectory: String
    public var database: DatabaseChoice
    public var host: String
    public var port: Int
    public var environment: DeploymentEnvironment
    public var secureCookies: Bool
    /// The address people use to reach the server, for links printed on the console and the Origin check.
    public var publicURL: String
    public var runsWorker: Bool
    /// Reverse proxies whose forwarding headers are believed (LAMASAT_TRUSTED_PROXIES), as written.
    public var trustedProxies: String = ""
    /// The one header those proxies write (LAMASAT_PROXY_HEADER): a proxy passes the other one through untouched,
    /// so a client could fill it with any address.
    public var proxyHeader: ProxyHeader = .xForwardedFor
    /// How long a request waits for a free database connection before it is answered 503 "busy, try again".
    public var databaseWaitSeconds: Int64 = 10
    /// Serves `/_benchmark/ceiling` (one query + a bare Leaf page), the yardstick `Benchmarks/pages.sh` measures pages
    /// against. Off unless LAMASAT_BENCHMARK_CEILING asks for it, so a deployment never has the route.
    public var benchmarkCeiling = false
    /// Calls each API token may make per minute (LAMASAT_API_RATE); past it the API answers 429 with Retry-After.
    public var apiRatePerMinute = 300

    public enum ProxyHeader: String, Sendable, CaseIterable {
        case xForwardedFor = "x-forwarded-for", forwarded
    }

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let variable: String
        public let message: String
        public var description: String { "Configuration error: \(variable) \(message)" }
    }

    public static let variables: [(name: String, meaning: String)] = [
        ("LAMASAT_DATA_DIR", "folder for the SQLite file, backups and uploads (default ./data)"),
        ("DATABASE_URL", "postgres://user:password@host:port/db selects PostgreSQL; unset selects SQLite"),
        ("LAMASAT_HOST", "address to listen on (default 127.0.0.1)"),
        ("LAMASAT_PORT", "port to listen on, 1–65535 (default 8080)"),
        ("LAMASAT_ENV", "development or production (default development)"),
        ("LAMASAT_SECURE_COOKIES", "true or false; cookies only over HTTPS (default true in production)"),
        ("LAMASAT_PUBLIC_URL", "the URL people use, e.g. https://lamasat.example.org (default http://HOST:PORT)"),
        ("LAMASAT_WORKER", "true or false; run the background job worker in this process (default true)"),
        ("LAMASAT_TRUSTED_PROXIES", "addresses or CIDR ranges of the reverse proxies in front (e.g. 127.0.0.1,10.0.0.0/8); only their X-Forwarded-For / Forwarded entries are believed (default none)"),
        ("LAMASAT_PROXY_HEADER", "x-forwarded-for or forwarded: the header the trusted proxies write (default x-forwarded-for)"),
        ("LAMASAT_SECRET", "at least 32 characters; keys pseudonyms in throttles (default: a random secret kept in <data>/server-secret)"),
        ("LAMASAT_AUDIT_KEY", "at least 32 characters; keys the audit trail's HMAC chain (default: derived from the server secret)"),
        ("LAMASAT_BENCHMARK_CEILING", "true or false; serve /_benchmark/ceiling for Benchmarks/pages.sh (default false)"),
        ("LAMASAT_API_RATE", "calls per minute each API token may make, 1–100000 (default 300)"),
    ]

    public static func load(from env: [String: String]) throws(Problem) -> AppConfig {
        func value(_ name: String) -> String? {
            guard let raw = env[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        func bool(_ name: String, default fallback: Bool) throws(Problem) -> Bool {
            guard let raw = value(name) else { return fallback }
            switch raw.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw Problem(variable: name, message: "must be true or false, not '\(raw)'")
            }
        }

        let dataDirectory = value("LAMASAT_DATA_DIR") ?? "./data"
        let database: DatabaseChoice
        if let url = value("DATABASE_URL") {
            guard let components = URLComponents(string: url),
                  ["postgres", "postgresql"].contains(components.scheme?.lowercased() ?? ""),
                  let host = components.host, !host.isEmpty
            else {
                throw Problem(
                    variable: "DATABASE_URL",
                    message: "must be a postgres:// URL such as postgres://user:password@127.0.0.1:5432/lamasat")
            }
            database = .postgres(url: url)
        } else {
            database = .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("lamasat.sqlite"))
        }

        let host = value("LAMASAT_HOST") ?? "127.0.0.1"
        guard !host.contains(where: \.isWhitespace), !host.contains("/") else {
            throw Problem(variable: "LAMASAT_HOST", message: "must be a host name or IP address, not '\(host)'")
        }
        var port = 8080
        if let raw = value("LAMASAT_PORT") {
            guard let parsed = Int(raw), (1...65535).contains(parsed) else {
                throw Problem(variable: "LAMASAT_PORT", message: "must be a whole number from 1 to 65535, not '\(raw)'")
            }
            port = parsed
        }
        var environment = DeploymentEnvironment.development
        if let raw = value("LAMASAT_ENV") {
            guard let parsed = DeploymentEnvironment(rawValue: raw.lowercased()) else {
                throw Problem(variable: "LAMASAT_ENV", message: "must be development or production, not '\(raw)'")
            }
            environment = parsed
        }
        // Secure (and `__Host-` prefixed) unless development was asked for by name: a server started without
        // LAMASAT_ENV never sends its session over plain HTTP.
        let secureCookies = try bool("LAMASAT_SECURE_COOKIES", default: value("LAMASAT_ENV")?.lowercased() != "development")
        let runsWorker = try bool("LAMASAT_WORKER", default: true)
        let benchmarkCeiling = try bool("LAMASAT_BENCHMARK_CEILING", default: false)

        let publicURL = value("LAMASAT_PUBLIC_URL") ?? "http://\(host):\(port)"
        guard let parsedURL = URLComponents(string: publicURL), ["http", "https"].contains(parsedURL.scheme ?? ""),
              parsedURL.host?.isEmpty == false
        else {
            throw Problem(variable: "LAMASAT_PUBLIC_URL", message: "must be an http:// or https:// URL, not '\(publicURL)'")
        }
        if environment == .production, secureCookies, parsedURL.scheme != "https", value("LAMASAT_PUBLIC_URL") != nil {
            throw Problem(
                variable: "LAMASAT_PUBLIC_URL",
                message: "must be https:// in production with secure cookies (or set LAMASAT_SECURE_COOKIES=false behind a trusted TLS proxy)")
        }

        let trustedProxies = value("LAMASAT_TRUSTED_PROXIES") ?? ""
        do { _ = try TrustedProxies(parsing: trustedProxies) } catch {
            throw Problem(variable: "LAMASAT_TRUSTED_PROXIES", message: "has \(error.description)")
        }

        var proxyHeader = ProxyHeader.xForwardedFor
        if let raw = value("LAMASAT_PROXY_HEADER") {
            guard let parsed = ProxyHeader(rawValue: raw.lowercased()) else {
                throw Problem(variable: "LAMASAT_PROXY_HEADER", message: "must be x-forwarded-for or forwarded, not '\(raw)'")
            }
            proxyHeader = parsed
        }

        var apiRate = 300
        if let raw = value("LAMASAT_API_RATE") {
            guard let parsed = Int(raw), (1...100_000).contains(parsed) else {
                throw Problem(variable: "LAMASAT_API_RATE", message: "must be a whole number from 1 to 100000, not '\(raw)'")
            }
            apiRate = parsed
        }

        return AppConfig(
            dataDirectory: dataDirectory, database: database, host: host, port: port, environment: environment,
            secureCookies: secureCookies, publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            runsWorker: runsWorker, trustedProxies: trustedProxies, proxyHeader: proxyHeader, benchmarkCeiling: benchmarkCeiling,
            apiRatePerMinute: apiRate)
    }

    /// A configuration for in-process tests: an in-memory database unless the test run names a PostgreSQL URL.
    public static func testing(databaseURL: String? = nil) -> AppConfig {
        AppConfig(
            dataDirectory: NSTemporaryDirectory(), database: databaseURL.map { .postgres(url: $0) } ?? .sqliteMemory,
            host: "127.0.0.1", port: 8080, environment: .development, secureCookies: false,
            publicURL: "http://127.0.0.1:8080", runsWorker: false)
    }

    /// The origin (scheme://host[:port]) that forms must come from.
    public var publicOrigin: String {
        guard let components = URLComponents(string: publicURL), let scheme = components.scheme,
              let host = components.host
        else { return publicURL }
        return components.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
