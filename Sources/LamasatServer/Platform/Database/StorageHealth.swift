import FluentPostgresDriver
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import Vapor

/// Whether the database can save: a full disk, a failed write, a file that cannot be opened or PostgreSQL out of reach
/// is not the request's fault nor a bug, and passes when space or the database comes back. Reading (`SELECT 1`) may
/// still work on a full disk, so a failed save is remembered for `/healthz`, which then tries a tiny write until one
/// succeeds (or a change is saved).
final class StorageHealth: Sendable {
    private let failing = NIOLockedValueBox(false)

    /// An error that says the database cannot save right now.
    static func isStorageFailure(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            // SQLITE_FULL, SQLITE_IOERR_* (EFBIG past a file-size limit is an IOERR_WRITE), CANTOPEN, READONLY, CORRUPT.
            let reason = String(describing: sqlite.reason)
            return ["full", "ioError", "cantOpen", "readOnly", "readonly", "corrupt", "notADatabase"].contains { reason.hasPrefix($0) }
        }
        if let postgres = error as? PSQLError {
            if postgres.code == .server {
                // Connection exceptions, insufficient resources (disk full), shutting down, system errors.
                let state = postgres.serverInfo?[.sqlState] ?? ""
                return ["08", "53", "57P", "58"].contains { state.hasPrefix($0) }
            }
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed].contains(postgres.code)
        }
        return error is NIOConnectionError || error is ChannelError || error is IOError
    }

    /// Another writer held the database past the busy timeout, or committed between this transaction's first read
    /// and its first write (SQLite's SQLITE_BUSY, PostgreSQL's serialization failure or deadlock): the same request
    /// a moment later will likely pass.
    static func isLockContention(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError { return ["busy", "locked"].contains { String(describing: sqlite.reason).hasPrefix($0) } }
        if let postgres = error as? PSQLError, postgres.code == .server {
            return ["40001", "40P01"].contains(postgres.serverInfo?[.sqlState] ?? "")
        }
        return false
    }

    /// For the log: the kind of failure, never the statement or its values.
    static func reason(_ error: any Error) -> String {
        if let sqlite = error as? SQLiteError { return "sqlite \(sqlite.reason)" }
        if let postgres = error as? PSQLError { return "postgresql \(postgres.code) \(postgres.serverInfo?[.sqlState] ?? "")" }
        return String(reflecting: type(of: error))
    }

    func failed() { failing.withLockedValue { $0 = true } }

    func recovered() { failing.withLockedValue { $0 = false } }

    var hasFailed: Bool { failing.withLockedValue { $0 } }

    /// What `/healthz` checks: the database answers, and, after a failed save, a tiny write succeeds again (which
    /// clears the failure). Throws the database's error when it does not.
    func check(on db: any Database) async throws {
        _ = try await db.sql.raw("SELECT 1 AS ok").all()
        guard hasFailed else { return }
        if db.isPostgres {
            // Assigning a transaction id writes its commit to the write-ahead log.
            _ = try await db.sql.raw("SELECT txid_current() AS id").all()
        } else {
            // Rewrites the file's header page (user_version is unused): a commit appended to the write-ahead log.
            try await db.sql.raw("PRAGMA user_version = 0").run()
        }
        recovered()
    }
}
