import LamasatCore
import Testing

/// Issue 18: a fund's balance and what it may pay.
@Suite("Fund rules")
struct FundRulesTests {
    func fund(_ designation: Designation, available: Int64, only type: String? = nil, active: Bool = true) -> FundFacts {
        FundFacts(designation: designation, isActive: active, restrictedToSupportType: type,
                  totals: FundTotals(received: available + 30_000, committed: 20_000, paid: 10_000))
    }

    @Test("the balance is what was given less what is committed and what was paid")
    func balance() {
        #expect(FundTotals(received: 1_000_000, committed: 250_000, paid: 125_050).available == 624_950)
        #expect(FundTotals().available == 0)
        #expect(FundTotals(received: 100, committed: 80, paid: 50).available == -30)
    }

    @Test("a gift goes to a fund of its designation; sadaqa and general gifts share")
    func designationsFit() {
        #expect(Designation.zakat.fits(fund: .zakat) && !Designation.zakat.fits(fund: .general) && !Designation.zakat.fits(fund: .restricted))
        #expect(Designation.restricted.fits(fund: .restricted) && !Designation.restricted.fits(fund: .sadaqa))
        #expect(Designation.sadaqa.fits(fund: .general) && Designation.general.fits(fund: .sadaqa) && !Designation.general.fits(fund: .zakat))
    }

    @Test("zakat pays only the categories marked as entitled")
    func zakat() {
        let zakat = fund(.zakat, available: 1_000_000)
        #expect(FundRule.check(zakat, amount: 50_000, supportType: "rent", category: "widow", zakatCategories: ["widow", "divorced"]) == nil)
        #expect(FundRule.check(zakat, amount: 50_000, supportType: "rent", category: "dependant", zakatCategories: ["widow", "divorced"]) == .notZakatEligible)
        #expect(FundRule.check(fund(.general, available: 1_000_000), amount: 50_000, supportType: "rent", category: "dependant",
                               zakatCategories: []) == nil)
    }

    @Test("a restricted fund pays only its support type; a closed fund pays nothing")
    func restricted() {
        let rent = fund(.restricted, available: 1_000_000, only: "rent")
        #expect(FundRule.check(rent, amount: 1, supportType: "rent", category: "widow", zakatCategories: []) == nil)
        #expect(FundRule.check(rent, amount: 1, supportType: "bills", category: "widow", zakatCategories: []) == .otherPurpose)
        #expect(FundRule.check(fund(.general, available: 1_000_000, active: false), amount: 1, supportType: "rent", category: "widow",
                               zakatCategories: []) == .inactive)
    }

    @Test("an amount above the balance is refused with what is left; the exact balance is allowed")
    func cover() {
        let general = fund(.general, available: 450_000)
        #expect(FundRule.check(general, amount: 450_000, supportType: "rent", category: "widow", zakatCategories: []) == nil)
        #expect(FundRule.check(general, amount: 450_001, supportType: "rent", category: "widow", zakatCategories: []) == .insufficient(available: 450_000))
        let overdrawn = FundFacts(designation: .general, isActive: true, restrictedToSupportType: nil, totals: FundTotals(received: 0, committed: 5, paid: 0))
        #expect(FundRule.check(overdrawn, amount: 1, supportType: "rent", category: "widow", zakatCategories: []) == .insufficient(available: 0))
    }

    @Test("a batch is locked from approval on")
    func batchLock() {
        #expect(!PaymentBatchStatus.draft.isLocked && !PaymentBatchStatus.submitted.isLocked)
        #expect(PaymentBatchStatus.approved.isLocked && PaymentBatchStatus.exported.isLocked && PaymentBatchStatus.closed.isLocked)
    }
}

@Suite("Money roles")
struct MoneyRolesTests {
    @Test("the donor and finance roles hold no permission of beneficiary work, and are the only money-only roles")
    func moneyRolesSeeNoFiles() {
        for role in [Role.donorOfficer, .financeOfficer] {
            #expect(RolePermissions.permissions(of: role).isDisjoint(with: Permission.beneficiaryWork), "\(role)")
            #expect(role.worksWithMoneyOnly)
        }
        #expect(Role.allCases.filter(\.worksWithMoneyOnly) == [.donorOfficer, .financeOfficer])
        #expect(RolePermissions.allows(.donorOfficer, .manageDonors) && !RolePermissions.allows(.financeOfficer, .manageDonors))
        #expect(RolePermissions.allows(.financeOfficer, .preparePayments) && !RolePermissions.allows(.donorOfficer, .preparePayments))
        #expect(RolePermissions.roles(without: .manageFunds) == Role.allCases.filter { $0 != .admin })
    }
}
