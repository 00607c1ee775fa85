import Fluent
import Foundation
import LamasatCore

/// Where gifts go and aid comes from: the zakat fund, a general fund, or a fund restricted to a purpose (a
/// support type, a programme, a season). Association-wide: every branch's gifts and aid count in it.
final class Fund: Model, @unchecked Sendable {
    static let schema = "funds"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name_ar") var nameArabic: String
    @Field(key: "name_en") var nameEnglish: String
    @Field(key: "designation") var designation: Designation
    /// A restricted fund that pays one support type only.
    @OptionalField(key: "support_type_id") var supportTypeID: UUID?
    /// What a restricted fund is for, in words ("سلال رمضان ١٤٤٨").
    @Field(key: "purpose") var purpose: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "sort_order") var sortOrder: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension Fund: BilingualNamed {}

/// A beneficiary category the administrator marked as entitled to zakat.
final class ZakatEligibleCategory: Model, @unchecked Sendable {
    static let schema = "zakat_eligible_categories"

    @ID(key: .id) var id: UUID?
    @Field(key: "category_id") var categoryID: UUID
    @Field(key: "marked_by") var markedBy: UUID?
    @Field(key: "marked_at") var markedAt: Date

    init() {}
}

/// Aid the committee approved from a fund for one request. Held against the fund until paid; released when the
/// request no longer needs it (its payment is cancelled for good).
final class FundCommitment: Model, @unchecked Sendable {
    static let schema = "fund_commitments"

    @ID(key: .id) var id: UUID?
    @Field(key: "fund_id") var fundID: UUID
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @OptionalField(key: "decision_id") var decisionID: UUID?
    @Field(key: "amount") var amount: Int64
    @Field(key: "status") var status: CommitmentStatus
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "note") var note: String

    init() {}
}
