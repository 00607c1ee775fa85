import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Merges a duplicate file into the one that stays, in one transaction: the chosen values on the survivor (a new
/// version), every row of the other file's — requests, documents, family, contacts, messages, consents, appointments,
/// cases… — moved to the survivor, and the other file closed as a tombstone pointing to it. Nothing is deleted but
/// the other file's portal sessions and codes, the preferences the survivor already has, and the "not the same
/// person" decisions between the two.
enum FileMerger {
    struct Refused: Error { let key: String }

    /// The columns that name a file, found in the schema so that a table added later moves too.
    static func fileColumns(on db: any Database) async throws -> [(table: String, column: String)] {
        struct Row: Decodable { let t: String; let c: String }
        let names = ["beneficiary_id", "similar_beneficiary_id", "existing_beneficiary_id"]
        let rows: [Row] = db.isPostgres
            ? try await db.sql.raw("""
                SELECT table_name AS t, column_name AS c FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name IN (\(binds: names))
                """).all(decoding: Row.self)
            : try await db.sql.raw("""
                SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND p.name IN (\(binds: names))
                """).all(decoding: Row.self)
        return rows.filter { !["beneficiaries", FileMerge.schema].contains($0.t) }.map { ($0.t, $0.c) }.sorted { ($0.table, $0.column) < ($1.table, $1.column) }
    }

    /// Moves the other file's rows to the survivor; returns how many moved, by table.
    static func moveRows(from other: UUID, to file: Beneficiary, now: Date, on db: any Database) async throws -> [String: Int] {
        let survivor = try file.requireID()
        // Signed out and forgotten: her sessions and codes were for the file that is closing.
        for table in ["portal_sessions", "portal_challenges"] {
            try await db.sql.raw("DELETE FROM \(ident: table) WHERE beneficiary_id = \(bind: other)").run()
        }
        // One preference row per file: the survivor's stays.
        try await db.sql.raw("""
            DELETE FROM message_preferences WHERE beneficiary_id = \(bind: other)
            AND EXISTS (SELECT 1 FROM message_preferences p WHERE p.beneficiary_id = \(bind: survivor))
            """).run()
        // "Not the same person" between the two was wrong; with others it still holds.
        try await db.sql.raw("""
            DELETE FROM duplicate_decisions WHERE (beneficiary_id = \(bind: other) AND similar_beneficiary_id = \(bind: survivor))
            OR (beneficiary_id = \(bind: survivor) AND similar_beneficiary_id = \(bind: other))
            """).run()
        var moved: [String: Int] = [:]
        // Her consents are numbered per file: they join the survivor's history in the order she gave them.
        let consents = try await FileMergeConsents.join(other, into: file, now: now, on: db)
        if consents > 0 { moved[ConsentRecord.schema] = consents }
        for (table, column) in try await fileColumns(on: db) {
            let rows = try await db.sql.raw("UPDATE \(ident: table) SET \(ident: column) = \(bind: survivor) WHERE \(ident: column) = \(bind: other) RETURNING 1 AS one")
                .all()
            if !rows.isEmpty { moved[table, default: 0] += rows.count }
        }
        try await FileMergeConsents.follow(file, now: now, on: db)
        return moved
    }

    static func merge(_ other: Beneficiary, into survivor: Beneficiary, valid: BeneficiaryForm.Valid, picks: [String], versions: (Int, Int),
                      req: Request) async throws -> [String: Int] {
        let staff = try req.requireStaff()
        let (survivorID, otherID) = (try survivor.requireID(), try other.requireID())
        let now = req.now
        let parts = req.application.fileParts.all
        return try await req.db.writeTransaction { db in
            // Both rows locked and checked against what the manager saw: a change meanwhile is shown to her first.
            for (id, version) in [(survivorID, versions.0), (otherID, versions.1)] {
                let bumped = try await db.sql.raw("""
                    UPDATE beneficiaries SET version = version + 1 WHERE id = \(bind: id) AND version = \(bind: version) AND status <> 'closed' RETURNING id
                    """).all()
                guard bumped.count == 1 else { throw Refused(key: "merge.error.changed") }
            }
            var moved: [String: Int] = [:]
            try await parts.aroundFileEdit(survivorID, on: db) {
                try await parts.aroundFileEdit(otherID, on: db) {
                    // The national ID chosen from the other file: the two swap, so the tombstone keeps the one left over.
                    let keptID = survivor.nationalID
                    if valid.nationalID.value != keptID {
                        try await db.sql.raw("UPDATE beneficiaries SET national_id = \(bind: "merging-" + otherID.uuidString) WHERE id = \(bind: otherID)").run()
                    }
                    try survivor.apply(valid)
                    (survivor.version, survivor.updatedAt, survivor.updatedBy) = (versions.0 + 1, now, staff.userID)
                    try await survivor.save(on: db)
                    try await BeneficiaryRegistry.indexName(survivor, on: db)
                    moved = try await moveRows(from: otherID, to: survivor, now: now, on: db)
                    if valid.nationalID.value != keptID { other.nationalID = keptID }
                    other.status = .closed
                    other.statusReason = req.t("merge.tombstoneReason", survivor.fileNumber)
                    (other.version, other.updatedAt, other.updatedBy) = (versions.1 + 1, now, staff.userID)
                    try await other.save(on: db)
                }
            }
            let merge = FileMerge()
            (merge.survivorID, merge.mergedID, merge.mergedBy, merge.mergedAt) = (survivorID, otherID, staff.userID, now)
            merge.chosen = String(decoding: try JSONEncoder().encode(picks.sorted()), as: UTF8.self)
            merge.moved = String(decoding: try JSONEncoder().encode(moved), as: UTF8.self)
            try await merge.create(on: db)
            let summary = moved.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            try await req.audit("beneficiary.merged", record: ("beneficiary", survivorID.uuidString),
                                detail: "from \(other.fileNumber); fields: \(picks.sorted().joined(separator: ",")); moved: \(summary)", on: db)
            try await req.audit("beneficiary.mergedInto", record: ("beneficiary", otherID.uuidString), detail: survivor.fileNumber, on: db)
            return moved
        }
    }
}
