import Fluent
import Foundation
import SQLKit
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

    @Test("the SQLite file runs in WAL mode with synchronous=FULL and a busy timeout on every connection")
    func sqlitePragmas() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-\(UUID().uuidString)").path
        try await withLamasat(config: { $0.database = .sqliteFile(path: folder + "/lamasat.sqlite"); $0.dataDirectory = folder }) { t in
            struct Mode: Decodable { let journal_mode: String }
            struct Sync: Decodable { let synchronous: Int }
            struct Busy: Decodable { let timeout: Int }
            for loop in t.app.eventLoopGroup.makeIterator() {
                let db = try #require(t.app.databases.database(logger: t.app.logger, on: loop) as? any SQLDatabase)
                #expect(try await db.raw("PRAGMA journal_mode").first(decoding: Mode.self)?.journal_mode == "wal")
                #expect(try await db.raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous == 2)
                #expect(try await db.raw("PRAGMA busy_timeout").first(decoding: Busy.self)?.timeout == DatabaseSetup.busyTimeoutMilliseconds)
            }
            #expect(FileManager.default.fileExists(atPath: folder + "/lamasat.sqlite"))
        }
        try? FileManager.default.removeItem(atPath: folder)
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
