import Fluent
import Foundation
import LamasatCore
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
@testable import LamasatServer

/// A clock the tests move by hand.
final class TestClock: WallClock, @unchecked Sendable {
    private let current: NIOLockedValueBox<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_600_000)) { current = .init(start) }
    func now() -> Date { current.withLockedValue { $0 } }
    func advance(by seconds: TimeInterval) { current.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
}

/// Records what the outbox worker sent.
final class RecordingProvider: MessageProvider, @unchecked Sendable {
    let name = "recording"
    private let sent = NIOLockedValueBox<[UUID]>([])
    private let failures = NIOLockedValueBox<Int>(0)
    var sentIDs: [UUID] { sent.withLockedValue { $0 } }
    func failNext(_ count: Int) { failures.withLockedValue { $0 = count } }
    func send(_ message: OutboxMessage) async throws {
        let fail = failures.withLockedValue { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        if fail { throw Abort(.badGateway, reason: "provider down") }
        sent.withLockedValue { $0.append(message.id!) }
    }
}

struct TestContext {
    let app: Application
    let clock: TestClock
    let provider: RecordingProvider

    var db: any Database { app.db }

    /// A fresh browser with its own cookies.
    func browser(address: String? = nil) -> Browser { Browser(app: app, address: address) }

    /// Creates a staff user directly (low Bcrypt cost in tests), in branch `branch` (HQ by default).
    @discardableResult
    func makeUser(
        _ username: String, role: Role, password: String = "correct horse battery", branch: Branch? = nil,
        scope: BranchScope? = nil, active: Bool = true, mustChangePassword: Bool = false
    ) async throws -> StaffUser {
        let home: Branch
        if let branch { home = branch } else { home = try await headOffice() }
        let hash = try await app.lamasat.passwords.hash(password, on: app.threadPool)
        let user = StaffUser(username: username, fullName: "موظفة \(username)", email: nil, role: role,
                             scope: scope ?? role.defaultScope, branchID: home.id!, passwordHash: hash,
                             mustChangePassword: mustChangePassword, now: clock.now())
        user.isActive = active
        try await user.create(on: db)
        return user
    }

    func headOffice() async throws -> Branch {
        try await Branch.query(on: db).filter(\.$code == "HQ").first()!
    }

    func makeBranch(_ code: String) async throws -> Branch {
        let branch = Branch(code: code, nameArabic: "فرع \(code)", nameEnglish: "\(code) branch", city: "جدة", now: clock.now())
        try await branch.create(on: db)
        return branch
    }

    /// A browser signed in as a new user of `role`.
    func signedIn(as role: Role, username: String? = nil, branch: Branch? = nil, scope: BranchScope? = nil) async throws -> (Browser, StaffUser) {
        let name = username ?? "\(role.rawValue.lowercased())1"
        let user = try await makeUser(name, role: role, branch: branch, scope: scope)
        let browser = self.browser()
        try await browser.signIn(name, "correct horse battery")
        return (browser, user)
    }

    func auditEntries(action: String? = nil) async throws -> [AuditEntry] {
        let query = AuditEntry.query(on: db).sort(\.$id)
        if let action { query.filter(\.$action == action) }
        return try await query.all()
    }
}

/// The database of this test run: PostgreSQL when the test command names one, otherwise in-memory SQLite.
let testDatabaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"]
var runsOnPostgres: Bool { testDatabaseURL != nil }

/// SQLite's statements run on NIO's shared blocking pool, one thread per core by default. Parallel suites hold many
/// in-memory databases at once; with two threads, two connections waiting on locks of their own databases could
/// hold both threads while the transactions they wait for need a thread to finish. More threads than waiters, set
/// before the pool is first used (any later setting is ignored, as an explicit environment value is kept).
let blockingPoolForParallelTests: Void = { setenv("NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT", "16", 0) }()

/// Runs `body` against a new application on an empty, migrated database; with `existingDatabase` the database
/// `config` names is migrated as it is instead (the upgrade test).
func withLamasat(
    config adjust: (inout AppConfig) -> Void = { _ in }, messaging: MessagingConfig? = nil, secondFactor: Bool = false,
    existingDatabase: Bool = false, _ body: (TestContext) async throws -> Void
) async throws {
    blockingPoolForParallelTests
    let app = try await Application.make(.testing)
    app.logger.logLevel = ProcessInfo.processInfo.environment["LAMASAT_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    let clock = TestClock()
    let provider = RecordingProvider()
    var overrides = Overrides()
    overrides.clock = clock
    overrides.passwordCost = 4
    // Two-step sign-in is enforced only where a test asks for it (SecondFactorTests).
    overrides.enforceSecondFactor = secondFactor
    // With messaging settings the real providers are used (against a fake server); otherwise a recording one.
    if let messaging { overrides.messaging = messaging } else { overrides.messageProvider = provider }
    do {
        var config = AppConfig.testing(databaseURL: testDatabaseURL)
        adjust(&config)
        try await configure(app, config: config, overrides: overrides)
        if case .postgres = config.database, !existingDatabase {
            try await app.db.sql.raw("DROP SCHEMA public CASCADE").run()
            try await app.db.sql.raw("CREATE SCHEMA public").run()
        }
        try await app.autoMigrate()
        try await app.asyncBoot()
        try await body(TestContext(app: app, clock: clock, provider: provider))
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
