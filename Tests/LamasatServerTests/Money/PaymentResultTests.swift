import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 18, part D: the bank's result, typed per payment or uploaded as a file. Paid records the delivery on her
/// request (through the delivery form's code), closes it, pays the commitment and tells her; failed keeps its reason
/// and comes back to the due list when it should.
@Suite("Payment results", .serialized)
struct PaymentResultTests {
    @Test("paid: the commitment is paid (the fund's money moves from committed to paid, available unchanged), the delivery is on the request, the request closes and she gets her message")
    func paid() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let fund = p.commitment.fundID
            let before = try await FundBalances.of(fund, on: t.db)
            let (id, payment, _) = try await p.exportedPayment(t)
            let missing = try await p.maker.post("/payments/batches/\(id)/payments/\(payment.id!)/result", ["outcome": "paid", "bankReference": ""])
            #expect(missing.status == .unprocessableEntity && missing.contains("اكتبي مرجع البنك"))
            #expect(try await Payment.find(payment.id, on: t.db)?.status == .pending)

            let done = try await p.maker.post("/payments/batches/\(id)/payments/\(payment.id!)/result", ["outcome": "paid", "bankReference": "TRX-2026-1"])
            #expect(done.status == .seeOther)
            let saved = try #require(try await Payment.find(payment.id, on: t.db))
            #expect(saved.status == .paid && saved.bankReference == "TRX-2026-1" && saved.resultBy == p.makerUser.id)
            #expect(try await FundCommitment.find(p.commitment.id, on: t.db)?.status == .paid)
            let after = try await FundBalances.of(fund, on: t.db)
            #expect(after.committed == before.committed - 450_000 && after.paid == before.paid + 450_000 && after.available == before.available)

            let batch = try #require(try await PaymentBatch.find(id, on: t.db))
            let delivery = try #require(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == p.request).first())
            #expect(delivery.amount == 450_000 && delivery.place == .online && delivery.deliveredBy == "تحويل بنكي — \(batch.number)" && delivery.isFinal)
            #expect(saved.deliveryID == delivery.id)
            let request = try #require(try await SupportRequest.find(p.request, on: t.db))
            #expect(request.status == .closed)
            #expect(batch.status == .closed && batch.closedAt != nil)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "payment-sent:\(payment.id!)").first())
            #expect(message.body.contains("تم تحويل مبلغ 4,500.00 ر.س إلى حسابك المنتهي بـ 1234") && message.body.contains(request.trackingNumber!))
            #expect(try await t.auditEntries(action: "money.payment.paid").contains { $0.recordID == id.uuidString })
            #expect(try await t.auditEntries(action: "request.delivery").contains { $0.recordID == p.request.uuidString })
            // The relations officer sees the delivery on the request's page.
            let page = try await p.crew.officer.get("/requests/\(p.request)")
            #expect(page.contains("تحويل بنكي — \(batch.number)"))
        }
    }

    @Test("failed for her account: the reason is kept, the commitment stays committed, and it is due again only once her IBAN on file changes")
    func failedAccount() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            let (id, payment, _) = try await p.exportedPayment(t)
            let noReason = try await p.maker.post("/payments/batches/\(id)/payments/\(payment.id!)/result", ["outcome": "failed", "reason": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.contains("اختاري سبب التعذّر"))
            let done = try await p.maker.post("/payments/batches/\(id)/payments/\(payment.id!)/result",
                                              ["outcome": "failed", "reason": "accountClosed", "reasonText": "أغلقته في أكتوبر"])
            #expect(done.status == .seeOther)
            let saved = try #require(try await Payment.find(payment.id, on: t.db))
            #expect(saved.status == .failed && saved.failureReason == "accountClosed: أغلقته في أكتوبر")
            #expect(try await FundCommitment.find(p.commitment.id, on: t.db)?.status == .committed)
            #expect(try await SupportRequest.find(p.request, on: t.db)?.status == .approved)
            #expect(try await PaymentBatch.find(id, on: t.db)?.status == .closed)
            #expect(try await p.maker.get("/payments/batches/\(id)").contains("الحساب مغلق — أغلقته في أكتوبر"))
            // The relations officer sees it on the request's page, to fix her IBAN.
            let requestPage = try await p.crew.officer.get("/requests/\(p.request)")
            #expect(requestPage.contains("تعذّر التحويل — الحساب مغلق — أغلقته في أكتوبر") && requestPage.contains("1234"))
            let listed = try await p.maker.get("/payments/due")
            #expect(!listed.contains(tracking))
            try await t.setIBAN(p.file, PaymentIBAN.corrected)
            let due = try await p.maker.get("/payments/due")
            #expect(due.contains(tracking) && due.contains("5678"))
        }
    }

    @Test("failed for a reason not about her account: due again at once")
    func failedOther() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            let (id, payment, _) = try await p.exportedPayment(t)
            #expect(try await p.maker.post("/payments/batches/\(id)/payments/\(payment.id!)/result", ["outcome": "failed", "reason": "bankRejected"]).status == .seeOther)
            #expect(try await p.maker.get("/payments/due").contains(tracking))
        }
    }

    @Test("an uploaded result file with an unknown reference or another amount changes nothing and lists the problems; a good file is applied whole")
    func upload() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            let (id, _) = try await p.exported()
            _ = try await p.maker.get("/payments/batches/\(id)")
            let bad = "reference,iban,amount,status,reason,bank_reference\r\n\(tracking),\(PaymentIBAN.hers),4400.00,PAID,,TRX-1\r\nR-1999-000001,\(PaymentIBAN.hers),10,PAID,,TRX-2\r\n"
            let refused = try await p.maker.upload("/payments/batches/\(id)/results", [:], file: Array(bad.utf8), filename: "result.csv")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains("السطر 1:") && refused.contains("المبلغ يختلف") && refused.contains("السطر 2:") && refused.contains("لا يطابق أي تحويل"))
            #expect(try await Payment.query(on: t.db).filter(\.$batchID == id).first()?.status == .pending)
            #expect(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == p.request).count() == 0)
            #expect(try await PaymentBatch.find(id, on: t.db)?.status == .exported)
            #expect(try await t.auditEntries(action: "money.batch.uploadRefused").count == 1)

            let good = "reference,iban,amount,status,reason,bank_reference\r\n\(tracking),\(PaymentIBAN.hers),٤٥٠٠,PAID,,TRX-7\r\n"
            let applied = try await p.maker.upload("/payments/batches/\(id)/results", [:], file: Array(good.utf8), filename: "result.csv")
            #expect(applied.status == .seeOther)
            let payment = try #require(try await Payment.query(on: t.db).filter(\.$batchID == id).first())
            #expect(payment.status == .paid && payment.bankReference == "TRX-7")
            #expect(try await ServiceDelivery.query(on: t.db).filter(\.$requestID == p.request).count() == 1)
            #expect(try await PaymentBatch.find(id, on: t.db)?.status == .closed)
            // The same file again: every payment already has its result.
            _ = try await p.maker.get("/payments/batches/\(id)")
            #expect(try await p.maker.upload("/payments/batches/\(id)/results", [:], file: Array(good.utf8), filename: "result.csv").status == .conflict)
        }
    }

    @Test("a payment without an IBAN on her file, or from the zakat fund for a category not entitled, is listed apart and cannot be collected")
    func notCollectable() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t, iban: "", fund: "zakat")
            // Paid from the zakat fund, whichever fund the committee's decision chose.
            try await FundCommitment.query(on: t.db).filter(\.$id == p.commitment.requireID()).set(\.$fundID, to: try await t.fund("zakat").requireID()).update()
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            var due = try await p.maker.get("/payments/due")
            #expect(due.contains("آيبان يلزم تصحيحه من موظفة العلاقات") && due.contains("لا يوجد آيبان في ملفها") && due.contains(tracking))
            #expect(!due.contains("value=\"\(p.commitment.id!.uuidString)\""))
            let refused = try await p.maker.postMany("/payments/batches", [("chosen[]", p.commitment.id!.uuidString), ("debitAccount", PaymentIBAN.association)])
            #expect(refused.status == .unprocessableEntity && refused.contains("لم يعد مستحقًا"))

            try await t.setIBAN(p.file, "SA0380000000608010167518")
            #expect(try await p.maker.get("/payments/due").contains("الآيبان في ملفها غير صحيح"))
            try await t.setIBAN(p.file, PaymentIBAN.hers)
            #expect(try await p.maker.get("/payments/due").contains("value=\"\(p.commitment.id!.uuidString)\""))
            // The administrator no longer marks widows as entitled to zakat.
            try await ZakatEligibleCategory.query(on: t.db).delete()
            due = try await p.maker.get("/payments/due")
            #expect(due.contains("صندوق الزكاة لا يصرف لهذه الفئة") && !due.contains("value=\"\(p.commitment.id!.uuidString)\""))
            #expect(try await PaymentBatch.query(on: t.db).count() == 0)
        }
    }
}
