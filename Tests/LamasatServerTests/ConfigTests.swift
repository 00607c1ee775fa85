import Testing
@testable import LamasatServer

@Suite("Configuration from the environment")
struct ConfigTests {
    @Test("with nothing set: SQLite under ./data, 127.0.0.1:8080, development, and still Secure cookies")
    func defaults() throws {
        let config = try AppConfig.load(from: [:])
        #expect(config.secureCookies)
    }

    @Test("plain-HTTP cookies only when development is asked for by name")
    func explicitDevelopment() throws {
        let config = try AppConfig.load(from: ["LAMASAT_ENV": "development"])
        #expect(config.database == .sqliteFile(path: "data/lamasat.sqlite") || config.database == .sqliteFile(path: "./data/lamasat.sqlite"))
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.environment == .development)
        #expect(config.secureCookies == false)
        #expect(config.publicURL == "http://127.0.0.1:8080")
    }

    @Test("a postgres:// DATABASE_URL selects PostgreSQL; the data folder moves the SQLite file")
    func databaseChoice() throws {
        let pg = try AppConfig.load(from: ["DATABASE_URL": "postgres://lamasat:secret@127.0.0.1:5432/lamasat"])
        #expect(pg.database == .postgres(url: "postgres://lamasat:secret@127.0.0.1:5432/lamasat"))
        let file = try AppConfig.load(from: ["LAMASAT_DATA_DIR": "/srv/lamasat"])
        #expect(file.database == .sqliteFile(path: "/srv/lamasat/lamasat.sqlite"))
    }

    @Test("production makes cookies Secure by default")
    func productionCookies() throws {
        let config = try AppConfig.load(from: ["LAMASAT_ENV": "production", "LAMASAT_PUBLIC_URL": "https://lamasat.example.org"])
        #expect(config.secureCookies)
        #expect(config.publicOrigin == "https://lamasat.example.org")
    }

    @Test("a bad value stops the start and names the variable", arguments: [
        ("LAMASAT_PORT", "eighty"), ("LAMASAT_PORT", "70000"), ("LAMASAT_ENV", "staging"),
        ("LAMASAT_SECURE_COOKIES", "maybe"), ("DATABASE_URL", "mysql://x@y/z"), ("DATABASE_URL", "postgres://"),
        ("LAMASAT_PUBLIC_URL", "ftp://x"), ("LAMASAT_HOST", "bad host"), ("LAMASAT_WORKER", "sometimes"),
    ])
    func badValue(name: String, value: String) {
        #expect {
            try AppConfig.load(from: [name: value])
        } throws: { error in
            guard let problem = error as? AppConfig.Problem else { return false }
            return problem.variable == name && problem.description.contains(name)
        }
    }

    @Test("production with secure cookies refuses a plain-HTTP public URL")
    func productionNeedsHTTPS() {
        #expect(throws: AppConfig.Problem.self) {
            try AppConfig.load(from: ["LAMASAT_ENV": "production", "LAMASAT_PUBLIC_URL": "http://lamasat.example.org"])
        }
    }
}
