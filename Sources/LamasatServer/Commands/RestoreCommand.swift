import Foundation
import FluentSQLiteDriver
import Vapor

/// `lamasat restore FILE [--force]`: puts a backup made by `lamasat backup` in place of the SQLite database. It runs
/// before anything opens that database (LamasatMain gives it an application without one), checks that the file is a
/// sound Lamasat database, refuses while a server uses the folder, and keeps the database it replaces. The next start
/// migrates the copy. On PostgreSQL it prints the `pg_restore` line.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "backup", help: "the backup file (SQLite: made by lamasat backup; PostgreSQL: by pg_dump)") var backup: String
        @Flag(name: "force", help: "replace an existing database (it is kept beside, renamed …before-restore-<time>)") var force: Bool
        init() {}
    }

    let config: AppConfig

    var help: String { "Restores a backup into the data folder (SQLite; PostgreSQL: prints the pg_restore command)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch config.database {
        case .postgres(let url):
            let (target, _) = BackupCommand.withoutPassword(url)
            context.console.print("PostgreSQL: restore into an empty database (with the password in PGPASSWORD):")
            context.console.print("  pg_restore --no-owner --dbname='\(target)' '\(signature.backup)'")
        case .sqliteMemory:
            throw CommandProblem("restore: the database is in memory; there is nothing to restore into")
        case .sqliteFile(let path):
            let restored = try await DatabaseRestore.sqlite(from: signature.backup, into: path, dataDirectory: config.dataDirectory,
                                                            force: signature.force, now: Date())
            context.console.print("Restored \(signature.backup) into \(path) (\(restored.bytes / 1024) KiB); it is migrated at the next start.")
            if let kept = restored.keptAside { context.console.print("The database it replaced is kept as \(kept).") }
            let secret = URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("server-secret").path
            if !FileManager.default.fileExists(atPath: secret), ProcessInfo.processInfo.environment["LAMASAT_SECRET"] == nil {
                context.console.print("""
                    Note: \(secret) is missing. Copy the original server's secret there (or set LAMASAT_SECRET and \
                    LAMASAT_AUDIT_KEY as it had them): without it the audit trail does not verify and two-step sign-in \
                    secrets cannot be read.
                    """)
            }
        }
    }
}

/// Checking and swapping the SQLite file, apart from the command so that tests call it directly.
enum DatabaseRestore {
    struct Restored { let bytes: Int; let keptAside: String? }

    static func sqlite(from source: String, into target: String, dataDirectory: String, force: Bool, now: Date) async throws -> Restored {
        guard FileManager.default.isReadableFile(atPath: source) else { throw CommandProblem("restore: cannot read \(source)") }
        let lock = try ServerLock(in: dataDirectory, for: .restoring)
        defer { withExtendedLifetime(lock) {} }
        let exists = FileManager.default.fileExists(atPath: target)
        if exists && !force {
            throw CommandProblem("restore: \(target) exists; add --force to replace it (it is then kept beside, renamed)")
        }
        // Checked on a copy beside the target (the same file system, so the final rename is atomic); the backup itself
        // is never opened for writing.
        let staging = target + ".restoring-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        do {
            try await check(staging, named: source)
            try flush(staging)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
            throw error
        }
        var keptAside: String?
        if exists {
            let aside = target + ".before-restore-" + BackupCommand.timestamp(now)
            // The write-ahead log holds the newest commits of the database it belongs to: it moves with it.
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: target + suffix) {
                try FileManager.default.moveItem(atPath: target + suffix, toPath: aside + suffix)
            }
            keptAside = aside
        }
        guard rename(staging, target) == 0 else { throw CommandProblem("restore: cannot move the copy to \(target)") }
        try flush((target as NSString).deletingLastPathComponent)
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        return Restored(bytes: size, keptAside: keptAside)
    }

    /// An SQLite file whose pages are all sound (`integrity_check`) and that holds Lamasat's migrations table.
    static func check(_ path: String, named name: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let integrity: [SQLiteRow]
            do {
                integrity = try await connection.query("PRAGMA integrity_check")
            } catch {
                throw CommandProblem("restore: \(name) is not an SQLite database")
            }
            let verdict = integrity.compactMap { $0.column("integrity_check")?.string }
            guard verdict == ["ok"] else {
                throw CommandProblem("restore: \(name) is damaged (integrity_check: \(verdict.prefix(3).joined(separator: "; ")))")
            }
            let migrations = try? await connection.query("SELECT count(*) AS n FROM _fluent_migrations")
            guard let count = migrations?.first?.column("n")?.integer, count > 0 else {
                throw CommandProblem("restore: \(name) is not a Lamasat database (it has no migrations table)")
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Writes the file (or folder entry) to disk before the next step relies on it.
    private static func flush(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CommandProblem("restore: cannot open \(path)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CommandProblem("restore: cannot write \(path) to disk") }
    }
}
