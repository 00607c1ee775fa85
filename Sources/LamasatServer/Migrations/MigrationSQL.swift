import Fluent
import SQLKit

/// Raw SQL for what Fluent's schema builder lacks (plain indexes, triggers).
extension Database {
    var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            fatalError("Lamasat runs on SQL databases only (SQLite or PostgreSQL)")
        }
        return sql
    }

    var isPostgres: Bool { sql.dialect.name == "postgresql" }

    func createIndex(_ name: String, on table: String, _ columns: String) async throws {
        try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: columns))").run()
    }
}
