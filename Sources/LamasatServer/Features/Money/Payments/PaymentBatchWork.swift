import Crypto
import Fluent
import LamasatCore
import SQLKit
import Vapor

/// A batch's writes, each inside the caller's transaction. Every one first moves the batch's version by a
/// compare-and-set (the write that takes SQLite's lock before any read), so two officers never change it twice and a
/// locked batch refuses every change.
enum PaymentBatchWork {
    /// Why a change is refused; the page says it in the reader's language.
    enum Refusal: Error, Equatable {
        case locked, wrongStatus, changed, makerCannotApprove, notDue, oneBranch, empty, reason(String), request(SupportRequestRefusal), tampered
        var localizationKey: String {
            switch self {
            case .locked: "payment.error.locked"
            case .wrongStatus: "payment.error.status"
            case .changed: "payment.error.changed"
            case .makerCannotApprove: "payment.error.maker"
            case .notDue: "payment.error.notDue"
            case .oneBranch: "payment.error.oneBranch"
            case .empty: "payment.error.empty"
            case .reason(let key): key
            case .request(let refusal): refusal.localizationKey
            case .tampered: "payment.error.tampered"
            }
        }
    }

    /// Moves `batch` from one of `from` to `to` (or keeps its status when `to` is nil) and bumps its version.
    static func claim(_ batch: PaymentBatch, from: [PaymentBatchStatus], to: PaymentBatchStatus? = nil, on db: any Database) async throws {
        guard from.contains(batch.status) else { throw batch.status.isLocked ? Refusal.locked : Refusal.wrongStatus }
        let target = to ?? batch.status
        let moved = try await db.sql.raw("""
            UPDATE payment_batches SET status = \(bind: target.rawValue), version = version + 1
            WHERE id = \(bind: try batch.requireID()) AND version = \(bind: batch.version) AND status = \(bind: batch.status.rawValue) RETURNING id
            """).all()
        guard moved.count == 1 else { throw Refusal.changed }
        batch.status = target
        batch.version += 1
    }

    /// A new draft numbered from the counter (the transaction's first write), with the chosen due payments of its
    /// branch read again inside the transaction: another officer may have collected one of them meanwhile.
    static func open(_ chosen: Set<UUID>, branch: UUID, debitAccount: String, req: Request, on db: any Database) async throws -> PaymentBatch {
        let staff = try req.requireStaff()
        let batch = PaymentBatch()
        batch.id = UUID()
        batch.number = ReferenceNumber("PB", sequence: try await Counters.next("payment_batch", on: db), at: req.now).description
        batch.branchID = branch
        batch.status = .draft
        batch.debitAccount = debitAccount
        batch.note = ""
        batch.controlTotal = 0
        batch.paymentCount = 0
        batch.madeBy = staff.userID
        batch.madeAt = req.now
        batch.fileSHA256 = ""
        batch.version = 1
        try await batch.create(on: db)
        let due = try await PaymentDue.list(for: staff, branch: branch, only: chosen, on: db).filter(\.collectable)
        guard !chosen.isEmpty, due.count == chosen.count else { throw Refusal.notDue }
        try await add(due, to: batch, on: db)
        try await refreshTotals(batch, on: db)
        try await req.audit("money.batch.created", record: ("payment_batch", try batch.requireID().uuidString),
                            detail: "\(batch.number) count=\(batch.paymentCount) total=\(batch.controlTotal) debit=\(batch.debitAccount)", on: db)
        return batch
    }

    /// The maker sends a draft with payments to be checked.
    static func submit(_ batch: PaymentBatch, req: Request, on db: any Database) async throws {
        try await claim(batch, from: [.draft], to: .submitted, on: db)
        let (count, _) = try await totals(of: batch.requireID(), on: db)
        guard count > 0 else { throw Refusal.empty }
        batch.submittedAt = req.now
        batch.note = ""
        try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID()).set(\.$submittedAt, to: req.now).set(\.$note, to: "").update()
        try await req.audit("money.batch.submitted", record: ("payment_batch", try batch.requireID().uuidString), detail: batch.number, on: db)
    }

    /// The checker approves: never the maker. The count and control total are kept as they are now.
    static func approve(_ batch: PaymentBatch, req: Request, on db: any Database) async throws {
        let staff = try req.requireStaff()
        guard batch.madeBy != staff.userID else { throw Refusal.makerCannotApprove }
        try await claim(batch, from: [.submitted], to: .approved, on: db)
        let (count, total) = try await totals(of: batch.requireID(), on: db)
        (batch.approvedBy, batch.approvedAt, batch.paymentCount, batch.controlTotal) = (staff.userID, req.now, count, total)
        try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID())
            .set(\.$approvedBy, to: staff.userID).set(\.$approvedAt, to: req.now)
            .set(\.$paymentCount, to: count).set(\.$controlTotal, to: total).update()
        try await req.audit("money.batch.approved", record: ("payment_batch", try batch.requireID().uuidString),
                            detail: "\(batch.number) count=\(count) total=\(total)", on: db)
    }

    /// The purpose every line of the bank's file carries.
    static func purpose(_ batch: PaymentBatch) -> String { "مساعدة مالية — \(batch.number)" }

    /// The bank's file of the batch as it is stored now, its SHA-256, and whether the rows still give the count and
    /// control total kept at approval.
    static func file(_ batch: PaymentBatch, exportedAt: Date, on db: any Database) async throws -> (bytes: Data, sha256: String, rowsMatch: Bool) {
        let payments = try await payments(of: batch.requireID(), on: db)
        let text = bankFile(batch, payments: payments, exportedAt: exportedAt, purpose: purpose(batch))
        let bytes = Data(text.utf8)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let rowsMatch = payments.count == batch.paymentCount && payments.reduce(Int64(0)) { $0 + $1.amount } == batch.controlTotal
        return (bytes, digest, rowsMatch)
    }

    /// The first export: the batch is exported and keeps the file's SHA-256.
    static func export(_ batch: PaymentBatch, sha256: String, at: Date, req: Request, on db: any Database) async throws {
        let staff = try req.requireStaff()
        try await claim(batch, from: [.approved], to: .exported, on: db)
        (batch.exportedBy, batch.exportedAt, batch.fileSHA256) = (staff.userID, at, sha256)
        try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID()).set(\.$exportedBy, to: staff.userID).set(\.$exportedAt, to: at)
            .set(\.$fileSHA256, to: sha256).update()
        try await req.audit("money.batch.exported", record: ("payment_batch", try batch.requireID().uuidString), detail: "\(batch.number) sha256=\(sha256)", on: db)
    }

    /// Adds the chosen due payments to a draft `batch`, as they are on her file now.
    static func add(_ due: [DuePayment], to batch: PaymentBatch, on db: any Database) async throws {
        for item in due {
            guard item.collectable, let iban = item.iban, item.commitment.branchID == batch.branchID else { throw Refusal.notDue }
            let payment = Payment()
            payment.batchID = try batch.requireID()
            payment.commitmentID = try item.commitment.requireID()
            payment.requestID = try item.request.requireID()
            payment.beneficiaryID = try item.file.requireID()
            payment.branchID = item.commitment.branchID
            payment.payeeName = item.file.name.full
            payment.iban = iban.value
            payment.amount = item.commitment.amount
            payment.reference = item.request.trackingNumber ?? ""
            payment.status = .pending
            payment.failureReason = ""
            payment.bankReference = ""
            try await payment.create(on: db)
        }
    }

    /// The batch's count and control total from its rows.
    static func totals(of batchID: UUID, on db: any Database) async throws -> (count: Int, total: Int64) {
        let payments = try await Payment.query(on: db).filter(\.$batchID == batchID).all()
        return (payments.count, payments.reduce(0) { $0 + $1.amount })
    }

    static func refreshTotals(_ batch: PaymentBatch, on db: any Database) async throws {
        let (count, total) = try await totals(of: batch.requireID(), on: db)
        batch.paymentCount = count
        batch.controlTotal = total
        try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID())
            .set(\.$paymentCount, to: count).set(\.$controlTotal, to: total).update()
    }

    /// The payments of a batch in the file's order.
    static func payments(of batchID: UUID, on db: any Database) async throws -> [Payment] {
        try await Payment.query(on: db).filter(\.$batchID == batchID).sort(\.$reference).sort(\.$id).all()
    }

    /// The bank file's text from the batch's stored rows; its value date is the day of the first export.
    static func bankFile(_ batch: PaymentBatch, payments: [Payment], exportedAt: Date, purpose: String) -> String {
        BankPaymentFile.make(.init(debitAccount: batch.debitAccount, valueDate: CalendarDay.today(exportedAt).description, batchNumber: batch.number),
                             lines: payments.map { .init(name: $0.payeeName, iban: $0.iban, amount: $0.amount, reference: $0.reference, purpose: purpose) })
    }

    /// The bank paid `payment`: the commitment is paid, the delivery is written on the request through the same code
    /// as the delivery form (the request moves on, and closes when the approved amount is delivered), and she is told.
    static func paid(_ payment: Payment, in batch: PaymentBatch, bankReference: String, req: Request, on db: any Database) async throws {
        let staff = try req.requireStaff()
        guard payment.status == .pending else { throw Refusal.wrongStatus }
        payment.status = .paid
        payment.bankReference = bankReference
        payment.resultBy = staff.userID
        payment.resultAt = req.now
        try await payment.save(on: db)
        try await FundCommitment.query(on: db).filter(\.$id == payment.commitmentID)
            .set(\.$status, to: .paid).set(\.$closedAt, to: req.now).update()
        guard let request = try await SupportRequest.query(on: db).filter(\.$id == payment.requestID).with(\.$supportType).first(),
              let file = try await Beneficiary.find(payment.beneficiaryID, on: db) else { throw Abort(.notFound) }
        let facts = try await RequestWorkflow.facts(request, file: file, req: req, on: db)
        let delivery = ServiceDelivery()
        delivery.id = UUID()
        delivery.description = String(req.t("payment.delivery.description", batch.number, String(payment.iban.suffix(4))).prefix(300))
        delivery.amount = payment.amount
        delivery.quantity = 0
        delivery.deliveredOn = CalendarDay.today(req.now).description
        delivery.place = .online
        delivery.deliveredBy = "تحويل بنكي — \(batch.number)"
        delivery.recordedBy = staff.userID
        delivery.recordedAt = req.now
        let refusal = try await RequestCounts.tracking(.request(payment.requestID), on: db) { () async throws -> SupportRequestRefusal? in
            let (_, left) = try await DeliveryRecording.remaining(payment.requestID, on: db)
            delivery.isFinal = payment.amount >= left
            return try await DeliveryRecording.record(delivery, on: request, file: file, facts: facts, note: delivery.description,
                                                      closingNote: "", req: req, on: db)
        }
        if let refusal { throw Refusal.request(refusal) }
        payment.deliveryID = delivery.id
        try await payment.save(on: db)
        try await Outbox.enqueue(try await message(payment, request: request, file: file, on: db), now: req.now, on: db)
        try await req.audit("money.payment.paid", record: ("payment_batch", try batch.requireID().uuidString),
                            detail: "\(payment.reference) \(payment.amount) \(bankReference)", on: db)
    }

    /// The bank did not pay: the payment keeps its reason; the commitment stays committed.
    static func failed(_ payment: Payment, in batch: PaymentBatch, reason: PaymentFailureReason, text: String, req: Request, on db: any Database) async throws {
        let staff = try req.requireStaff()
        guard payment.status == .pending else { throw Refusal.wrongStatus }
        payment.status = .failed
        payment.failureReason = reason.stored(text)
        payment.resultBy = staff.userID
        payment.resultAt = req.now
        try await payment.save(on: db)
        try await req.audit("money.payment.failed", record: ("payment_batch", try batch.requireID().uuidString),
                            detail: "\(payment.reference) \(payment.failureReason)", on: db)
    }

    /// Closes the batch when every payment has the bank's result.
    static func closeIfDone(_ batch: PaymentBatch, req: Request, on db: any Database) async throws {
        let pending = try await Payment.query(on: db).filter(\.$batchID == batch.requireID()).filter(\.$status == .pending).count()
        guard pending == 0 else { return }
        batch.status = .closed
        batch.closedAt = req.now
        try await PaymentBatch.query(on: db).filter(\.$id == batch.requireID())
            .set(\.$status, to: .closed).set(\.$closedAt, to: req.now).update()
        try await req.audit("money.batch.closed", record: ("payment_batch", try batch.requireID().uuidString), detail: batch.number, on: db)
    }

    /// Her message, in the language she reads (as her decision's): the amount, the last four of her IBAN and the request's number.
    static let sentArabic = "جمعية لمسات: أهلًا {name}، تم تحويل مبلغ {amount} إلى حسابك المنتهي بـ {account} — طلب {tracking}."
    static let sentEnglish = "Lamasat: Dear {name}, {amount} has been transferred to your account ending in {account} — request {tracking}."

    static func message(_ payment: Payment, request: SupportRequest, file: Beneficiary, on db: any Database) async throws -> Outbox.Draft {
        let english = try await MessageTemplate.language(for: file.id, on: db) == .en
        let body = ReplyTemplate.fill(english ? sentEnglish : sentArabic, [
            "name": file.nameFirst, "tracking": payment.reference, "amount": Money(halalas: payment.amount).formatted(english ? .en : .ar),
            "account": String(payment.iban.suffix(4))])
        return Outbox.Draft(channel: .sms, recipient: file.mobile, subject: "تحويل \(payment.reference)", body: body,
                            idempotencyKey: "payment-sent:\(try payment.requireID().uuidString)", relatedType: "support_request",
                            relatedID: payment.requestID.uuidString, branchID: payment.branchID, beneficiaryID: file.id)
    }
}
