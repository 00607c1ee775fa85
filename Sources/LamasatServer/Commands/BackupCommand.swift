import Fluent
import SQLKit
import Vapor

/// `lamasat backup [--output FILE]`: a consistent copy of the SQLite database taken while the server runs
/// (`VACUUM INTO`); on PostgreSQL it prints the `pg_dump` line to use.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", help: "where to write the copy (default <data>/backups/lamasat-<UTC time>.sqlite)")
        var output: String?
        init() {}
    }

    var help: String { "Backs up the database (SQLite: online copy; PostgreSQL: prints the pg_dump command)." }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    /// The database URL to print: without its password, which goes in PGPASSWORD instead of a shell's history.
    static func withoutPassword(_ url: String) -> (url: String, hadPassword: Bool) {
        var components = URLComponents(string: url)
        let hadPassword = components?.password != nil
        components?.password = nil
        return (components?.string ?? "DATABASE_URL", hadPassword)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.lamasat.config
        let stamp = Self.timestamp(app.lamasat.clock.now())
        switch config.database {
        case .postgres(let url):
            let (source, hadPassword) = Self.withoutPassword(url)
            let file = signature.output ?? "lamasat-\(stamp).dump"
            context.console.print("PostgreSQL: run this (with the password in PGPASSWORD\(hadPassword ? ", as in DATABASE_URL" : "")):")
            context.console.print("  pg_dump --format=custom --no-owner --file='\(file)' '\(source)'")
            context.console.print("Restore into an empty database: pg_restore --no-owner --dbname='<url>' '\(file)'")
        case .sqliteFile, .sqliteMemory:
            let output = signature.output ?? (config.dataDirectory as NSString).appendingPathComponent("backups/lamasat-\(stamp).sqlite")
            guard !FileManager.default.fileExists(atPath: output) else { throw CommandProblem("\(output) exists already") }
            try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try await app.db.sql.raw("VACUUM INTO \(bind: output)").run()
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            context.console.print("Backup written: \(output) (\(size / 1024) KiB)")
        }
    }
}
