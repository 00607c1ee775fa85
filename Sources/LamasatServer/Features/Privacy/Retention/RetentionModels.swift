import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The administrator's schedule: months per kind, and whether the kind is anonymised at all.
struct RetentionSchedule: Sendable {
    struct Rule: Sendable, Equatable { var months: Int; var isEnabled: Bool }
    var rules: [RetentionKind: Rule]

    static func current(on db: any Database) async throws -> RetentionSchedule {
        struct Row: Decodable { let kind: String; let months: Int; let is_enabled: Bool }
        let rows = try await db.sql.raw("SELECT kind, months, is_enabled FROM retention_rules").all(decoding: Row.self)
        var rules: [RetentionKind: Rule] = [:]
        for kind in RetentionKind.allCases {
            let row = rows.first { $0.kind == kind.rawValue }
            rules[kind] = Rule(months: row?.months ?? kind.defaultMonths, isEnabled: row?.is_enabled ?? false)
        }
        return RetentionSchedule(rules: rules)
    }

    func save(by user: UUID, now: Date, on db: any Database) async throws {
        for (kind, rule) in rules {
            try await db.sql.raw("""
                UPDATE retention_rules SET months = \(bind: rule.months), is_enabled = \(bind: rule.isEnabled), updated_by = \(bind: user),
                    updated_at = \(bind: now) WHERE kind = \(bind: kind.rawValue)
                """).run()
        }
    }

    var enabled: [RetentionKind] { RetentionKind.allCases.filter { rules[$0]?.isEnabled == true } }
}

/// One proposal of the daily job: what is due, the administrator's approval (or discarding), then what was done.
final class RetentionBatch: Model, @unchecked Sendable {
    static let schema = "retention_batches"

    enum Status: String, Codable, CaseIterable, Sendable {
        case proposed, approved, applied, discarded
        var localizationKey: String { "retention.batch.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int64
    @Field(key: "status") var status: Status
    /// JSON: kind → the last activity (seconds since 1970) old enough to go, for the kinds enabled when proposed.
    @Field(key: "cutoffs") var cutoffs: String
    /// JSON: kind → how many records were due when proposed.
    @Field(key: "counts") var counts: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "note") var note: String
    @OptionalField(key: "applied_at") var appliedAt: Date?
    /// JSON: kind → how many records were anonymised.
    @Field(key: "applied") var applied: String
    @Field(key: "version") var version: Int

    init() {}

    var reference: String { "RT-\(number)" }

    var cutoffDates: [RetentionKind: Date] {
        Self.decode(cutoffs).reduce(into: [:]) { $0[$1.key] = Date(timeIntervalSince1970: TimeInterval($1.value)) }
    }
    var dueCounts: [RetentionKind: Int] { Self.decode(counts) }
    var appliedCounts: [RetentionKind: Int] { Self.decode(applied) }

    static func encode(_ values: [RetentionKind: Int]) -> String {
        let plain = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        return String(decoding: (try? JSONEncoder.sorted.encode(plain)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [RetentionKind: Int] {
        let plain = (try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8))) ?? [:]
        return plain.reduce(into: [:]) { if let kind = RetentionKind(rawValue: $1.key) { $0[kind] = $1.value } }
    }
}

/// A file listed in a batch: due, kept back by the administrator (with her reason), anonymised, or skipped because
/// it was no longer due when the batch ran (reopened, a new request).
final class RetentionItem: Model, @unchecked Sendable {
    static let schema = "retention_items"

    enum Status: String, Codable, CaseIterable, Sendable {
        case due, kept, anonymised, skipped
        var localizationKey: String { "retention.item.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "batch_id") var batchID: UUID
    @Field(key: "kind") var kind: RetentionKind
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "last_activity") var lastActivity: Date
    @Field(key: "status") var status: Status
    @Field(key: "keep_reason") var keepReason: String
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}
}

extension JSONEncoder {
    /// Keys in order, so the same counts always read the same.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension QueryBuilder where Model == RetentionItem {
    /// A batch's files in the order its pages list them and its run takes them: the longest quiet first.
    func listed(in batch: UUID) -> Self {
        filter(\.$batchID == batch).sort(\.$lastActivity).sort(\.$id)
    }
}
