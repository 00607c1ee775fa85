import Fluent
import Foundation
import LamasatCore
@testable import LamasatServer

/// IBANs that pass mod-97.
enum PaymentIBAN {
    static let association = SaudiIBAN.make(bank: "80", account: "000000608010167519").value
    static let hers = SaudiIBAN.make(bank: "20", account: "000001234567891234").value
    static let corrected = SaudiIBAN.make(bank: "10", account: "000000000000005678").value
}

extension TestContext {
    /// The commitment of an approved request: the one its committee decision made (part C), or else a new one of its
    /// approved amount from the fund `code`, entered directly.
    @discardableResult
    func commitment(for requestID: UUID, fund code: String = "general") async throws -> FundCommitment {
        if let made = try await FundCommitment.query(on: db).filter(\.$requestID == requestID).first() { return made }
        let request = try await SupportRequest.find(requestID, on: db)!
        let decision = try await RequestDecision.query(on: db).filter(\.$requestID == requestID).first()
        let commitment = FundCommitment()
        commitment.fundID = try await fund(code).requireID()
        commitment.requestID = requestID
        commitment.beneficiaryID = request.$beneficiary.id
        commitment.branchID = request.branchID
        commitment.decisionID = decision?.id
        commitment.amount = decision?.approvedAmount ?? 0
        commitment.status = .committed
        commitment.createdBy = UUID()
        commitment.createdAt = clock.now()
        commitment.note = ""
        try await commitment.create(on: db)
        return commitment
    }

    /// Writes `iban` on her file directly (the relations officer's edit).
    func setIBAN(_ fileID: UUID, _ iban: String) async throws {
        try await Beneficiary.query(on: db).filter(\.$id == fileID).set(\.$iban, to: iban).update()
    }

    /// A batch entered directly, of `branch`, in `status`.
    func makeBatch(branch: Branch, status: PaymentBatchStatus = .draft, maker: UUID = UUID()) async throws -> PaymentBatch {
        let batch = PaymentBatch()
        batch.number = ReferenceNumber("PB", sequence: try await Counters.next("payment_batch", on: db), at: clock.now()).description
        batch.branchID = try branch.requireID()
        batch.status = status
        batch.debitAccount = PaymentIBAN.association
        batch.note = ""
        batch.controlTotal = 0
        batch.paymentCount = 0
        batch.madeBy = maker
        batch.madeAt = clock.now()
        batch.fileSHA256 = ""
        batch.version = 1
        try await batch.create(on: db)
        return batch
    }
}

/// An approved rent request with her IBAN on file and its commitment; a maker and a checker (finance officers of HQ).
struct PaymentCrew {
    let crew: Crew
    let file: UUID
    let request: UUID
    let commitment: FundCommitment
    let maker: Browser
    let makerUser: StaffUser
    let checker: Browser
    let checkerUser: StaffUser

    static func make(_ t: TestContext, amount: String = "4500", iban: String = PaymentIBAN.hers, fund: String = "general") async throws -> PaymentCrew {
        let crew = try await Crew.make(t)
        let (file, request, _) = try await crew.approved(amount: amount)
        try await t.setIBAN(file, iban)
        try await t.giveCash(20_000, to: fund)
        let commitment = try await t.commitment(for: request, fund: fund)
        let (maker, makerUser) = try await t.signedIn(as: .financeOfficer, username: "finance1")
        let (checker, checkerUser) = try await t.signedIn(as: .financeOfficer, username: "finance2")
        return PaymentCrew(crew: crew, file: file, request: request, commitment: commitment, maker: maker, makerUser: makerUser,
                           checker: checker, checkerUser: checkerUser)
    }

    /// A draft batch of the commitment, made by the maker through the due page; returns its id.
    func draft() async throws -> UUID {
        _ = try await maker.get("/payments/due")
        let page = try await maker.postMany("/payments/batches", [("chosen[]", commitment.id!.uuidString), ("debitAccount", PaymentIBAN.association)])
        guard page.status == .seeOther, let location = page.location,
              let id = UUID(uuidString: String(location.dropFirst("/payments/batches/".count).prefix(36)))
        else { throw PaymentFixtureError.noBatch(page.status.code) }
        return id
    }

    /// Drafted, submitted by the maker and approved by the checker.
    func approved() async throws -> UUID {
        let id = try await draft()
        _ = try await maker.post("/payments/batches/\(id)/submit")
        _ = try await checker.get("/payments/batches/\(id)")
        _ = try await checker.post("/payments/batches/\(id)/approve")
        return id
    }

    /// Approved and its bank file downloaded once.
    func exported() async throws -> (id: UUID, file: String) {
        let id = try await approved()
        let page = try await maker.get("/payments/batches/\(id)/bank-file")
        return (id, page.body)
    }
}

extension PaymentCrew {
    /// Exported, with its one payment, the maker on the batch's page (her form token) to enter the bank's result.
    func exportedPayment(_ t: TestContext) async throws -> (id: UUID, payment: Payment, tracking: String) {
        let (id, _) = try await exported()
        guard let payment = try await Payment.query(on: t.db).filter(\.$batchID == id).first() else { throw PaymentFixtureError.noBatch(0) }
        _ = try await maker.get("/payments/batches/\(id)")
        return (id, payment, payment.reference)
    }
}

enum PaymentFixtureError: Error { case noBatch(UInt) }
