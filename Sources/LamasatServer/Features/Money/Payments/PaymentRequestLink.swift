import Fluent
import LamasatCore
import Vapor

/// The request page's line per bank transfer of its aid: the batch, the amount and the bank's answer (issue 18).
struct PaymentRequestLink: RequestPaymentLink {
    func transfers(for requestID: UUID, req: Request) async throws -> [String] {
        let payments = try await Payment.query(on: req.db).filter(\.$requestID == requestID).all()
        guard !payments.isEmpty else { return [] }
        let batches = try await PaymentBatch.query(on: req.db).filter(\.$id ~~ Set(payments.map(\.batchID))).all()
        let byID = Dictionary(uniqueKeysWithValues: batches.compactMap { b in b.id.map { ($0, b) } })
        return payments.sorted { ($0.resultAt ?? .distantFuture, $0.reference) < ($1.resultAt ?? .distantFuture, $1.reference) }.compactMap { p in
            guard let batch = byID[p.batchID], batch.status != .cancelled else { return nil }
            let state: String
            switch p.status {
            case .paid: state = req.t("money.paymentStatus.paid") + (p.bankReference.isEmpty ? "" : " — " + p.bankReference)
            case .failed: state = req.t("money.paymentStatus.failed") + " — " + PaymentFailureReason.describe(p.failureReason, req)
            case .pending: state = req.t(batch.status.localizationKey)
            }
            return req.t("payment.request.line", batch.number, Money(halalas: p.amount).formatted(req.language), String(p.iban.suffix(4)), state)
        }
    }

    func hasPendingTransfer(requestID: UUID, on db: any Database) async throws -> Bool {
        let pending = try await Payment.query(on: db).filter(\.$requestID == requestID).filter(\.$status == .pending).all()
        guard !pending.isEmpty else { return false }
        return try await PaymentBatch.query(on: db).filter(\.$id ~~ Set(pending.map(\.batchID))).filter(\.$status != .cancelled).count() > 0
    }

    /// The hold of a cancelled request: what was handed over by hand before cancelling stays spent from the fund (the
    /// hold is cut down to it and paid), the rest is released in a row of its own, so the fund's ledger shows both.
    func requestCancelled(_ requestID: UUID, now: Date, on db: any Database) async throws -> Int {
        let held = try await FundCommitment.query(on: db).filter(\.$requestID == requestID).filter(\.$status == .committed).all()
        var delivered = try await ServiceDelivery.query(on: db).filter(\.$requestID == requestID).all().reduce(Int64(0)) { $0 + $1.amount }
        for commitment in held {
            let spent = min(delivered, commitment.amount)
            delivered -= spent
            guard spent > 0 else {
                (commitment.status, commitment.closedAt, commitment.note) = (.released, now, "request cancelled")
                try await commitment.save(on: db)
                continue
            }
            if spent < commitment.amount {
                let rest = FundCommitment()
                (rest.fundID, rest.requestID, rest.beneficiaryID, rest.branchID) = (commitment.fundID, requestID, commitment.beneficiaryID, commitment.branchID)
                (rest.decisionID, rest.amount, rest.status, rest.createdBy) = (commitment.decisionID, commitment.amount - spent, .released, commitment.createdBy)
                (rest.createdAt, rest.closedAt, rest.note) = (now, now, "request cancelled")
                try await rest.create(on: db)
            }
            (commitment.amount, commitment.status, commitment.closedAt) = (spent, .paid, now)
            commitment.note = "delivered before the request was cancelled"
            try await commitment.save(on: db)
        }
        return held.count
    }
}
