import Fluent
import SQLKit
import Vapor

/// A file that moves to another branch takes its case records with it, so the old branch's staff lose them and the
/// new branch's staff find them. Closed records move too: a branch keeps no back door into a file it gave up.
/// Each feature says which of its tables follow the file (`FilePart.followingTables`); survey invitations stay:
/// results count the branch that served her.
enum FileBranchMove {
    /// The messages sent to her follow her file with the features' records.
    static let ownTables = ["outbox_messages"]

    struct Blocked: Error {}

    /// Whether any part holds the file in its branch for now (a request on a committee's agenda).
    static func blocked(file: UUID, parts: [any FilePart], on db: any Database) async throws -> Bool {
        for part in parts where try await part.holdsFileInBranch(file, on: db) { return true }
        return false
    }

    /// Re-homes the file's records; returns how many rows moved per table, for the audit entry.
    static func rehome(file: UUID, to branch: UUID, parts: [any FilePart], on db: any Database) async throws -> [String: Int] {
        var moved: [String: Int] = [:]
        for table in parts.flatMap(\.followingTables) + ownTables {
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
        for part in parts { moved.merge(try await part.fileMoved(file, to: branch, on: db)) { $0 + $1 } }
        return moved
    }
}
