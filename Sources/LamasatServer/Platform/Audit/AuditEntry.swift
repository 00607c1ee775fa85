import Fluent
import Foundation
import LamasatCore

/// A row of the append-only audit trail. `sequence` orders the chain; `hash` = SHA-256(previous hash | record).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "sequence", generatedBy: .user) var id: Int64?
    @Field(key: "occurred_at_ms") var occurredAtMilliseconds: Int64
    @OptionalField(key: "actor_id") var actorID: String?
    @OptionalField(key: "actor_name") var actorName: String?
    @OptionalField(key: "actor_branch_id") var actorBranchID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "record_type") var recordType: String?
    @OptionalField(key: "record_id") var recordID: String?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "detail") var detail: String?
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    /// A new row for `event` at `sequence`; the chain sets its hashes.
    init(sequence: Int64, event: AuditChain.Event, at time: Date) {
        id = sequence
        occurredAtMilliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded())
        actorID = event.actorID?.uuidString
        actorName = event.actorName
        actorBranchID = event.actorBranchID
        action = event.action
        recordType = event.recordType
        recordID = event.recordID
        outcome = event.outcome.rawValue
        address = event.address
        detail = event.detail
    }

    var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMilliseconds) / 1000) }

    var record: AuditRecord {
        AuditRecord(
            sequence: id ?? 0, occurredAtMilliseconds: occurredAtMilliseconds, actorID: actorID, actorName: actorName,
            action: action, recordType: recordType, recordID: recordID,
            outcome: AuditRecord.Outcome(rawValue: outcome) ?? .failure, address: address, detail: detail)
    }
}
