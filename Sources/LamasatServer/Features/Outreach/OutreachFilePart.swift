import Fluent
import SQLKit
import Vapor

/// When her file moves, calls still to make about her on the old branch's lists are taken off them.
struct OutreachFilePart: FilePart {
    func fileMoved(_ file: UUID, to branch: UUID, on db: any Database) async throws -> [String: Int] {
        struct Count: Decodable { let n: Int }
        let calls = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM call_entries WHERE beneficiary_id = \(bind: file) AND is_done = \(bind: false)
            AND list_id IN (SELECT id FROM call_lists WHERE branch_id <> \(bind: branch))
            """).first(decoding: Count.self)?.n ?? 0
        guard calls > 0 else { return [:] }
        try await db.sql.raw("""
            DELETE FROM call_entries WHERE beneficiary_id = \(bind: file) AND is_done = \(bind: false)
            AND list_id IN (SELECT id FROM call_lists WHERE branch_id <> \(bind: branch))
            """).run()
        return ["call_entries_removed": calls]
    }
}
