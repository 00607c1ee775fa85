import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

extension BranchReachTests {
    /// Head office's money records for the route walk (issue 18): a donor with a gift and its receipt, a pledge, and a
    /// payment batch holding one payment of the approved request's commitment.
    static func moneyRecords(_ t: TestContext, _ hq: Branch, request: UUID) async throws -> [String: UUID] {
        let now = t.clock.now()
        let donor = try await t.makeDonor("مؤسسة الخير", kind: .organization, mobile: "+966505550099")
        let gift = try await t.giveCash(5_000, to: "general", from: donor)
        let (receipt, _) = try await Receipt.issue(for: gift, by: UUID(), at: now, on: t.db)
        let pledge = Pledge()
        pledge.donorID = donor.id!
        pledge.branchID = hq.id!
        pledge.designation = .general
        pledge.fundID = try await t.fund("general").id
        pledge.amount = 50_000
        pledge.frequencyMonths = 1
        pledge.instalments = 12
        pledge.startsOn = CalendarDay.today(now).description
        pledge.nextDueOn = CalendarDay.today(now).description
        pledge.status = .active
        pledge.note = ""
        pledge.createdBy = UUID()
        pledge.createdAt = now
        try await pledge.create(on: t.db)
        let support = try #require(try await SupportRequest.find(request, on: t.db))
        let commitment: FundCommitment
        if let existing = try await FundCommitment.query(on: t.db).filter(\.$requestID == request).first() {
            commitment = existing
        } else {
            commitment = FundCommitment()
            commitment.fundID = try await t.fund("general").id!
            commitment.requestID = request
            commitment.beneficiaryID = support.$beneficiary.id
            commitment.branchID = support.branchID
            commitment.amount = 450_000
            commitment.status = .committed
            commitment.createdBy = UUID()
            commitment.createdAt = now
            commitment.note = ""
            try await commitment.create(on: t.db)
        }
        let batch = PaymentBatch()
        batch.number = ReferenceNumber("PB", sequence: try await Counters.next("payment_batch", on: t.db), at: now).description
        batch.branchID = hq.id!
        batch.status = .draft
        batch.debitAccount = "SA0380000000608010167519"
        batch.note = ""
        batch.controlTotal = commitment.amount
        batch.paymentCount = 1
        batch.madeBy = UUID()
        batch.madeAt = now
        batch.fileSHA256 = ""
        batch.version = 1
        try await batch.create(on: t.db)
        let payment = Payment()
        payment.batchID = batch.id!
        payment.commitmentID = commitment.id!
        payment.requestID = request
        payment.beneficiaryID = support.$beneficiary.id
        payment.branchID = support.branchID
        payment.payeeName = "مريم سعد محمد الشمري"
        payment.iban = "SA0380000000608010167519"
        payment.amount = commitment.amount
        payment.reference = support.trackingNumber ?? ""
        payment.status = .pending
        payment.failureReason = ""
        payment.bankReference = ""
        try await payment.create(on: t.db)
        return ["donorID": donor.id!, "donationID": gift.id!, "receiptID": receipt.id!, "pledgeID": pledge.id!, "batchID": batch.id!,
                "paymentID": payment.id!]
    }
}
