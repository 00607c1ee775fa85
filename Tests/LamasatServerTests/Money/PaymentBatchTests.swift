import Crypto
import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 18, part D: payment batches to her IBAN: collected from the due payments, maker ≠ checker, the bank's file
/// given once and the same bytes ever after, and a locked batch that refuses every change.
@Suite("Payment batches", .serialized)
struct PaymentBatchTests {
    @Test("the due page lists her request with her name, masked IBAN, amount and fund; collecting it makes a draft with the exact count and control total")
    func collect() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t, amount: "4,500.75")
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            let due = try await p.maker.get("/payments/due")
            #expect(due.status == .ok)
            #expect(due.contains(tracking) && due.contains("أميرة عبد الله سعد القحطاني") && due.contains("1234") && !due.contains(PaymentIBAN.hers))
            let fundName = try #require(try await Fund.find(p.commitment.fundID, on: t.db)).nameArabic
            #expect(due.contains("4,500.75") && due.contains(fundName))
            let index = try await p.maker.get("/payments")
            #expect(index.status == .ok && index.contains("المستحقات الجاهزة للتحويل: 1"))

            let id = try await p.draft()
            let batch = try #require(try await PaymentBatch.find(id, on: t.db))
            #expect(batch.status == .draft && batch.paymentCount == 1 && batch.controlTotal == 450_075)
            #expect(batch.number.hasPrefix("PB-") && batch.madeBy == p.makerUser.id && batch.debitAccount == PaymentIBAN.association)
            let payment = try #require(try await Payment.query(on: t.db).filter(\.$batchID == id).first())
            #expect(payment.amount == 450_075 && payment.iban == PaymentIBAN.hers && payment.reference == tracking
                    && payment.payeeName == "أميرة عبد الله سعد القحطاني" && payment.status == .pending)
            #expect(try await t.auditEntries(action: "money.batch.created").contains { $0.recordID == id.uuidString })
            // Collected: no longer due, and cannot be collected twice.
            let listed = try await p.maker.get("/payments/due")
            #expect(!listed.contains(tracking))
            let twice = try await p.maker.postMany("/payments/batches", [("chosen[]", p.commitment.id!.uuidString), ("debitAccount", PaymentIBAN.association)])
            #expect(twice.status == .unprocessableEntity && twice.contains("لم يعد مستحقًا"))
            #expect(try await PaymentBatch.query(on: t.db).count() == 1)
        }
    }

    @Test("a bad debit IBAN or nothing chosen is refused with 422, the typed account kept and no batch made")
    func badCollect() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            _ = try await p.maker.get("/payments/due")
            let bad = try await p.maker.postMany("/payments/batches", [("chosen[]", p.commitment.id!.uuidString), ("debitAccount", "SA0380000000608010167518")])
            #expect(bad.status == .unprocessableEntity && bad.contains("SA0380000000608010167518"))
            let none = try await p.maker.postMany("/payments/batches", [("debitAccount", PaymentIBAN.association)])
            #expect(none.status == .unprocessableEntity && none.contains("اختاري مستحقًا واحدًا على الأقل"))
            #expect(try await PaymentBatch.query(on: t.db).count() == 0)
        }
    }

    @Test("the maker cannot approve her own batch (403, clear message, audited); another finance officer can, and the count and control total are kept")
    func makerChecker() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let id = try await p.draft()
            #expect(try await p.maker.post("/payments/batches/\(id)/submit").status == .seeOther)
            #expect(try await PaymentBatch.find(id, on: t.db)?.status == .submitted)
            _ = try await p.maker.get("/payments/batches/\(id)")
            let own = try await p.maker.post("/payments/batches/\(id)/approve")
            #expect(own.status == .forbidden && own.contains("لا يجوز أن تعتمد الدفعةَ من أعدّتها"))
            #expect(try await PaymentBatch.find(id, on: t.db)?.status == .submitted)
            #expect(try await t.auditEntries(action: "money.batch.refused").contains { $0.recordID == id.uuidString && $0.outcome == "denied" })

            _ = try await p.checker.get("/payments/batches/\(id)")
            #expect(try await p.checker.post("/payments/batches/\(id)/approve").status == .seeOther)
            let batch = try #require(try await PaymentBatch.find(id, on: t.db))
            #expect(batch.status == .approved && batch.approvedBy == p.checkerUser.id && batch.paymentCount == 1 && batch.controlTotal == 450_000)
            #expect(try await t.auditEntries(action: "money.batch.approved").contains { $0.recordID == id.uuidString })
        }
    }

    @Test("the checker returns a batch with a reason; a reason is required; cancelling puts its payment back on the due list")
    func returnAndCancel() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            let id = try await p.draft()
            _ = try await p.maker.post("/payments/batches/\(id)/submit")
            _ = try await p.checker.get("/payments/batches/\(id)")
            let empty = try await p.checker.post("/payments/batches/\(id)/return", ["reason": ""])
            #expect(empty.status == .unprocessableEntity && empty.contains("اكتبي السبب"))
            #expect(try await p.checker.post("/payments/batches/\(id)/return", ["reason": "راجعي الآيبان"]).status == .seeOther)
            var batch = try #require(try await PaymentBatch.find(id, on: t.db))
            #expect(batch.status == .draft && batch.note == "راجعي الآيبان")
            _ = try await p.maker.get("/payments/batches/\(id)")
            #expect(try await p.maker.post("/payments/batches/\(id)/cancel", ["reason": "دفعة مكررة"]).status == .seeOther)
            batch = try #require(try await PaymentBatch.find(id, on: t.db))
            #expect(batch.status == .cancelled)
            #expect(try await t.auditEntries(action: "money.batch.cancelled").contains { $0.detail == "دفعة مكررة" })
            #expect(try await p.maker.get("/payments/due").contains(tracking))
        }
    }

    @Test("the bank file has the header, her line and the trailer; the first download exports it and keeps its SHA-256; later downloads are the same bytes")
    func bankFile() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let tracking = try #require(try await SupportRequest.find(p.request, on: t.db)?.trackingNumber)
            let id = try await p.approved()
            let first = try await p.maker.get("/payments/batches/\(id)/bank-file")
            #expect(first.status == .ok && first.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let batch = try #require(try await PaymentBatch.find(id, on: t.db))
            let day = CalendarDay.today(t.clock.now()).description
            #expect(first.body == """
                H,\(PaymentIBAN.association),\(day),1,4500.00,\(batch.number)\r
                P,1,أميرة عبد الله سعد القحطاني,\(PaymentIBAN.hers),4500.00,\(tracking),مساعدة مالية — \(batch.number)\r
                T,1,4500.00\r

                """)
            #expect(batch.status == .exported && batch.exportedBy == p.makerUser.id)
            #expect(batch.fileSHA256 == SHA256.hash(data: Data(first.body.utf8)).map { String(format: "%02x", $0) }.joined())
            let again = try await p.checker.get("/payments/batches/\(id)/bank-file")
            #expect(again.status == .ok && again.body == first.body)
            #expect(try await t.auditEntries(action: "money.batch.exported").count == 1)
        }
    }

    @Test("a row changed after export: the download is refused (409) and audited as tampering")
    func tampering() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let (id, _) = try await p.exported()
            try await Payment.query(on: t.db).filter(\.$batchID == id).set(\.$iban, to: PaymentIBAN.corrected).update()
            let refused = try await p.maker.get("/payments/batches/\(id)/bank-file")
            #expect(refused.status == .conflict && refused.contains("تغيّرت بيانات الدفعة"))
            #expect(try await t.auditEntries(action: "money.batch.tampered").contains { $0.recordID == id.uuidString })
        }
    }

    @Test("an approved or exported batch refuses adding, removing, submitting and cancelling, and nothing changes")
    func lockedBatch() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let id = try await p.approved()
            let payment = try #require(try await Payment.query(on: t.db).filter(\.$batchID == id).first())
            _ = try await p.maker.get("/payments/batches/\(id)")
            for (path, form) in [("payments/\(payment.id!)/remove", [String: String]()), ("add", ["chosen[]": p.commitment.id!.uuidString]),
                                 ("submit", [:]), ("cancel", ["reason": "خطأ"])] {
                let page = try await p.maker.post("/payments/batches/\(id)/\(path)", form)
                #expect(page.status == .conflict, "\(path): \(page.status)")
                #expect(page.contains("لا تتغير تحويلاتها ولا مبالغها"), "\(path)")
            }
            _ = try await p.maker.get("/payments/batches/\(id)/bank-file")
            let afterExport = try await p.maker.post("/payments/batches/\(id)/payments/\(payment.id!)/remove")
            #expect(afterExport.status == .conflict)
            let batch = try #require(try await PaymentBatch.find(id, on: t.db))
            #expect(batch.status == .exported && batch.paymentCount == 1 && batch.controlTotal == 450_000)
            #expect(try await Payment.query(on: t.db).filter(\.$batchID == id).all().map(\.amount) == [450_000])
        }
    }

    @Test("the signature list prints the association, the batch, her line, the total and three signature lines in both calendars")
    func printList() async throws {
        try await withLamasat { t in
            let p = try await PaymentCrew.make(t)
            let id = try await p.approved()
            let number = try #require(try await PaymentBatch.find(id, on: t.db)?.number)
            let page = try await p.maker.get("/payments/batches/\(id)/print")
            #expect(page.status == .ok)
            #expect(page.contains(number) && page.contains("أميرة عبد الله سعد القحطاني") && page.contains("4,500.00"))
            #expect(page.contains("المفوَّض بالتوقيع") && page.contains("المعتمِدة") && page.contains("هـ"))
            #expect(page.contains("ترخيص رقم"))
        }
    }
}
