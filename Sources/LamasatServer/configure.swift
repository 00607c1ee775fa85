import Fluent
import LamasatCore
import Leaf
import Vapor

/// Replaceable parts of the application, for tests.
public struct Overrides: Sendable {
    var clock: any WallClock = SystemClock()
    var passwordCost: Int = PasswordHasher.productionCost
    /// A provider for every channel (tests record with it); nil builds the providers from `messaging`.
    var messageProvider: (any MessageProvider)?
    /// Messaging settings; nil reads them from the environment.
    var messaging: MessagingConfig?
    /// Whether staff whose role requires two-step sign-in are sent to enrol before any page. Only the in-process
    /// tests turn it off, so that their thousands of sign-ins need no authenticator; the two-factor tests keep it.
    var enforceSecondFactor = true

    public init() {}
}

/// Sets up one Lamasat application: services, database, views, middleware, routes and migrations.
public func configure(_ app: Application, config: AppConfig, overrides: Overrides = Overrides()) async throws {
    let localizer = try Localizer.load(from: app.directory.resourcesDirectory)
    let messaging = try overrides.messaging ?? MessagingConfig.load(from: ProcessInfo.processInfo.environment)
    app.lamasat = AppServices(
        config: config, clock: overrides.clock, passwords: PasswordHasher(cost: overrides.passwordCost),
        localizer: localizer, metrics: AppMetrics(), jobs: JobRegistry(),
        messageProvider: overrides.messageProvider
            ?? RoutedProvider.make(messaging, client: app.client, developmentLogger: config.environment == .development ? app.logger : nil),
        messaging: messaging,
        instanceID: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))",
        secrets: try ServerSecrets.load(config, environment: ProcessInfo.processInfo.environment),
        proxies: (try? TrustedProxies(parsing: config.trustedProxies)) ?? .none,
        enforceSecondFactor: overrides.enforceSecondFactor,
        commonPasswords: try CommonPasswords(lines: String(contentsOfFile: app.directory.resourcesDirectory + "Security/common-passwords.txt", encoding: .utf8)))

    try DatabaseSetup.use(config.database, dataDirectory: config.dataDirectory, waitSeconds: config.databaseWaitSeconds, on: app)
    try await DatabaseSetup.prepareSQLiteConnections(config.database, on: app)
    app.migrations.add(LamasatMigrations.all(auditKey: app.lamasat.secrets.audit))

    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag(localizer: localizer)
    let assets = StaticAssets(publicDirectory: app.directory.publicDirectory)
    app.leaf.tags["asset"] = AssetTag(assets: assets)
    // Parsed templates are cached in production; in development edits to Resources/Views show at once.
    app.leaf.cache.isEnabled = config.environment == .production

    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "64kb"
    // gzip when the client accepts it; pages carry their CSRF token masked afresh each time (CSRFMask), so
    // compression cannot leak it (BREACH).
    app.http.server.configuration.responseCompression = .enabled

    // Outermost first: measure everything, add headers even to error pages, then turn errors into pages.
    app.middleware = Middlewares()
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(isProduction: config.environment == .production))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(APIMiddleware(ratePerMinute: config.apiRatePerMinute))
    app.middleware.use(FingerprintedAssetMiddleware(assets: assets))
    app.middleware.use(PublicFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(StaffSessionMiddleware(policy: .standard))
    app.middleware.use(PortalSessionMiddleware())
    app.middleware.use(VolunteerSessionMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(NotificationBellMiddleware())

    let jobs = app.lamasat.jobs
    jobs.register(Outbox.deliverJob, Outbox.deliver)
    jobs.register(CampaignsController.sendJob, CampaignsController.send)
    jobs.register(PortalSignInController.codeJob, PortalSignInController.send)
    jobs.register(VolunteerSignInController.codeJob, VolunteerSignInController.send)
    jobs.register(RegistrationController.codeJob, RegistrationController.send)
    jobs.every("housekeeping") { app, now in try await Housekeeping.run(now: now, on: app.db) }
    jobs.every("portal.housekeeping") { app, now in try await PortalHousekeeping.run(now: now, on: app.db) }
    jobs.every("complaints.escalation") { app, now in try await ComplaintEscalation.run(now: now, auditKey: app.lamasat.secrets.audit, on: app.db) }
    jobs.register(StaffNotifications.emailJob, NotificationMail.sendNow)
    jobs.register(ImportJob.kind, ImportJob.run)
    jobs.every("notifications.digest") { app, now in
        try await NotificationDigest.run(now: now, localizer: app.lamasat.localizer, baseURL: app.lamasat.config.publicURL, on: app.db)
    }
    jobs.every("requests.overdueDecisions") { app, now in try await OverdueDecisions.run(now: now, on: app.db) }
    jobs.every("outreach.daily") { app, now in try await OutreachEngine.daily(now: now, baseURL: app.lamasat.config.publicURL, on: app.db) }
    jobs.every(AppointmentReminders.jobName) { app, now in try await AppointmentReminders.run(now: now, localizer: app.lamasat.localizer, on: app.db) }
    jobs.register(RetentionApply.job, RetentionApply.run)
    jobs.every("retention.daily") { app, now in _ = try await RetentionScan.propose(now: now, on: app.db) }
    jobs.every(PledgeReminders.jobName) { app, now in try await PledgeReminders.run(now: now, localizer: app.lamasat.localizer, on: app.db) }

    try routes(app)
    app.installAccessGates()
}
