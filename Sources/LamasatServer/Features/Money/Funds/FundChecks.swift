import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// The facts FundRule judges a fund by, and the one check-and-hold of an amount against a fund: the committee's
/// decision uses it here; the payment run (part D) may call `facts(for:on:)` and `refusal(...)` for the zakat rule
/// at payment time.
enum FundChecks {
    /// The fund's designation, state, restriction and totals. Support types and categories are named by id.
    static func facts(for fund: Fund, on db: any Database) async throws -> FundFacts {
        FundFacts(designation: fund.designation, isActive: fund.isActive, restrictedToSupportType: fund.supportTypeID?.uuidString,
                  totals: try await FundBalances.of(fund.requireID(), on: db))
    }

    /// Whether `fund` (with `facts`) may pay `amount` of a request of `supportTypeID` for a file of `categoryID`.
    static func refusal(_ facts: FundFacts, amount: Int64, supportTypeID: UUID, categoryID: UUID, on db: any Database) async throws -> FundRule.Refusal? {
        let zakat = Set(try await FundBalances.zakatCategoryIDs(on: db).map(\.uuidString))
        return FundRule.check(facts, amount: amount, supportType: supportTypeID.uuidString, category: categoryID.uuidString, zakatCategories: zakat)
    }

    /// On PostgreSQL the fund's row is locked until the caller's transaction ends, so two decisions on the last
    /// riyals of a fund take turns; SQLite has one writer at a time already (the caller wrote first).
    static func lock(_ fundID: UUID, on db: any Database) async throws {
        guard db.isPostgres, let sql = db as? any SQLDatabase else { return }
        _ = try await sql.raw("SELECT id FROM funds WHERE id = \(bind: fundID) FOR UPDATE").all()
    }

    /// A message for a refusal, with the amount still available when short.
    static func message(_ refusal: FundRule.Refusal, req: Request) -> String {
        if case .insufficient(let available) = refusal {
            return req.t(refusal.localizationKey, Money(halalas: available).formatted(req.language))
        }
        return req.t(refusal.localizationKey)
    }
}

/// The committee's side of the funds: what the chair chooses from, the commitment held on approval, and the
/// "paid from" line. Registered in routes.swift as `app.requestFundLinks`.
struct RequestFunds: RequestFundLink {
    func choices(selected: String, req: Request) async throws -> [FormField.Option] {
        let totals = try await FundBalances.all(on: req.db)
        return try await Fund.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all().map { fund in
            let available = Money(halalas: (totals[try fund.requireID()] ?? .init()).available).formatted(req.language)
            return FormField.Option(value: try fund.requireID().uuidString, label: req.t("fund.choiceLabel", fund.name(in: req.language), available),
                                    selected: try fund.requireID().uuidString == selected)
        }
    }

    func commit(fundID: UUID, decision: RequestDecision, request: SupportRequest, file: Beneficiary, req: Request,
                on db: any Database) async throws -> String? {
        try await FundChecks.lock(fundID, on: db)
        guard let fund = try await Fund.find(fundID, on: db) else { return req.t("fund.error.choose") }
        let commitment = FundCommitment()
        commitment.fundID = fundID
        commitment.requestID = try request.requireID()
        commitment.beneficiaryID = try file.requireID()
        commitment.branchID = request.branchID
        commitment.decisionID = try decision.requireID()
        commitment.amount = decision.approvedAmount
        commitment.status = .committed
        commitment.createdBy = decision.decidedBy
        commitment.createdAt = req.now
        commitment.note = ""
        // Written first, then the balance read back with it counted: a rival decision cannot slip in between.
        try await commitment.create(on: db)
        var facts = try await FundChecks.facts(for: fund, on: db)
        facts.totals.committed -= commitment.amount
        if let refusal = try await FundChecks.refusal(facts, amount: commitment.amount, supportTypeID: request.$supportType.id,
                                                     categoryID: file.$category.id, on: db) {
            return FundChecks.message(refusal, req: req)
        }
        try await req.audit("money.commitment.create", record: ("fund_commitment", try commitment.requireID().uuidString),
                            detail: "fund=\(fund.code) request=\(request.trackingNumber ?? "") amount=\(commitment.amount)", on: db)
        return nil
    }

    func paidFrom(_ decision: RequestDecision, req: Request) async throws -> String? {
        guard let id = decision.fundID, let fund = try await Fund.find(id, on: req.db) else { return nil }
        return fund.name(in: req.language)
    }
}
