import Fluent
import SQLKit

/// Raw SQL for what Fluent's schema builder lacks (plain indexes, triggers), and for the rows migrations seed.
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

    /// Inserts one row of literal values. Landed migrations seed their rows this way and never through today's
    /// models, enums or catalogs, so that what an old migration inserts cannot change with the code (issue 14).
    func insert(into table: String, _ row: KeyValuePairs<String, any Encodable & Sendable>) async throws {
        try await sql.insert(into: table).columns(row.map(\.key)).values(row.map(\.value)).run()
    }
}
