import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 18, part A: recording gifts (cash and items) with their receipt in one transaction, the fund and
/// designation rules, thanks only with consent, the gifts list and its exact totals, and cancellation with its refusals.
@Suite("Donation recording", .serialized)
struct DonationRecordingTests {
    static func cash(_ fund: Fund, amount: String = "1,250.50", method: String = "bankTransfer", reference: String = "TRX-88", designation: String? = nil,
                     day: String = "", thank: Bool = false) -> [String: String] {
        var form = ["kind": "cash", "method": method, "amount": amount, "reference": reference, "receivedOn": day, "calendar": "gregorian",
                    "designation": designation ?? fund.designation.rawValue, "fund": fund.id!.uuidString, "pledge": "", "note": ""]
        if thank { form["thank"] = "on" }
        return form
    }

    func today(_ t: TestContext) -> String { CalendarDay.today(t.clock.now()).description }

    /// A donor officer, a donor of HQ, the general fund and the food basket.
    static func scene(_ t: TestContext) async throws -> (Browser, Donor, Fund, StockItem) {
        let donor = try await t.makeDonor()
        let general = try await t.fund("general")
        let basket = try #require(try await StockItem.query(on: t.db).filter(\.$code == "food_basket").first())
        let (officer, _) = try await t.signedIn(as: .donorOfficer)
        return (officer, donor, general, basket)
    }

    /// A cash gift of `riyals` to the general fund and four food baskets, recorded through the form.
    static func twoGifts(_ t: TestContext, _ officer: Browser, donor: Donor, general: Fund, basket: StockItem, riyals: String) async throws -> (Donation, Donation) {
        let path = "/donors/\(donor.id!.uuidString)/donations/new"
        let day = CalendarDay.today(t.clock.now()).description
        try await officer.get(path)
        #expect(try await officer.post(path, Self.cash(general, amount: riyals, day: day)).status == .seeOther)
        #expect(try await officer.post(path, ["kind": "inKind", "designation": "general", "receivedOn": day, "calendar": "gregorian",
                                              "item0": basket.id!.uuidString, "quantity0": "4", "unitValue0": "100"]).status == .seeOther)
        let cash = try #require(try await Donation.query(on: t.db).filter(\.$kind == .cash).first())
        let items = try #require(try await Donation.query(on: t.db).filter(\.$kind == .inKind).first())
        return (cash, items)
    }

    @Test("a cash gift gets its receipt number in the same step, counts in its fund in exact halalas, and is audited")
    func cashGift() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor()
            let general = try await t.fund("general")
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let path = "/donors/\(donor.id!.uuidString)/donations/new"
            try await officer.get(path)
            for amount in ["0.10", "0.20", "١٬٢٥٠٫٥٠"] {
                #expect(try await officer.post(path, Self.cash(general, amount: amount, day: today(t))).status == .seeOther)
            }
            let gifts = try await Donation.query(on: t.db).all()
            #expect(gifts.map(\.amount).sorted() == [10, 20, 125_050])
            #expect(try await FundBalances.of(general.id!, on: t.db).received == 125_080)
            let receipts = try await Receipt.query(on: t.db).all()
            #expect(receipts.count == 3 && Set(receipts.map(\.donationID)) == Set(gifts.compactMap(\.id)))
            #expect(receipts.allSatisfy { $0.number.hasPrefix("RC-") && $0.status == .valid })
            let page = try await officer.get("/donations/\(gifts[0].id!.uuidString)")
            let receipt = try #require(receipts.first { $0.donationID == gifts[0].id })
            #expect(page.contains(receipt.number) && page.contains("/receipts/\(receipt.id!.uuidString)"))
            #expect(try await t.auditEntries(action: "money.donation.recorded").count == 3)
            // The list's total is the sum of every filtered row, to the halala.
            let list = try await officer.get("/donations?fund=\(general.id!.uuidString)")
            #expect(list.contains("1,250.80"))
        }
    }

    @Test("a zakat gift to the general fund, a missing reference for a transfer, a future day and a zero amount are refused and nothing is written")
    func refusals() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor()
            let general = try await t.fund("general"), rent = try await t.fund("rent")
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let path = "/donors/\(donor.id!.uuidString)/donations/new"
            try await officer.get(path)
            let mismatch = try await officer.post(path, Self.cash(general, designation: "zakat", day: today(t)))
            #expect(mismatch.status == .unprocessableEntity && mismatch.contains(#"id="field-fund-error""#) && mismatch.contains("1,250.50"))
            let restricted = try await officer.post(path, Self.cash(general, designation: "restricted", day: today(t)))
            #expect(restricted.status == .unprocessableEntity && restricted.contains(#"id="field-fund-error""#))
            #expect(try await officer.post(path, Self.cash(rent, designation: "restricted", day: today(t))).status == .seeOther)
            let noReference = try await officer.post(path, Self.cash(general, method: "cardTerminal", reference: "", day: today(t)))
            #expect(noReference.status == .unprocessableEntity && noReference.contains(#"id="field-reference-error""#))
            #expect(try await officer.post(path, Self.cash(general, method: "cash", reference: "", day: today(t))).status == .seeOther)
            let tomorrow = PledgeSchedule.adding(days: 1, to: CalendarDay.today(t.clock.now())).description
            let future = try await officer.post(path, Self.cash(general, day: tomorrow))
            #expect(future.status == .unprocessableEntity && future.contains(#"id="field-receivedOn-error""#))
            let zero = try await officer.post(path, Self.cash(general, amount: "0", day: today(t)))
            #expect(zero.status == .unprocessableEntity && zero.contains(#"id="field-amount-error""#))
            let closed = try await t.fund("sadaqa")
            closed.isActive = false
            try await closed.save(on: t.db)
            #expect(try await officer.post(path, Self.cash(closed, day: today(t))).status == .unprocessableEntity)
            let (gifts, receipts) = (try await Donation.query(on: t.db).count(), try await Receipt.query(on: t.db).count())
            #expect(gifts == 2 && receipts == 2)
        }
    }

    @Test("a Hijri day is stored as its Gregorian day")
    func hijriDay() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor()
            let general = try await t.fund("general")
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let path = "/donors/\(donor.id!.uuidString)/donations/new"
            try await officer.get(path)
            let yesterday = PledgeSchedule.adding(days: -1, to: CalendarDay.today(t.clock.now()))
            var form = Self.cash(general, day: yesterday.hijri)
            form["calendar"] = "hijri"
            #expect(try await officer.post(path, form).status == .seeOther)
            #expect(try await Donation.query(on: t.db).first()?.receivedOn == yesterday.description)
        }
    }

    @Test("an in-kind gift is worth the sum of its lines and adds each item to the branch's stock")
    func inKind() async throws {
        try await withLamasat { t in
            let donor = try await t.makeDonor()
            let basket = try #require(try await StockItem.query(on: t.db).filter(\.$code == "food_basket").first())
            let bag = try #require(try await StockItem.query(on: t.db).filter(\.$code == "school_bag").first())
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let path = "/donors/\(donor.id!.uuidString)/donations/new"
            try await officer.get(path)
            let tooMany = try await officer.post(path, ["kind": "inKind", "designation": "general", "receivedOn": today(t), "calendar": "gregorian",
                                                         "item0": basket.id!.uuidString, "quantity0": "100001", "unitValue0": "250"])
            #expect(tooMany.status == .unprocessableEntity && tooMany.contains(#"id="field-quantity0-error""#))
            let saved = try await officer.post(path, ["kind": "inKind", "designation": "general", "receivedOn": today(t), "calendar": "gregorian",
                                                       "item0": basket.id!.uuidString, "quantity0": "١٠", "unitValue0": "250.10",
                                                       "item1": bag.id!.uuidString, "quantity1": "3", "unitValue1": "0.20"])
            #expect(saved.status == .seeOther)
            let gift = try #require(try await Donation.query(on: t.db).first())
            #expect(gift.kind == .inKind && gift.amount == 10 * 25_010 + 3 * 20 && gift.fundID == nil && gift.method == .none)
            #expect(try await DonationItem.query(on: t.db).count() == 2)
            #expect(try await DonationRecording.stock(basket.id!, branch: donor.branchID, on: t.db) == 10)
            #expect(try await DonationRecording.stock(bag.id!, branch: donor.branchID, on: t.db) == 3)
            #expect(try await StockMovement.query(on: t.db).all().allSatisfy { $0.kind == .received && $0.donationID == gift.id })
            #expect(try await Receipt.query(on: t.db).count() == 1)
            // Nothing to give is refused.
            let empty = try await officer.post(path, ["kind": "inKind", "designation": "general", "receivedOn": today(t), "calendar": "gregorian"])
            #expect(empty.status == .unprocessableEntity && empty.contains(#"id="field-item0-error""#))
        }
    }

    @Test("a thank-you goes on her channel only with her consent; a phone donor is listed to thank by phone")
    func thanks() async throws {
        try await withLamasat { t in
            let willing = try await t.makeDonor(mobile: "+966551230001")
            let silent = try await t.makeDonor("هيا ناصر", mobile: "+966551230002", consents: false)
            let caller = try await t.makeDonor("فهد الدوسري", mobile: "+966551230003")
            caller.preferredChannel = .phone
            try await caller.save(on: t.db)
            let general = try await t.fund("general")
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            for donor in [willing, silent, caller] {
                let path = "/donors/\(donor.id!.uuidString)/donations/new"
                let form = try await officer.get(path)
                #expect(form.contains(#"name="thank""#) == donor.consentsToContact)
                #expect(try await officer.post(path, Self.cash(general, day: today(t), thank: true)).status == .seeOther)
            }
            let messages = try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "donation").all()
            #expect(messages.count == 1 && messages[0].recipient == "+966551230001" && messages[0].channel == .sms)
            let receipt = try #require(try await Receipt.query(on: t.db).all().first { r in messages[0].relatedID == r.donationID.uuidString })
            #expect(messages[0].body.contains(receipt.number) && messages[0].body.contains("1,250.50"))
            let byPhone = try await officer.get("/donations?thank=phone")
            #expect(byPhone.contains("فهد الدوسري") && !byPhone.contains("هيا ناصر"))
        }
    }

    @Test("cancelling needs a reason; it cancels the receipt (number kept), leaves the fund and reverses the items' stock")
    func cancel() async throws {
        try await withLamasat { t in
            let (officer, donor, general, basket) = try await Self.scene(t)
            let (cash, items) = try await Self.twoGifts(t, officer, donor: donor, general: general, basket: basket, riyals: "500")
            try await officer.get("/donations/\(cash.id!.uuidString)")
            let noReason = try await officer.post("/donations/\(cash.id!.uuidString)/cancel", ["reason": ""])
            #expect(noReason.status == .unprocessableEntity && noReason.contains(#"id="field-reason-error""#))
            #expect(try await Donation.find(cash.id, on: t.db)?.status == .received)
            #expect(try await officer.post("/donations/\(cash.id!.uuidString)/cancel", ["reason": "سُجل مرتين"]).status == .seeOther)
            let receipt = try #require(try await Receipt.query(on: t.db).filter(\.$donationID == cash.id!).first())
            #expect(receipt.status == .cancelled && receipt.cancelReason == "سُجل مرتين" && receipt.number.hasPrefix("RC-") && receipt.cancelledAt != nil)
            #expect(try await FundBalances.of(general.id!, on: t.db).received == 0)
            #expect(try await officer.post("/donations/\(cash.id!.uuidString)/cancel", ["reason": "مرة أخرى"]).status == .unprocessableEntity)
            #expect(try await officer.post("/donations/\(items.id!.uuidString)/cancel", ["reason": "خطأ"]).status == .seeOther)
            #expect(try await DonationRecording.stock(basket.id!, branch: donor.branchID, on: t.db) == 0)
            #expect(try await StockMovement.query(on: t.db).filter(\.$kind == .adjusted).first()?.quantity == -4)
            #expect(try await t.auditEntries(action: "money.donation.cancelled").count == 2)
        }
    }

    @Test("cancelling is refused when the fund already committed the money or the branch already issued the items; nothing changes")
    func cancelRefused() async throws {
        try await withLamasat { t in
            let (officer, donor, general, basket) = try await Self.scene(t)
            let (cash, items) = try await Self.twoGifts(t, officer, donor: donor, general: general, basket: basket, riyals: "1000")
            let commitment = FundCommitment()
            commitment.fundID = general.id!
            commitment.requestID = UUID()
            commitment.beneficiaryID = UUID()
            commitment.branchID = donor.branchID
            commitment.amount = 60_000
            commitment.status = .committed
            commitment.createdBy = UUID()
            commitment.createdAt = t.clock.now()
            commitment.note = ""
            try await commitment.create(on: t.db)
            let issued = StockMovement()
            issued.itemID = basket.id!
            issued.branchID = donor.branchID
            issued.kind = .issued
            issued.quantity = -3
            issued.note = ""
            issued.recordedBy = UUID()
            issued.recordedAt = t.clock.now()
            try await issued.create(on: t.db)
            try await officer.get("/donations/\(cash.id!.uuidString)")
            let fund = try await officer.post("/donations/\(cash.id!.uuidString)/cancel", ["reason": "خطأ"])
            #expect(fund.status == .unprocessableEntity && fund.contains("400.00") && fund.contains("خطأ"))
            let stock = try await officer.post("/donations/\(items.id!.uuidString)/cancel", ["reason": "خطأ"])
            #expect(stock.status == .unprocessableEntity && stock.contains(#"id="field-reason-error""#))
            #expect(try await Donation.query(on: t.db).filter(\.$status == .cancelled).count() == 0)
            #expect(try await Receipt.query(on: t.db).filter(\.$status == .cancelled).count() == 0)
            #expect(try await StockMovement.query(on: t.db).filter(\.$kind == .adjusted).count() == 0)
            #expect(try await t.auditEntries(action: "money.donation.cancelRefused").count == 2)
        }
    }
}
