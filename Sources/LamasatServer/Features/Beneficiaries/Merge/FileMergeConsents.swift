import Fluent
import Foundation
import LamasatCore
import SQLKit

/// Her consents when two files become one: both histories join, numbered again in the order they were recorded, so
/// what holds now is the latest choice she made on either file; her "stop messages" and the file's processing
/// consent follow it.
enum FileMergeConsents {
    static func join(_ other: UUID, into survivor: Beneficiary, now: Date, on db: any Database) async throws -> Int {
        let survivorID = try survivor.requireID()
        let offset = try await ConsentRecord.query(on: db).filter(\.$beneficiaryID == survivorID).max(\.$number) ?? 0
        // Moved above the survivor's numbers in one statement: (file, number) stays unique at every row.
        let moved = try await db.sql.raw("""
            UPDATE consent_records SET beneficiary_id = \(bind: survivorID), number = number + \(bind: offset)
            WHERE beneficiary_id = \(bind: other) RETURNING 1 AS one
            """).all().count
        guard moved > 0 else { return 0 }
        let all = try await ConsentRecord.query(on: db).filter(\.$beneficiaryID == survivorID).all()
            .sorted { ($0.recordedAt, $0.number) < ($1.recordedAt, $1.number) }
        // Through negative numbers, so that no two rows share one on the way.
        for (index, record) in all.enumerated() {
            try await db.sql.raw("UPDATE consent_records SET number = \(bind: -(index + 1)) WHERE id = \(bind: try record.requireID())").run()
        }
        try await db.sql.raw("UPDATE consent_records SET number = -number WHERE beneficiary_id = \(bind: survivorID)").run()
        return moved
    }

    /// Once every row has moved (her preferences too): her "stop messages" and the processing consent follow the
    /// latest choice of the joined history.
    static func follow(_ survivor: Beneficiary, now: Date, on db: any Database) async throws {
        let survivorID = try survivor.requireID()
        let all = try await ConsentRecord.query(on: db).filter(\.$beneficiaryID == survivorID).sort(\.$number).all()
        if let messages = all.last(where: { $0.purpose == .messages }) {
            let preference = try await MessagePreference.of(survivorID, on: db) ?? MessagePreference(beneficiaryID: survivorID, at: now)
            if preference.optedOut == messages.granted { preference.optedOutAt = messages.granted ? nil : messages.recordedAt }
            preference.optedOut = !messages.granted
            preference.updatedAt = now
            try await preference.save(on: db)
        }
        if let processing = all.last(where: { $0.purpose == .processing }), survivor.consentGiven != processing.granted {
            survivor.consentGiven = processing.granted
            try await survivor.save(on: db)
        }
    }
}
