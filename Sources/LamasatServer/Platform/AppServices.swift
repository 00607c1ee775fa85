import LamasatCore
import Vapor

/// What every part of the server shares, set once in `configure` and injected so tests can replace the clock,
/// the password cost and the message provider.
struct AppServices: Sendable {
    var config: AppConfig
    var clock: any WallClock
    var passwords: PasswordHasher
    var localizer: Localizer
    var metrics: AppMetrics
    var jobs: JobRegistry
    var messageProvider: any MessageProvider
    var messaging: MessagingConfig
    /// Names this process in job leases.
    var instanceID: String
    var secrets: ServerSecrets
    var proxies: TrustedProxies
    var enforceSecondFactor: Bool
    /// The 10,000 most common passwords, refused for staff (Resources/Security).
    var commonPasswords: CommonPasswords
    /// Audit rows written outside a caller's transaction, committed in groups.
    let auditWriter = AuditWriter()
    /// Organization settings, kept for a few seconds (`req.organization()`).
    let cache = ReadCache()
    /// The last failed save, for `/healthz` and the "cannot save now" page.
    var storageHealth = StorageHealth()
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = AppServices
    }

    var lamasat: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var lamasat: AppServices { application.lamasat }
    var now: Date { application.lamasat.clock.now() }
}
