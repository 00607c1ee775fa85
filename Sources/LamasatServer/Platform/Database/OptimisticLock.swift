import Fluent
import Foundation
import SQLKit

/// Edits guarded by a record's `version` column: a compare-and-swap, so that a second editor holding an older
/// version changes nothing.
enum OptimisticLock {
    /// Raises the version of row `id` of `table` if it is still `expected`, inside the caller's transaction; the new
    /// version, or nil when someone saved in between.
    static func bump(_ table: String, id: UUID, expected: Int, on db: any Database) async throws -> Int? {
        struct Bumped: Decodable { let version: Int }
        return try await db.sql.raw("""
            UPDATE \(ident: table) SET version = version + 1 WHERE id = \(bind: id) AND version = \(bind: expected) RETURNING version
            """).first(decoding: Bumped.self)?.version
    }
}
