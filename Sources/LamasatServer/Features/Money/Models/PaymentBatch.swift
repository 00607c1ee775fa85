import Fluent
import Foundation
import LamasatCore

/// Approved cash aid on its way to her IBAN: prepared by one finance officer (the maker), approved by another (the
/// checker), exported to the bank as a bulk-payment file, and closed when the bank's result is entered.
final class PaymentBatch: Model, @unchecked Sendable {
    static let schema = "payment_batches"

    @ID(key: .id) var id: UUID?
    /// "PB-2026-000004".
    @Field(key: "number") var number: String
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "status") var status: PaymentBatchStatus
    /// The association's account the bank debits (an IBAN).
    @Field(key: "debit_account") var debitAccount: String
    @Field(key: "note") var note: String
    /// Kept when the batch is approved; an export or a later change must match them.
    @Field(key: "control_total") var controlTotal: Int64
    @Field(key: "payment_count") var paymentCount: Int
    @Field(key: "made_by") var madeBy: UUID
    @Field(key: "made_at") var madeAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "exported_by") var exportedBy: UUID?
    @OptionalField(key: "exported_at") var exportedAt: Date?
    /// SHA-256 of the file given to the bank; every later download must give the same bytes.
    @Field(key: "file_sha256") var fileSHA256: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "version") var version: Int

    init() {}
}

/// One transfer in a batch: to whom (name and IBAN as they were on her file when collected), how much, and the
/// bank's answer.
final class Payment: Model, @unchecked Sendable {
    static let schema = "payments"

    @ID(key: .id) var id: UUID?
    @Field(key: "batch_id") var batchID: UUID
    @Field(key: "commitment_id") var commitmentID: UUID
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "payee_name") var payeeName: String
    @Field(key: "iban") var iban: String
    @Field(key: "amount") var amount: Int64
    /// What her bank statement shows: the request's tracking number.
    @Field(key: "reference") var reference: String
    @Field(key: "status") var status: PaymentStatus
    @Field(key: "failure_reason") var failureReason: String
    @Field(key: "bank_reference") var bankReference: String
    @OptionalField(key: "result_by") var resultBy: UUID?
    @OptionalField(key: "result_at") var resultAt: Date?
    /// The delivery recorded on the request when the bank paid it.
    @OptionalField(key: "delivery_id") var deliveryID: UUID?

    init() {}
}
