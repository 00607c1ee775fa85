import Foundation
import FluentSQLiteDriver
import Testing
@testable import LamasatServer

/// Issue 21: `lamasat restore` puts only a sound Lamasat database in place, never under a running server, and never
/// over an existing database unless told to, keeping that one beside. (The binary test restores a real backup.)
@Suite("Restoring a backup")
struct RestoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-restore-\(UUID().uuidString)").path
    var target: String { folder + "/lamasat.sqlite" }

    /// An SQLite file with a migrations table (what the check looks for) and one row to recognise it by.
    func database(_ name: String, migrations: Bool = true, marker: String = "backup") async throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        if migrations {
            _ = try await connection.query("CREATE TABLE _fluent_migrations (id TEXT PRIMARY KEY, name TEXT)")
            _ = try await connection.query("INSERT INTO _fluent_migrations VALUES ('1', 'M0001')")
        }
        _ = try await connection.query("CREATE TABLE marker (value TEXT)")
        _ = try await connection.query("INSERT INTO marker VALUES (?)", [.text(marker)])
        try await connection.close()
        return path
    }

    func marker(_ path: String) async throws -> String? {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        let rows = try await connection.query("SELECT value FROM marker")
        try await connection.close()
        return rows.first?.column("value")?.string
    }

    func refusal(_ source: String, force: Bool = false) async -> String? {
        do {
            _ = try await DatabaseRestore.sqlite(from: source, into: target, dataDirectory: folder, force: force, now: Date())
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test("a file that is not an SQLite database, or one without Lamasat's migrations, is refused and nothing is replaced")
    func notALamasatDatabase() async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = folder + "/notes.txt"
        try String(repeating: "ليست قاعدة بيانات ", count: 200).write(toFile: text, atomically: true, encoding: .utf8)
        #expect(await refusal(text)?.contains("not an SQLite database") == true)
        let other = try await database("other.sqlite", migrations: false)
        #expect(await refusal(other)?.contains("not a Lamasat database") == true)
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains(".restoring-") })
    }

    @Test("while a server holds the folder's lock the restore is refused; once it has ended the restore goes ahead")
    func runningServer() async throws {
        let backup = try await database("backup.sqlite")
        var server: ServerLock? = try ServerLock(in: folder, for: .serving)
        #expect(await refusal(backup)?.contains("server is using this database") == true)
        withExtendedLifetime(server) {}
        server = nil
        #expect(await refusal(backup) == nil)
        #expect(try await marker(target) == "backup")
    }

    @Test("an existing database is replaced only with --force, and is kept beside with its write-ahead log")
    func existingDatabase() async throws {
        let backup = try await database("backup.sqlite")
        _ = try await database("lamasat.sqlite", marker: "current")
        #expect(await refusal(backup)?.contains("add --force") == true)
        #expect(try await marker(target) == "current")
        // Commits not yet checkpointed live in the log beside the file.
        try Data("wal".utf8).write(to: URL(fileURLWithPath: target + "-wal"))
        let restored = try await DatabaseRestore.sqlite(from: backup, into: target, dataDirectory: folder, force: true, now: Date())
        let kept = try #require(restored.keptAside)
        #expect(try await marker(target) == "backup")
        #expect(FileManager.default.fileExists(atPath: kept + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: target + "-wal"))
    }

    @Test("a server does not start while a restore holds the folder")
    func serverWaitsForRestore() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let restoring = try ServerLock(in: folder, for: .restoring)
        #expect(throws: CommandProblem.self) { try ServerLock(in: folder, for: .serving) }
        withExtendedLifetime(restoring) {}
    }
}
