import Fluent
import Foundation
import SQLKit

/// Consent per purpose with its history (issue 20): every change is a row, the latest of a purpose (and partner) is
/// what holds. The one consent a file had before becomes the first row of processing, messages and surveys, and a
/// "stop messages" already recorded becomes a withdrawal of messages.
struct M0043CreateConsentRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consent_records")
            .id()
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("purpose", .string, .required)
            // The partner's name for sharing; "" for the other purposes.
            .field("partner", .string, .required)
            .field("granted", .bool, .required)
            .field("method", .string)
            .field("source", .string, .required)
            .field("notice_version", .string, .required)
            .field("note", .string, .required)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime, .required)
            // Her changes counted from 1: two changes in the same second still have an order.
            .field("number", .int, .required)
            .unique(on: "beneficiary_id", "number")
            .create()
        try await database.createIndex("consent_records_file_purpose", on: "consent_records", "beneficiary_id, purpose, number")
        try await carryOver(on: database)
    }

    private func carryOver(on database: any Database) async throws {
        struct File: Decodable {
            let id: UUID, consent_method: String, consent_notice_version: String, consent_at: Date?, consent_by: UUID?, created_at: Date
        }
        struct Stop: Decodable { let beneficiary_id: UUID, opted_out_at: Date?, updated_at: Date }
        let sql = database.sql
        let files = try await sql.raw("""
            SELECT id, consent_method, consent_notice_version, consent_at, consent_by, created_at FROM beneficiaries WHERE consent_given = \(bind: true)
            """).all(decoding: File.self)
        var rows: [[any SQLExpression]] = []
        var numbers: [UUID: Int] = [:]
        func next(_ file: UUID) -> Int { numbers[file, default: 0] += 1; return numbers[file]! }
        for file in files {
            for purpose in ["processing", "messages", "surveys"] {
                rows.append([SQLBind(UUID()), SQLBind(file.id), SQLBind(purpose), SQLBind(""), SQLBind(true), SQLBind(file.consent_method),
                             SQLBind("earlierRecord"), SQLBind(file.consent_notice_version), SQLBind(""), SQLBind(file.consent_by),
                             SQLBind(file.consent_at ?? file.created_at), SQLBind(next(file.id))])
            }
        }
        let stops = try await sql.raw("SELECT beneficiary_id, opted_out_at, updated_at FROM message_preferences WHERE opted_out = \(bind: true)")
            .all(decoding: Stop.self)
        for stop in stops {
            rows.append([SQLBind(UUID()), SQLBind(stop.beneficiary_id), SQLBind("messages"), SQLBind(""), SQLBind(false), SQLBind(nil as String?),
                         SQLBind("earlierRecord"), SQLBind(""), SQLBind(""), SQLBind(nil as UUID?), SQLBind(stop.opted_out_at ?? stop.updated_at), SQLBind(next(stop.beneficiary_id))])
        }
        for start in stride(from: 0, to: rows.count, by: 300) {
            let insert = sql.insert(into: "consent_records")
                .columns("id", "beneficiary_id", "purpose", "partner", "granted", "method", "source", "notice_version", "note", "recorded_by", "recorded_at", "number")
            for row in rows[start..<min(start + 300, rows.count)] { insert.values(row) }
            try await insert.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("consent_records").delete()
    }
}
