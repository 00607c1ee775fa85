import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 18, part C: fund balances and ledgers, the committee's choice of fund, zakat eligibility, the administrator's
/// funds and zakat categories.
@Suite("Funds")
struct FundTests {
    private func ar(_ t: TestContext, _ key: String, _ args: String...) -> String { t.app.lamasat.localizer.text(key, .ar, args) }

    /// A request of `crew` in committee review with two approving votes, on a meeting of its own, for a file of `category`.
    private func voted(_ crew: Crew, category: String = "widow", form: [String: String]? = nil) async throws -> (file: UUID, request: UUID, meeting: UUID) {
        let (file, id) = try await crew.inCommittee(fileForm: form)
        if category != "widow" {
            let other = try #require(try await BeneficiaryCategory.query(on: crew.t.db).filter(\.$code == category).first())
            try await Beneficiary.query(on: crew.t.db).filter(\.$id == file).set(\.$category.$id, to: other.requireID()).update()
        }
        let meeting = try await crew.meeting()
        #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
        #expect(try await crew.vote(1, meeting, id, .approve).status == .seeOther)
        try await crew.chair.get("/committee/\(meeting)")
        return (file, id, meeting)
    }

    private func decide(_ crew: Crew, _ meeting: UUID, _ id: UUID, amount: String = "4500", fund: String) async throws -> Browser.Page {
        try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": amount, "fundID": fund])
    }

    @Test("balances equal the sums by hand through gifts, a cancelled gift, an approval and a paid commitment; the ledger names no beneficiary")
    func balances() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let general = try await t.fund("general")
            try await t.giveCash(10_000, to: "general")
            let cancelled = try await t.giveCash(3_000, to: "general")
            cancelled.status = .cancelled
            try await cancelled.save(on: t.db)
            try await t.giveCash(700, to: "sadaqa")
            let (file, id, _) = try await crew.approved(amount: "4500")  // gives the general fund 100,000 first
            var totals = try await FundBalances.of(general.requireID(), on: t.db)
            #expect(totals == FundTotals(received: 11_000_000, committed: 450_000, paid: 0))
            #expect(totals.available == 10_550_000)
            let commitment = try #require(try await FundCommitment.query(on: t.db).filter(\.$requestID == id).first())
            #expect(commitment.fundID == general.id && commitment.amount == 450_000 && commitment.status == .committed && commitment.beneficiaryID == file)
            #expect(try await RequestDecision.query(on: t.db).filter(\.$requestID == id).first()?.fundID == general.id)
            #expect(try await t.auditEntries(action: "money.commitment.create").count == 1)
            commitment.status = .paid
            try await commitment.save(on: t.db)
            totals = try await FundBalances.of(general.requireID(), on: t.db)
            #expect(totals == FundTotals(received: 11_000_000, committed: 0, paid: 450_000))
            #expect(try await FundBalances.of(t.fund("sadaqa").requireID(), on: t.db).available == 70_000)

            let (finance, _) = try await t.signedIn(as: .financeOfficer)
            let list = try await finance.get("/funds")
            #expect(list.status == .ok && list.contains(Money(halalas: 10_550_000).formatted(.ar)) && list.contains(general.nameArabic))
            let ledger = try await finance.get("/funds/\(general.id!)")
            let tracking = try #require(try await crew.request(id).trackingNumber)
            let her = try #require(try await Beneficiary.find(file, on: t.db))
            #expect(ledger.status == .ok && ledger.contains(tracking) && ledger.contains(Money(halalas: 10_550_000).formatted(.ar)))
            #expect(!ledger.contains(her.nameFirst) && !ledger.contains(her.name.full))
            // The finance officer does not manage donors: no donor's name either.
            let donor = try #require(try await Donor.find(cancelled.donorID, on: t.db))
            #expect(!ledger.contains(donor.name))
            let (donors, _) = try await t.signedIn(as: .donorOfficer)
            #expect(try await donors.get("/funds/\(general.id!)").contains(donor.name))
            let csv = try await finance.get("/funds/\(general.id!)/export/ledger.csv")
            #expect(csv.status == .ok && csv.contains(tracking) && !csv.contains(her.nameFirst))
            // The request's page says where it is paid from.
            #expect(try await crew.manager.get("/requests/\(id)").contains(ar(t, "fund.paidFrom")))
        }
    }

    @Test("the zakat fund is refused for a dependant and accepted for a widow")
    func zakat() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            try await t.giveCash(20_000, to: "zakat")
            let zakat = try await t.fund("zakat").requireID().uuidString
            let (_, dependant, meeting) = try await voted(crew, category: "dependant")
            let refused = try await decide(crew, meeting, dependant, fund: zakat)
            #expect(refused.status == .unprocessableEntity && refused.contains(ar(t, "money.fund.refused.zakat")))
            #expect(try await crew.request(dependant).status == .committeeReview)
            #expect(try await RequestDecision.query(on: t.db).count() == 0)
            #expect(try await FundCommitment.query(on: t.db).count() == 0)
            #expect(try await t.auditEntries(action: "money.commitment.refused").count == 1)
            // The typed amount comes back.
            #expect(refused.contains("value=\"4500\""))

            let (_, widow, meeting2) = try await voted(crew, form: try await fileForm(t, id: "1000000008", mobile: "0551234567", first: "نورة"))
            #expect(try await decide(crew, meeting2, widow, fund: zakat).status == .seeOther)
            #expect(try await FundCommitment.query(on: t.db).filter(\.$requestID == widow).first()?.fundID == UUID(uuidString: zakat))
        }
    }

    @Test("a fund restricted to another support type, a closed fund and no fund at all are refused; nothing changes")
    func otherPurpose() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            try await t.giveCash(20_000, to: "school")
            let (_, id, meeting) = try await voted(crew)
            let school = try await t.fund("school")
            let refused = try await decide(crew, meeting, id, fund: school.requireID().uuidString)
            #expect(refused.status == .unprocessableEntity && refused.contains(ar(t, "money.fund.refused.purpose")))
            let none = try await crew.chair.post("/committee/\(meeting)/requests/\(id)/decide", ["outcome": "approve", "amount": "4500"])
            #expect(none.status == .unprocessableEntity && none.contains(ar(t, "fund.error.choose")))
            let general = try await t.fund("general")
            try await t.giveCash(20_000, to: "general")
            general.isActive = false
            try await general.save(on: t.db)
            #expect(try await decide(crew, meeting, id, fund: general.requireID().uuidString).contains(ar(t, "money.fund.refused.inactive")))
            #expect(try await crew.request(id).status == .committeeReview)
            #expect(try await RequestDecision.query(on: t.db).count() == 0)
            #expect(try await FundCommitment.query(on: t.db).count() == 0)
        }
    }

    @Test("a fund that cannot cover the amount is refused with what is available, and nothing is created")
    func insufficient() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            try await t.giveCash(1_000, to: "general")
            let (_, id, meeting) = try await voted(crew)
            // The decide form lists the fund with what is available in it.
            #expect(try await crew.chair.get("/committee/\(meeting)").contains(ar(t, "fund.choiceLabel", try await t.fund("general").nameArabic, Money(halalas: 100_000).formatted(.ar))))
            let refused = try await decide(crew, meeting, id, fund: try await t.fund("general").requireID().uuidString)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains(ar(t, "money.fund.refused.insufficient", Money(halalas: 100_000).formatted(.ar))))
            #expect(try await crew.request(id).status == .committeeReview)
            #expect(try await RequestDecision.query(on: t.db).count() == 0)
            #expect(try await FundCommitment.query(on: t.db).count() == 0)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "request-decision:\(id.uuidString)").count() == 0)
        }
    }

    @Test("two decisions racing on the last riyals of a fund: one commits, the other is refused")
    func race() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (_, first) = try await crew.inCommittee()
            let (_, second) = try await crew.inCommittee(fileForm: try await fileForm(t, id: "1000000008", mobile: "0551234567", first: "نورة"))
            let meeting = try await crew.meeting()
            for id in [first, second] {
                #expect(try await crew.vote(0, meeting, id, .approve).status == .seeOther)
                #expect(try await crew.vote(1, meeting, id, .approve).status == .seeOther)
            }
            try await crew.chair.get("/committee/\(meeting)")
            try await t.giveCash(5_000, to: "general")
            let general = try await t.fund("general").requireID()
            async let a = decide(crew, meeting, first, fund: general.uuidString)
            async let b = decide(crew, meeting, second, fund: general.uuidString)
            let statuses = [try await a.status, try await b.status]
            #expect(statuses.filter { $0 == .seeOther }.count == 1 && statuses.filter { $0 == .unprocessableEntity }.count == 1)
            #expect(try await FundCommitment.query(on: t.db).count() == 1)
            #expect(try await RequestDecision.query(on: t.db).count() == 1)
            #expect(try await FundBalances.of(general, on: t.db).available == 50_000)
        }
    }

    @Test("only the administrator edits funds; a researcher has no funds page; a donor officer gets 404 on the committee")
    func roles() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (donors, _) = try await t.signedIn(as: .donorOfficer)
            let general = try await t.fund("general")
            try await donors.get("/funds")
            #expect(try await donors.get("/admin/funds").status == .forbidden)
            #expect(try await donors.post("/admin/funds", ["code": "eid", "nameArabic": "كسوة العيد", "designation": "general"]).status == .forbidden)
            #expect(try await donors.post("/admin/funds/\(general.id!)/active").status == .forbidden)
            #expect(try await donors.post("/admin/zakat-categories", [:]).status == .forbidden)
            #expect(try await donors.post("/stock/adjust", [:]).status == .forbidden)
            let (researcher, _) = try await t.signedIn(as: .researcher, username: "r2")
            #expect(try await researcher.get("/funds").status == .forbidden)
            #expect(try await researcher.get("/funds/\(general.id!)").status == .forbidden)
            #expect(try await researcher.get("/stock").status == .forbidden)
            let meeting = try await crew.meeting()
            #expect(try await donors.get("/committee/\(meeting)").status == .notFound)
            #expect(try await t.fund("general").isActive)
        }
    }

    @Test("the administrator creates, edits and closes funds; a fund with money keeps its designation; all audited")
    func adminFunds() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await admin.get("/admin/funds/new").status == .ok)
            let bad = try await admin.post("/admin/funds", ["code": "eid", "nameArabic": "", "designation": "general", "supportType": "", "purpose": "كسوة"])
            #expect(bad.status == .unprocessableEntity && bad.contains("value=\"كسوة\""))
            let rent = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first())
            let notRestricted = try await admin.post("/admin/funds", ["code": "eid", "nameArabic": "كسوة العيد", "designation": "general", "supportType": rent.id!.uuidString])
            #expect(notRestricted.status == .unprocessableEntity && notRestricted.contains(ar(t, "fund.error.supportTypeOnlyRestricted")))
            #expect(try await Fund.query(on: t.db).filter(\.$code == "eid").count() == 0)
            #expect(try await admin.post("/admin/funds", ["code": "eid", "nameArabic": "كسوة العيد", "nameEnglish": "Eid clothes", "designation": "restricted",
                                                          "supportType": rent.id!.uuidString, "purpose": "كسوة العيد للأطفال"]).status == .seeOther)
            let eid = try #require(try await Fund.query(on: t.db).filter(\.$code == "eid").first())
            #expect(eid.designation == .restricted && eid.supportTypeID == rent.id && eid.isActive)
            #expect(try await t.auditEntries(action: "money.fund.create").count == 1)
            // No money yet: the designation may change.
            #expect(try await admin.post("/admin/funds/\(eid.id!)", ["nameArabic": "كسوة العيد", "designation": "sadaqa", "purpose": ""]).status == .seeOther)
            #expect(try await Fund.find(eid.id, on: t.db)?.designation == .sadaqa)
            // The general fund received a gift: its designation stays.
            try await t.giveCash(100, to: "general")
            let general = try await t.fund("general")
            let locked = try await admin.post("/admin/funds/\(general.id!)", ["nameArabic": general.nameArabic, "designation": "zakat", "purpose": ""])
            #expect(locked.status == .unprocessableEntity && locked.contains(ar(t, "fund.error.designationLocked")))
            #expect(try await t.fund("general").designation == .general)
            #expect(try await admin.post("/admin/funds/\(general.id!)/active").status == .seeOther)
            #expect(try await t.fund("general").isActive == false)
            #expect(try await t.auditEntries(action: "money.fund.update").count == 1)
            #expect(try await t.auditEntries(action: "money.fund.close").count == 1)
            #expect(try await admin.get("/admin/funds/\(UUID())").status == .notFound)
        }
    }

    @Test("the administrator marks the categories entitled to zakat; the rows record who and when, audited")
    func zakatCategories() async throws {
        try await withLamasat { t in
            let (admin, user) = try await t.signedIn(as: .admin)
            let page = try await admin.get("/admin/zakat-categories")
            let categories = try await BeneficiaryCategory.query(on: t.db).all()
            let widow = try #require(categories.first { $0.code == "widow" })
            let dependant = try #require(categories.first { $0.code == "dependant" })
            #expect(page.status == .ok && page.contains(dependant.nameArabic))
            #expect(try await admin.postMany("/admin/zakat-categories", [("categories[]", widow.id!.uuidString), ("categories[]", dependant.id!.uuidString)]).status == .seeOther)
            let rows = try await ZakatEligibleCategory.query(on: t.db).all()
            #expect(Set(rows.map(\.categoryID)) == [widow.id!, dependant.id!])
            #expect(rows.first { $0.categoryID == dependant.id }?.markedBy == user.id)
            #expect(try await t.auditEntries(action: "money.zakatCategories").count == 1)
            #expect(try await admin.postMany("/admin/zakat-categories", [("categories[]", dependant.id!.uuidString)]).status == .seeOther)
            #expect(try await FundBalances.zakatCategoryIDs(on: t.db) == [dependant.id!])
        }
    }
}
