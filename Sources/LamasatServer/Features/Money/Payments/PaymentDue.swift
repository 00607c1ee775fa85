import Fluent
import LamasatCore
import Vapor

/// Why the bank did not pay: a short list, each with words of the officer's own. A reason about her account waits
/// for the relations officer to fix the IBAN on her file; any other goes back to the due list at once.
enum PaymentFailureReason: String, CaseIterable, Codable, Sendable {
    case ibanInvalid, accountClosed, nameMismatch, bankRejected, other
    var localizationKey: String { "payment.failure.\(rawValue)" }
    var isAboutAccount: Bool { self == .ibanInvalid || self == .accountClosed || self == .nameMismatch }

    /// Stored as "code: words" on the payment.
    func stored(_ text: String) -> String { text.isEmpty ? rawValue : rawValue + ": " + text }

    init?(stored: String) {
        self.init(rawValue: String(stored.prefix { $0 != ":" }).trimmingWhitespace())
    }

    /// A reason the bank's file gives: its code first when it names one ("accountClosed: closed in 2025"), otherwise
    /// "other" with the bank's words.
    static func reading(_ text: String) -> (reason: PaymentFailureReason, words: String) {
        guard let reason = PaymentFailureReason(stored: text) else { return (.other, text) }
        return (reason, String(text.drop { $0 != ":" }.dropFirst()).trimmingWhitespace())
    }

    /// A stored reason in the reader's language: "Account closed — closed by her in October".
    static func describe(_ stored: String, _ req: Request) -> String {
        let (reason, words) = reading(stored)
        return req.t(reason.localizationKey) + (words.isEmpty ? "" : " — " + words)
    }
}

/// A payment due: aid the committee approved from a fund (a commitment still committed) for an approved financial
/// request within reach, not in a batch still open and not paid.
struct DuePayment {
    let commitment: FundCommitment
    let request: SupportRequest
    let file: Beneficiary
    let fund: Fund
    let decidedAt: Date?
    /// Her IBAN on file, when it passes mod-97.
    let iban: SaudiIBAN?
    /// The fund's rule refuses paying her (a zakat fund and a category not entitled, a restricted fund for another purpose).
    let refusal: FundRule.Refusal?

    var collectable: Bool { iban != nil && refusal == nil }
}

enum PaymentDue {
    /// The due payments within the staff member's reach, oldest decision first; `branch` narrows them to one branch.
    static func list(for staff: StaffContext, branch: UUID? = nil, only: Set<UUID>? = nil, on db: any Database) async throws -> [DuePayment] {
        let query = FundCommitment.query(on: db).filter(\.$status == .committed).sort(\.$createdAt)
        query.withinReach(of: staff, \.$branchID)
        if let branch { query.filter(\.$branchID == branch) }
        if let only { query.filter(\.$id ~~ only) }
        let commitments = try await query.all()
        guard !commitments.isEmpty else { return [] }
        let requests = try await SupportRequest.query(on: db).filter(\.$id ~~ Set(commitments.map(\.requestID))).with(\.$supportType).all()
            .filter { $0.supportType.kind == .financial && [.approved, .inService].contains($0.status) }
        let byRequest = Dictionary(uniqueKeysWithValues: requests.compactMap { r in r.id.map { ($0, r) } })
        let files = try await Beneficiary.query(on: db).filter(\.$id ~~ Set(commitments.map(\.beneficiaryID))).all()
        let byFile = Dictionary(uniqueKeysWithValues: files.compactMap { f in f.id.map { ($0, f) } })
        let payments = try await Payment.query(on: db).filter(\.$commitmentID ~~ Set(commitments.compactMap(\.id))).all()
        let batches = try await PaymentBatch.query(on: db).filter(\.$id ~~ Set(payments.map(\.batchID))).all()
        let cancelled = Set(batches.filter { $0.status == .cancelled }.compactMap(\.id))
        let decisions = try await RequestDecision.inForce(byRequest.keys, on: db).values
        let decided = Dictionary(decisions.map { ($0.requestID, $0.decidedAt) }, uniquingKeysWith: { first, _ in first })
        let funds = Dictionary(uniqueKeysWithValues: try await Fund.query(on: db).all().compactMap { f in f.id.map { ($0, f) } })
        let zakat = Set(try await FundBalances.zakatCategoryIDs(on: db).map(\.uuidString))
        let purposes = try await purposeCodes(Array(funds.values), on: db)

        return commitments.compactMap { commitment in
            guard let id = commitment.id, let request = byRequest[commitment.requestID], let file = byFile[commitment.beneficiaryID],
                  let fund = funds[commitment.fundID] else { return nil }
            let iban = try? SaudiIBAN(file.iban)
            let taken = payments.contains { p in
                guard p.commitmentID == id else { return false }
                switch p.status {
                case .paid: return true
                case .pending: return !cancelled.contains(p.batchID)
                // Failed for her account: due again once her IBAN on file is another one.
                case .failed: return PaymentFailureReason(stored: p.failureReason)?.isAboutAccount == true && p.iban == (iban?.value ?? file.iban)
                }
            }
            guard !taken else { return nil }
            let refusal = FundRule.check(facts(fund, purpose: purposes[commitment.fundID]), amount: 0, supportType: request.supportType.code,
                                         category: file.$category.id.uuidString, zakatCategories: zakat)
            return DuePayment(commitment: commitment, request: request, file: file, fund: fund, decidedAt: decided[commitment.requestID],
                              iban: iban, refusal: refusal)
        }
    }

    /// The fund's facts for paying a commitment it already holds: only who it may pay counts here (its balance
    /// counted the commitment when the committee decided).
    static func facts(_ fund: Fund, purpose: String?) -> FundFacts {
        FundFacts(designation: fund.designation, isActive: true, restrictedToSupportType: purpose, totals: .init())
    }

    /// The support type code each restricted fund pays.
    private static func purposeCodes(_ funds: [Fund], on db: any Database) async throws -> [UUID: String] {
        let typeIDs = Set(funds.compactMap(\.supportTypeID))
        guard !typeIDs.isEmpty else { return [:] }
        let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: db).filter(\.$id ~~ typeIDs).all().compactMap { t in t.id.map { ($0, t.code) } })
        return Dictionary(uniqueKeysWithValues: funds.compactMap { f in f.id.flatMap { id in f.supportTypeID.flatMap { types[$0] }.map { (id, $0) } } })
    }

    /// "•••• •••• •••• •••• 1234": her IBAN on lists, the last four only.
    static func masked(_ iban: String) -> String {
        iban.count < 4 ? "••••" : "SA•• •••• •••• •••• •••• " + String(iban.suffix(4))
    }
}
