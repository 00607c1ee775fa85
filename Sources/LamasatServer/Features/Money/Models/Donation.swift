import Fluent
import Foundation
import LamasatCore

/// One gift: money (its amount) or items (their estimated value, with the items in `DonationItem`).
final class Donation: Model, @unchecked Sendable {
    static let schema = "donations"

    @ID(key: .id) var id: UUID?
    @Field(key: "donor_id") var donorID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "kind") var kind: DonationKind
    @Field(key: "method") var method: DonationMethod
    /// Halalas: the money given, or the items' estimated value.
    @Field(key: "amount") var amount: Int64
    @Field(key: "designation") var designation: Designation
    /// The fund a cash gift goes to; nil for items.
    @OptionalField(key: "fund_id") var fundID: UUID?
    /// The pledge (sponsorship) this gift pays an instalment of.
    @OptionalField(key: "pledge_id") var pledgeID: UUID?
    /// "YYYY-MM-DD" (Gregorian), the day it was received.
    @Field(key: "received_on") var receivedOn: String
    /// The bank's or the terminal's reference.
    @Field(key: "reference") var reference: String
    @Field(key: "note") var note: String
    @Field(key: "status") var status: DonationStatus
    @Field(key: "cancel_reason") var cancelReason: String
    @OptionalField(key: "cancelled_by") var cancelledBy: UUID?
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// Items of an in-kind gift.
final class DonationItem: Model, @unchecked Sendable {
    static let schema = "donation_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "donation_id") var donationID: UUID
    @Field(key: "item_id") var itemID: UUID
    @Field(key: "quantity") var quantity: Int
    /// Estimated value of one, in halalas.
    @Field(key: "unit_value") var unitValue: Int64

    init() {}
}

/// A promise to give: once, or every `frequencyMonths` months (a sponsorship), `instalments` times (0: until
/// cancelled). Reminders go out through the outbox when an instalment is due.
final class Pledge: Model, @unchecked Sendable {
    static let schema = "pledges"

    @ID(key: .id) var id: UUID?
    @Field(key: "donor_id") var donorID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "designation") var designation: Designation
    @OptionalField(key: "fund_id") var fundID: UUID?
    /// Halalas per instalment.
    @Field(key: "amount") var amount: Int64
    /// 0: a single gift.
    @Field(key: "frequency_months") var frequencyMonths: Int
    @Field(key: "instalments") var instalments: Int
    /// "YYYY-MM-DD".
    @Field(key: "starts_on") var startsOn: String
    /// "YYYY-MM-DD", or "" when nothing more is due.
    @Field(key: "next_due_on") var nextDueOn: String
    @Field(key: "status") var status: PledgeStatus
    @Field(key: "note") var note: String
    @OptionalField(key: "last_reminded_at") var lastRemindedAt: Date?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// The receipt of one gift. Its number is given once from the `receipt` counter and never again, even when the
/// receipt is cancelled (it keeps the number and the reason).
final class Receipt: Model, @unchecked Sendable {
    static let schema = "donation_receipts"

    @ID(key: .id) var id: UUID?
    /// "RC-2026-000123".
    @Field(key: "number") var number: String
    @Field(key: "donation_id") var donationID: UUID
    @Field(key: "branch_id") var branchID: UUID
    /// The random part of the link sent to the donor (`/receipt/<token>`); only its hash is kept.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "status") var status: ReceiptStatus
    @Field(key: "cancel_reason") var cancelReason: String
    @OptionalField(key: "cancelled_by") var cancelledBy: UUID?
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?
    @Field(key: "issued_by") var issuedBy: UUID
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}
}
