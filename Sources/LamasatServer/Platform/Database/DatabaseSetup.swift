import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Chooses and prepares the database: an SQLite file in WAL mode by default, PostgreSQL when `DATABASE_URL` is set.
enum DatabaseSetup {
    static let busyTimeoutMilliseconds = 5000

    static func use(_ choice: AppConfig.DatabaseChoice, dataDirectory: String, on app: Application) throws {
        switch choice {
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: nil), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = ["public"]
            app.databases.use(.postgres(configuration: configuration, sqlLogLevel: .trace), as: .psql)
        }
    }

    /// SQLite settings that belong to each connection (one per event loop): full sync on commit and a bounded wait
    /// for a lock instead of waiting forever. WAL mode is stored in the file itself.
    static func prepareSQLiteConnections(_ choice: AppConfig.DatabaseChoice, on app: Application) async throws {
        guard case .sqliteFile = choice else { return }
        var first = true
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) as? any SQLDatabase else { continue }
            if first {
                try await db.raw("PRAGMA journal_mode = WAL").run()
                first = false
            }
            try await db.raw("PRAGMA synchronous = FULL").run()
            try await db.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
        }
    }
}
