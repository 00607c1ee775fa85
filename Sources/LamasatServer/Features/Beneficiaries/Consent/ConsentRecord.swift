import Fluent
import Foundation
import LamasatCore

/// One change of her consent to one purpose: given, renewed or withdrawn, with the notice she was shown, how and by
/// whom it was recorded. Rows are only added: the history is the table.
final class ConsentRecord: Model, @unchecked Sendable {
    static let schema = "consent_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "purpose") var purpose: ConsentPurpose
    @Field(key: "partner") var partner: String
    @Field(key: "granted") var granted: Bool
    /// How she gave or withdrew it, when a person recorded it; nil for a reply to a message.
    @OptionalField(key: "method") var method: ConsentMethod?
    @Field(key: "source") var source: ConsentSource
    @Field(key: "notice_version") var noticeVersion: String
    @Field(key: "note") var note: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "recorded_at") var recordedAt: Date
    /// Her changes counted from 1, the order of the history.
    @Field(key: "number") var number: Int

    init() {}
}
