import Foundation

/// The bulk-payment file a batch gives the bank (docs/bank-payment-file.md): a header record, one record per payment
/// and a trailer, comma-separated, UTF-8 without a byte-order mark, CRLF line ends. Amounts are riyals with two
/// decimals written from integer halalas, so the control total is exactly the sum of the lines.
public enum BankPaymentFile {
    public struct Header: Sendable, Equatable {
        public var debitAccount: String
        /// "YYYY-MM-DD" (Gregorian).
        public var valueDate: String
        public var batchNumber: String

        public init(debitAccount: String, valueDate: String, batchNumber: String) {
            self.debitAccount = debitAccount
            self.valueDate = valueDate
            self.batchNumber = batchNumber
        }
    }

    public struct Line: Sendable, Equatable {
        public var name: String
        public var iban: String
        public var amount: Int64
        public var reference: String
        public var purpose: String

        public init(name: String, iban: String, amount: Int64, reference: String, purpose: String) {
            self.name = name
            self.iban = iban
            self.amount = amount
            self.reference = reference
            self.purpose = purpose
        }
    }

    /// "1250.50" from 125050 halalas: no grouping, always two decimals.
    public static func amount(_ halalas: Int64) -> String {
        let cents = halalas % 100
        return String(halalas / 100) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    public static func controlTotal(_ lines: [Line]) -> Int64 { lines.reduce(0) { $0 + $1.amount } }

    /// The file's text. Lines are written in the order given; the sequence numbers them from 1.
    public static func make(_ header: Header, lines: [Line]) -> String {
        let total = amount(controlTotal(lines))
        var records: [[String]] = [["H", header.debitAccount, header.valueDate, String(lines.count), total, header.batchNumber]]
        for (index, line) in lines.enumerated() {
            records.append(["P", String(index + 1), line.name, line.iban, amount(line.amount), line.reference, line.purpose])
        }
        records.append(["T", String(lines.count), total])
        return records.map { $0.map(CSV.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

/// The bank's answer to a batch, uploaded back (docs/bank-payment-file.md): one row per payment with reference, IBAN,
/// amount, status PAID or FAILED, reason and the bank's reference. A file is applied whole or not at all.
public enum BankResultFile {
    public enum Outcome: String, Sendable, Equatable { case paid = "PAID", failed = "FAILED" }

    public struct Row: Sendable, Equatable {
        public var line: Int
        public var reference: String
        public var iban: String
        public var amount: Int64
        public var outcome: Outcome
        public var reason: String
        public var bankReference: String

        public init(line: Int, reference: String, iban: String, amount: Int64, outcome: Outcome, reason: String, bankReference: String) {
            self.line = line
            self.reference = reference
            self.iban = iban
            self.amount = amount
            self.outcome = outcome
            self.reason = reason
            self.bankReference = bankReference
        }
    }

    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty, columns, status, amount, reasonRequired, unknownReference, duplicate, ibanDiffers, amountDiffers, alreadyDone, missing
        public var localizationKey: String { "payment.upload.problem.\(rawValue)" }
    }

    public struct Finding: Sendable, Equatable {
        /// 0 when the problem is the file's, not a line's.
        public var line: Int
        public var problem: Problem
        public var detail: String

        public init(line: Int, problem: Problem, detail: String) {
            self.line = line
            self.problem = problem
            self.detail = detail
        }
    }

    /// A payment of the batch as the bank should answer it.
    public struct Expected: Sendable, Equatable {
        public var reference: String
        public var iban: String
        public var amount: Int64
        public var hasResult: Bool

        public init(reference: String, iban: String, amount: Int64, hasResult: Bool) {
            self.reference = reference
            self.iban = iban
            self.amount = amount
            self.hasResult = hasResult
        }
    }

    /// The rows of the file, or every problem found in it (then no rows); a first row naming the columns is skipped.
    public static func parse(_ text: String) -> (rows: [Row], problems: [Finding]) {
        var records = CSV.records(text)
        if let first = records.first?.first?.trimmingCharacters(in: .whitespaces).lowercased(), first == "reference" { records.removeFirst() }
        guard !records.isEmpty else { return ([], [Finding(line: 0, problem: .empty, detail: "")]) }
        var rows: [Row] = []
        var findings: [Finding] = []
        for (offset, record) in records.enumerated() {
            let line = offset + 1
            let cells = record.map { ArabicDigits.westernized($0.trimmingCharacters(in: .whitespaces)) }
            guard cells.count == 6 else { findings.append(Finding(line: line, problem: .columns, detail: String(cells.count))); continue }
            guard let outcome = Outcome(rawValue: cells[3].uppercased()) else { findings.append(Finding(line: line, problem: .status, detail: cells[3])); continue }
            guard let money = try? Money(cells[2]) else { findings.append(Finding(line: line, problem: .amount, detail: cells[2])); continue }
            if outcome == .failed, cells[4].isEmpty { findings.append(Finding(line: line, problem: .reasonRequired, detail: cells[0])); continue }
            rows.append(Row(line: line, reference: cells[0], iban: cells[1].uppercased().filter { !$0.isWhitespace }, amount: money.halalas,
                            outcome: outcome, reason: String(cells[4].prefix(300)), bankReference: String(cells[5].prefix(60))))
        }
        return findings.isEmpty ? (rows, []) : ([], findings)
    }

    /// What in `rows` does not match the batch: unknown references, a reference twice, another IBAN or amount, a
    /// payment that already has its result.
    public static func check(_ rows: [Row], against expected: [Expected]) -> [Finding] {
        let byReference = Dictionary(expected.map { ($0.reference, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        var findings: [Finding] = []
        for row in rows {
            guard let payment = byReference[row.reference] else { findings.append(Finding(line: row.line, problem: .unknownReference, detail: row.reference)); continue }
            if !seen.insert(row.reference).inserted { findings.append(Finding(line: row.line, problem: .duplicate, detail: row.reference)); continue }
            if payment.iban != row.iban { findings.append(Finding(line: row.line, problem: .ibanDiffers, detail: row.reference)) }
            if payment.amount != row.amount { findings.append(Finding(line: row.line, problem: .amountDiffers, detail: row.reference)) }
            if payment.hasResult { findings.append(Finding(line: row.line, problem: .alreadyDone, detail: row.reference)) }
        }
        return findings
    }
}
