import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Appends to and verifies the hash-chained audit trail. New rows are chained with an HMAC under the server's
/// audit key and marked with a leading "k"; rows written before the key existed keep their plain SHA-256 links,
/// and once a keyed row appears every later row must be keyed, so a forger cannot fall back to plain hashes.
enum AuditChain {
    static let genesisHash = String(repeating: "0", count: 64)

    static func hash(previous: String, record: AuditRecord) -> String {
        sha256Hex(Data((previous + "\n" + record.canonicalText).utf8))
    }

    /// The mark of where the keyed chain starts, under the key.
    static func keyedFromTag(_ sequence: Int64, key: SymmetricKey) -> String {
        hexString(HMAC<SHA256>.authenticationCode(for: Data("lamasat audit keyed from \(sequence)".utf8), using: key))
    }

    static func keyedHash(previous: String, record: AuditRecord, key: SymmetricKey) -> String {
        "k" + hexString(HMAC<SHA256>.authenticationCode(for: Data((previous + "\n" + record.canonicalText).utf8), using: key))
    }

    /// What one event says; the chain adds its sequence, time and hashes.
    struct Event: Sendable {
        var actorID: UUID?
        var actorName: String?
        var actorBranchID: UUID?
        var action: String
        var recordType: String?
        var recordID: String?
        var outcome: AuditRecord.Outcome
        var address: String?
        var detail: String?
    }

    /// Appends one row. The head row is updated first so that the write lock is taken before the previous hash is
    /// read: concurrent writers queue up instead of forking the chain.
    static func append(_ event: Event, at time: Date, key: SymmetricKey, on db: any Database) async throws {
        try await append([(event, time)], key: key, on: db)
    }

    /// Appends rows in the order given, in one transaction unless the caller's is open. The head's guard (0023) lets
    /// it move one row at a time, so it is moved once per row; the rows go in with one insert, then the head takes
    /// the last row's hash.
    static func append(_ events: [(event: Event, time: Date)], key: SymmetricKey, on db: any Database) async throws {
        guard !events.isEmpty else { return }
        if db.inTransaction {
            try await appendInTransaction(events, key: key, on: db)
        } else {
            try await db.writeTransaction { try await appendInTransaction(events, key: key, on: $0) }
        }
    }

    private struct Head: Decodable {
        let last_sequence: Int64
        let last_hash: String
    }

    private static func appendInTransaction(_ events: [(event: Event, time: Date)], key: SymmetricKey, on db: any Database) async throws {
        guard let head = try await db.sql.raw("""
            UPDATE audit_chain_head SET last_sequence = last_sequence + 1 WHERE id = 1
            RETURNING last_sequence, last_hash
            """).first(decoding: Head.self)
        else { throw Abort(.internalServerError, reason: "audit chain head is missing") }
        for _ in 1..<events.count {
            try await db.sql.raw("UPDATE audit_chain_head SET last_sequence = last_sequence + 1 WHERE id = 1").run()
        }

        var previous = head.last_hash
        var sequence = head.last_sequence - 1
        let entries = events.map { event, time in
            sequence += 1
            let entry = AuditEntry(sequence: sequence, event: event, at: time)
            entry.previousHash = previous
            entry.hash = keyedHash(previous: previous, record: entry.record, key: key)
            previous = entry.hash
            return entry
        }
        try await entries.create(on: db)
        try await db.sql.raw("UPDATE audit_chain_head SET last_hash = \(bind: previous) WHERE id = 1").run()
    }

    struct Verification: Sendable, Equatable {
        var checked: Int
        /// The first sequence number whose row does not match the chain, if any.
        var firstBrokenSequence: Int64?
        var isIntact: Bool { firstBrokenSequence == nil }
    }

    /// Recomputes every hash in order, in pages, and checks that the head names the last row.
    static func verify(key: SymmetricKey, on db: any Database, pageSize: Int = 1000) async throws -> Verification {
        var previous = genesisHash
        // Rows from `keyedFrom` on must be keyed, those before it plain; the mark itself must carry the key's tag.
        struct Mark: Decodable { let keyed_from: Int64?; let keyed_tag: String? }
        let mark = try await db.sql.raw("SELECT keyed_from, keyed_tag FROM audit_chain_head WHERE id = 1").first(decoding: Mark.self)
        let keyedFrom = mark?.keyed_from.flatMap { from in
            mark?.keyed_tag.map { SessionTokens.constantTimeEquals($0, keyedFromTag(from, key: key)) } == true ? from : nil
        }
        var expectedSequence: Int64 = 1
        var checked = 0
        while true {
            let page = try await AuditEntry.query(on: db)
                .filter(\.$id >= expectedSequence)
                .sort(\.$id)
                .limit(pageSize)
                .all()
            for entry in page {
                let record = entry.record
                // Without a valid mark nothing is trusted: a trail stripped of it is broken from its first row.
                guard let keyedFrom else { return Verification(checked: checked, firstBrokenSequence: expectedSequence) }
                let keyed = expectedSequence >= keyedFrom
                let expected = keyed ? keyedHash(previous: previous, record: record, key: key) : hash(previous: previous, record: record)
                guard entry.id == expectedSequence, entry.previousHash == previous, SessionTokens.constantTimeEquals(entry.hash, expected)
                else { return Verification(checked: checked, firstBrokenSequence: expectedSequence) }
                previous = entry.hash
                expectedSequence += 1
                checked += 1
            }
            if page.count < pageSize { break }
        }
        let head = try await db.sql.raw("SELECT last_sequence, last_hash FROM audit_chain_head WHERE id = 1")
            .first(decoding: Head.self)
        if head?.last_sequence != expectedSequence - 1 || head?.last_hash != previous {
            return Verification(checked: checked, firstBrokenSequence: expectedSequence)
        }
        return Verification(checked: checked, firstBrokenSequence: nil)
    }
}
