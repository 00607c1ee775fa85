import LamasatCore
import Testing

/// Issue 18, paying her: the bank's bulk-payment file and the bank's result file (docs/bank-payment-file.md).
@Suite("Bank payment file")
struct BankPaymentFileTests {
    let header = BankPaymentFile.Header(debitAccount: "SA0380000000608010167519", valueDate: "2026-12-01", batchNumber: "PB-2026-000004")

    @Test("header, one record per payment and a trailer; the control total is the exact sum of the lines")
    func layout() {
        let lines = [
            BankPaymentFile.Line(name: "نورة سالم الحربي", iban: "SA4420000001234567891234", amount: 450_000, reference: "R-2026-000123", purpose: "مساعدة مالية"),
            BankPaymentFile.Line(name: "هيا الشمري", iban: "SA1180000000000000000012", amount: 150_075, reference: "R-2026-000131", purpose: "مساعدة مالية"),
            BankPaymentFile.Line(name: "منى", iban: "SA1180000000000000000013", amount: 1, reference: "R-2026-000140", purpose: "مساعدة مالية"),
        ]
        let text = BankPaymentFile.make(header, lines: lines)
        #expect(text == """
            H,SA0380000000608010167519,2026-12-01,3,6000.76,PB-2026-000004\r
            P,1,نورة سالم الحربي,SA4420000001234567891234,4500.00,R-2026-000123,مساعدة مالية\r
            P,2,هيا الشمري,SA1180000000000000000012,1500.75,R-2026-000131,مساعدة مالية\r
            P,3,منى,SA1180000000000000000013,0.01,R-2026-000140,مساعدة مالية\r
            T,3,6000.76\r

            """)
        #expect(BankPaymentFile.controlTotal(lines) == 600_076)
        #expect(!text.hasPrefix("\u{FEFF}"))
    }

    @Test("amounts are written from halalas exactly, without grouping, even for large sums")
    func amounts() {
        #expect(BankPaymentFile.amount(0) == "0.00")
        #expect(BankPaymentFile.amount(5) == "0.05")
        #expect(BankPaymentFile.amount(10) == "0.10")
        #expect(BankPaymentFile.amount(123_456_789_01) == "123456789.01")
        let many = (1...1000).map { BankPaymentFile.Line(name: "س", iban: "SA", amount: Int64($0) * 101, reference: "R-\($0)", purpose: "") }
        let trailer = BankPaymentFile.make(header, lines: many).split(separator: "\r\n").last!
        #expect(trailer == "T,1000,505505.00")
    }

    @Test("a comma, a quote or a line break in a name is quoted and escaped; a formula is made inert; the file reads back the same")
    func escaping() {
        let lines = [BankPaymentFile.Line(name: "هيا بنت عبدالله, \"أم سارة\"", iban: "SA1", amount: 100, reference: "R-1", purpose: "=SUM(A1)")]
        let text = BankPaymentFile.make(header, lines: lines)
        #expect(text.contains("P,1,\"هيا بنت عبدالله, \"\"أم سارة\"\"\",SA1,1.00,R-1,'=SUM(A1)\r\n"))
        let records = CSV.records(text)
        #expect(records.count == 3)
        #expect(records[1][2] == "هيا بنت عبدالله, \"أم سارة\"")
        #expect(records[1].count == 7)
    }

    @Test("the bank's result file: a header line is skipped, Arabic digits and a byte-order mark are read, PAID and FAILED rows come out")
    func parse() {
        let text = "\u{FEFF}reference,iban,amount,status,reason,bank_reference\r\nR-1,sa44 2000 0001 2345 6789 1234,٤٥٠٠,PAID,,TRX-9\r\nR-2,SA11,1500.75,failed,accountClosed: مغلق,\r\n"
        let (rows, problems) = BankResultFile.parse(text)
        #expect(problems.isEmpty && rows.count == 2)
        #expect(rows[0] == BankResultFile.Row(line: 1, reference: "R-1", iban: "SA4420000001234567891234", amount: 450_000, outcome: .paid, reason: "", bankReference: "TRX-9"))
        #expect(rows[1].outcome == .failed && rows[1].amount == 150_075 && rows[1].reason == "accountClosed: مغلق")
    }

    @Test("a bad result file lists every problem by line: columns, status, amount, a failure without reason, an empty file")
    func parseProblems() {
        let (rows, findings) = BankResultFile.parse("R-1,SA1,10,PAID,,X\r\nR-2,SA1,10\r\nR-3,SA1,ten,PAID,,X\r\nR-4,SA1,10,DONE,,X\r\nR-5,SA1,10,FAILED,,X\r\n")
        #expect(rows.isEmpty)
        #expect(findings.map(\.line) == [2, 3, 4, 5])
        #expect(findings.map(\.problem) == [.columns, .amount, .status, .reasonRequired])
        #expect(BankResultFile.parse("reference,iban,amount,status,reason,bank_reference\r\n").problems.map(\.problem) == [.empty])
    }

    @Test("checking against the batch: unknown reference, twice, another IBAN or amount, a payment already answered")
    func check() {
        let expected = [BankResultFile.Expected(reference: "R-1", iban: "SA1", amount: 100_000, hasResult: false),
                        BankResultFile.Expected(reference: "R-2", iban: "SA2", amount: 2000, hasResult: true)]
        let rows = BankResultFile.parse("R-1,SA9,1000,PAID,,X\r\nR-1,SA1,10,PAID,,X\r\nR-3,SA1,10,PAID,,X\r\nR-2,SA2,20.00,PAID,,X\r\n").rows
        let findings = BankResultFile.check(rows, against: expected)
        #expect(findings.map(\.problem) == [.ibanDiffers, .duplicate, .unknownReference, .alreadyDone])
        let good = BankResultFile.parse("R-1,SA1,1000.00,PAID,,X\r\n").rows
        #expect(good.count == 1)
        #expect(BankResultFile.check(good, against: expected).isEmpty)
    }
}
