import Fluent
import SQLKit
import Vapor

/// A file that moves to another branch takes its case records with it, so the old branch's staff lose them and the
/// new branch's staff find them. Closed records move too: a branch keeps no back door into a file it gave up.
/// Survey invitations stay: results count the branch that served her.
enum FileBranchMove {
    /// Tables whose rows belong to a file (`beneficiary_id`) and carry the branch that may see them (`branch_id`).
    static let followingTables = [
        "support_requests", "inquiries", "complaints", "contacts", "contact_changes", "survey_followups", "outbox_messages",
    ]

    struct Blocked: Error {}

    /// A request on a committee's agenda belongs to that branch's meeting: the file moves once it is decided.
    static func blockedByCommittee(file: UUID, on db: any Database) async throws -> Bool {
        try await SupportRequest.query(on: db).filter(\.$beneficiary.$id == file).filter(\.$status == .committeeReview).count() > 0
    }

    /// Re-homes the file's records; returns how many rows moved per table, for the audit entry. Calls still to make
    /// about her on the old branch's lists are taken off them.
    static func rehome(file: UUID, to branch: UUID, on db: any Database) async throws -> [String: Int] {
        var moved: [String: Int] = [:]
        for table in followingTables {
            struct Count: Decodable { let n: Int }
            let count = try await db.sql.raw("""
                SELECT COUNT(*) AS n FROM \(ident: table) WHERE beneficiary_id = \(bind: file) AND branch_id <> \(bind: branch)
                """).first(decoding: Count.self)?.n ?? 0
            guard count > 0 else { continue }
            try await db.sql.raw("""
                UPDATE \(ident: table) SET branch_id = \(bind: branch) WHERE beneficiary_id = \(bind: file) AND branch_id <> \(bind: branch)
                """).run()
            moved[table] = count
        }
        struct Count: Decodable { let n: Int }
        let calls = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM call_entries WHERE beneficiary_id = \(bind: file) AND is_done = \(bind: false)
            AND list_id IN (SELECT id FROM call_lists WHERE branch_id <> \(bind: branch))
            """).first(decoding: Count.self)?.n ?? 0
        if calls > 0 {
            try await db.sql.raw("""
                DELETE FROM call_entries WHERE beneficiary_id = \(bind: file) AND is_done = \(bind: false)
                AND list_id IN (SELECT id FROM call_lists WHERE branch_id <> \(bind: branch))
                """).run()
            moved["call_entries_removed"] = calls
        }
        return moved
    }
}
