import Fluent
import Foundation
import SQLKit
import Synchronization
import FluentSQLiteDriver
import Testing
import Vapor
@testable import LamasatServer

@Suite("Deployment settings: database, cookies, HTTPS", .serialized)
struct DeploymentTests {
    @Test("the server suite runs on the database the test command chose")
    func databaseOfThisRun() async throws {
        try await withLamasat { t in
            #expect(t.db.isPostgres == runsOnPostgres)
        }
    }

    @Test("the SQLite file runs in WAL mode with synchronous=FULL, a busy timeout and secure_delete on every connection")
    func sqlitePragmas() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-\(UUID().uuidString)").path
        try await withLamasat(config: { $0.database = .sqliteFile(path: folder + "/lamasat.sqlite"); $0.dataDirectory = folder }) { t in
            struct Mode: Decodable { let journal_mode: String }
            struct Sync: Decodable { let synchronous: Int }
            struct Busy: Decodable { let timeout: Int }
            struct Erase: Decodable { let secure_delete: Int }
            for loop in t.app.eventLoopGroup.makeIterator() {
                let db = try #require(t.app.databases.database(logger: t.app.logger, on: loop) as? any SQLDatabase)
                #expect(try await db.raw("PRAGMA journal_mode").first(decoding: Mode.self)?.journal_mode == "wal")
                #expect(try await db.raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous == 2)
                #expect(try await db.raw("PRAGMA busy_timeout").first(decoding: Busy.self)?.timeout == DatabaseSetup.busyTimeoutMilliseconds)
                #expect(try await db.raw("PRAGMA secure_delete").first(decoding: Erase.self)?.secure_delete == 1)
            }
            #expect(FileManager.default.fileExists(atPath: folder + "/lamasat.sqlite"))
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Whether a second writer, told not to wait, can take SQLite's write lock while `hold` runs inside a transaction.
    private func outsiderCanWrite(path: String, during open: (@escaping @Sendable (any Database) async throws -> Void) async throws -> Void,
                                  hold: @escaping @Sendable (any Database) async throws -> Void) async throws -> Bool {
        let outsider = try await SQLiteConnection.open(storage: .file(path: path))
        defer { Task { try? await outsider.close() } }
        _ = try await outsider.query("PRAGMA busy_timeout = 0")
        let result = Mutex<Bool?>(nil)
        try await open { db in
            try await hold(db)
            do {
                _ = try await outsider.query("BEGIN IMMEDIATE")
                _ = try await outsider.query("ROLLBACK")
                result.withLock { $0 = true }
            } catch { result.withLock { $0 = false } }
        }
        return try #require(result.withLock { $0 })
    }

    @Test("every transaction takes SQLite's write lock with its first statement, so a writer coming between its read and its write waits instead of breaking it")
    func transactionsWriteFirst() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-\(UUID().uuidString)").path
        let path = folder + "/lamasat.sqlite"
        try await withLamasat(config: { $0.database = .sqliteFile(path: path); $0.dataDirectory = folder }) { t in
            let read: @Sendable (any Database) async throws -> Void = { db in _ = try await Branch.query(on: db).count() }
            // Fluent's own transaction only reads so far: another writer gets in, and this one's write would then fail.
            let fluents = try await outsiderCanWrite(path: path, during: { body in try await t.db.transaction { try await body($0) } }, hold: read)
            #expect(fluents)
            let ours = try await outsiderCanWrite(path: path, during: { body in try await t.db.writeTransaction { try await body($0) } }, hold: read)
            #expect(!ours)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test("the sources open transactions only through writeTransaction")
    func noBareTransactions() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 100)
        let bare = files.filter { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").contains(".transaction {") }.map(\.lastPathComponent)
        #expect(bare.isEmpty, "use writeTransaction in \(bare)")
    }

    @Test("with secure cookies (production) the session cookie is __Host- prefixed, Secure, and HSTS is sent")
    func productionCookie() async throws {
        try await withLamasat(config: { $0.secureCookies = true; $0.environment = .production }) { t in
            try await t.makeUser("noura", role: .admin)
            let browser = t.browser()
            let signInPage = try await browser.get("/signin")
            #expect(signInPage.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            #expect(signInPage.headers[.setCookie].contains { $0.hasPrefix("__Host-lamasat_csrf=") && $0.contains("Secure") && $0.contains("Path=/") })
            let page = try await browser.post("/signin", ["username": "noura", "password": "correct horse battery"])
            let cookie = try #require(page.headers[.setCookie].first { $0.hasPrefix("__Host-lamasat_session=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Path=/") && !cookie.contains("Domain="))
            // The signed-in session is read back under its prefixed name, and so is the chosen language.
            #expect(try await browser.get("/").status == .ok)
            let english = try await browser.post("/language", ["lang": "en", "return": "/"])
            #expect(english.headers[.setCookie].contains { $0.hasPrefix("__Host-lamasat_lang=en") && $0.contains("Secure") })
            #expect(try await browser.get("/").contains("<html lang=\"en\""))
        }
    }

    @Test("a development server asked for by name sends plain cookies for http://127.0.0.1, without HSTS")
    func developmentCookie() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .admin)
            let browser = t.browser()
            let signInPage = try await browser.get("/signin")
            #expect(signInPage.headers.first(name: "Strict-Transport-Security") == nil)
            let page = try await browser.post("/signin", ["username": "noura", "password": "correct horse battery"])
            let cookie = try #require(page.headers[.setCookie].first { $0.hasPrefix("lamasat_session=") })
            #expect(!cookie.contains("Secure"))
        }
    }
}
