import Fluent
import SQLKit

extension Database {
    /// The app's one way to open a transaction. On SQLite its first statement takes the write lock (waiting up to the
    /// busy timeout): a transaction that reads before it writes cannot take that lock once another writer committed
    /// in between — SQLite answers SQLITE_BUSY at once, whatever the timeout — so every transaction writes first.
    /// PostgreSQL needs nothing. Nested calls join the outer transaction, as Fluent's do.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inTransaction { return try await body(self) }
        return try await transaction { db in
            if let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                // Matches no row, yet an UPDATE takes the lock; the table exists before any migration runs.
                try await sql.raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
            }
            return try await body(db)
        }
    }
}
