import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Chooses and prepares the database: an SQLite file in WAL mode by default, PostgreSQL when `DATABASE_URL` is set.
enum DatabaseSetup {
    static let busyTimeoutMilliseconds = 5000

    /// `waitSeconds`: how long a request waits for a free connection; past it the request is answered 503.
    static func use(_ choice: AppConfig.DatabaseChoice, dataDirectory: String, waitSeconds: Int64, on app: Application) throws {
        let wait = TimeAmount.seconds(waitSeconds)
        switch choice {
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), connectionPoolTimeout: wait, sqlLogLevel: .debug), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, connectionPoolTimeout: wait, sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = ["public"]
            app.databases.use(.postgres(configuration: configuration, connectionPoolTimeout: wait, sqlLogLevel: .trace), as: .psql)
        }
    }

    /// SQLite settings that belong to each connection (one per event loop): full sync on commit, a bounded wait
    /// for a lock instead of waiting forever (SQLiteNIO's own busy handler retries without end, on a pool thread),
    /// and deleted content overwritten with zeros (else a corrected or anonymised name stays readable in the file's
    /// free space; SQLiteNIO builds SQLite with it on, said here so a build without it cannot go unnoticed). WAL mode
    /// is stored in the file itself. The in-memory database (tests) gets the bounded wait only.
    static func prepareSQLiteConnections(_ choice: AppConfig.DatabaseChoice, on app: Application) async throws {
        if case .sqliteMemory = choice {
            for loop in app.eventLoopGroup.makeIterator() {
                guard let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
                try await db.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
            }
            return
        }
        guard case .sqliteFile = choice else { return }
        var first = true
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            if first {
                try await db.raw("PRAGMA journal_mode = WAL").run()
                first = false
            }
            try await db.raw("PRAGMA synchronous = FULL").run()
            try await db.raw("PRAGMA secure_delete = ON").run()
            try await db.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
        }
    }
}
