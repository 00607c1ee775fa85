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
}
