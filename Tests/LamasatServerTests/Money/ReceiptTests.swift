import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 18, part B: receipts printed with the amount in words and both calendars, cancelled (the number stays) and
/// given again under a new number, sent by a fresh link only to a donor who consented, opened by the donor on a
/// rate-limited public page, and numbered without a gap or a twin under concurrent issue.
@Suite("Receipts", .serialized)
struct ReceiptTests {
    /// A gift of 1,250.50 riyals to the general fund and its receipt, issued by `staff`; returns the link token too.
    private func receipted(_ t: TestContext, by staff: UUID, donor: Donor? = nil) async throws -> (Donation, Receipt, String) {
        let donation = try await t.giveCash(1_250, to: "general", from: donor)
        donation.amount = 125_050
        donation.reference = "TRX-778812"
        try await donation.save(on: t.db)
        let (receipt, token) = try await t.db.transaction { db in try await Receipt.issue(for: donation, by: staff, at: t.clock.now(), on: db) }
        return (donation, receipt, token)
    }

    @Test("a receipt prints its number, the amount in figures and words, both calendars, the licence number, fund, method and reference")
    func printed() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .donorOfficer)
            let donor = try await t.makeDonor("عبدالله محمد السالم", anonymous: true)
            let (_, receipt, _) = try await receipted(t, by: user.id!, donor: donor)
            let licence = try await OrganizationSettings.current(on: t.db).licenceNumber
            let dates = DualCalendarFormatter(language: .ar).date(receipt.issuedAt)
            for path in ["/receipts/\(receipt.id!.uuidString)", "/receipts/\(receipt.id!.uuidString)/small"] {
                let page = try await officer.get(path)
                #expect(page.status == .ok)
                #expect(page.contains(receipt.number) && page.contains("1,250.50"))
                #expect(page.contains("فقط ألف ومئتان وخمسون ريالًا وخمسون هللة لا غير"))
                #expect(page.contains(dates.gregorian) && page.contains(dates.hijri))
                #expect(page.contains(licence) && page.contains("TRX-778812") && page.contains("تحويل بنكي"))
                // The receipt is hers: her name is printed even though she is anonymous in reports.
                #expect(page.contains("عبدالله محمد السالم") && !page.contains("ملغى"))
            }
            let english = try await officer.get("/receipts/\(receipt.id!.uuidString)?lang=en")
            #expect(english.contains("One thousand two hundred fifty riyals and fifty halalas only"))
            #expect(try await t.auditEntries(action: "money.receipt.printed").count == 3)
        }
    }

    @Test("cancelling needs a reason and keeps the number; a reissue gets a new number; a cancelled gift gets none")
    func cancelAndReissue() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .donorOfficer)
            let (donation, receipt, _) = try await receipted(t, by: user.id!)
            let id = receipt.id!.uuidString
            _ = try await officer.get("/receipts/\(id)")
            #expect(try await officer.post("/receipts/\(id)/reissue").status == .unprocessableEntity)
            let noReason = try await officer.post("/receipts/\(id)/cancel", ["reason": "  "])
            #expect(noReason.status == .unprocessableEntity && noReason.contains("اكتبي سبب الإلغاء"))
            #expect(try await Receipt.find(receipt.id, on: t.db)?.status == .valid)

            let cancelled = try await officer.post("/receipts/\(id)/cancel", ["reason": "كُتب المبلغ خطأً"])
            #expect(cancelled.status == .seeOther)
            let stored = try #require(try await Receipt.find(receipt.id, on: t.db))
            #expect(stored.status == .cancelled && stored.number == receipt.number && stored.cancelReason == "كُتب المبلغ خطأً")
            let shown = try await officer.get("/receipts/\(id)")
            #expect(shown.contains("ملغى") && shown.contains("كُتب المبلغ خطأً") && shown.contains(receipt.number))
            #expect(try await officer.post("/receipts/\(id)/cancel", ["reason": "مرة ثانية"]).status == .unprocessableEntity)

            let reissued = try await officer.post("/receipts/\(id)/reissue")
            #expect(reissued.status == .seeOther)
            let newID = try #require(reissued.location.flatMap { UUID(uuidString: String($0.split(separator: "/").last?.split(separator: "?").first ?? "")) })
            let fresh = try #require(try await Receipt.find(newID, on: t.db))
            #expect(fresh.number != receipt.number && fresh.status == .valid && fresh.donationID == donation.id)
            #expect(Self.sequence(fresh.number) > Self.sequence(receipt.number))
            #expect(try await t.auditEntries(action: "money.receipt.cancelled").count == 1)
            #expect(try await t.auditEntries(action: "money.receipt.reissued").first?.detail?.contains(receipt.number) == true)

            // The gift itself cancelled: its cancelled receipt is not given again.
            _ = try await officer.post("/receipts/\(newID.uuidString)/cancel", ["reason": "أُلغي التبرع"])
            donation.status = .cancelled
            try await donation.save(on: t.db)
            let refused = try await officer.post("/receipts/\(newID.uuidString)/reissue")
            #expect(refused.status == .unprocessableEntity && refused.contains("التبرع نفسه ملغى"))
            #expect(try await Receipt.query(on: t.db).filter(\.$donationID == donation.id!).count() == 2)
        }
    }

    static func sequence(_ number: String) -> Int { Int(number.split(separator: "-").last ?? "") ?? -1 }

    @Test("sending needs her consent; it rotates the link (the old link is 404) and queues an SMS with the new one")
    func sendRotates() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .donorOfficer)
            let silent = try await t.makeDonor("منيرة الصامتة", mobile: "+966505550077", consents: false)
            let (_, quiet, _) = try await receipted(t, by: user.id!, donor: silent)
            _ = try await officer.get("/receipts/\(quiet.id!.uuidString)")
            let refused = try await officer.post("/receipts/\(quiet.id!.uuidString)/send")
            #expect(refused.status == .unprocessableEntity && refused.contains("لم يوافق المتبرع على التواصل"))
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "receipt").count() == 0)
            #expect(try await Receipt.find(quiet.id, on: t.db)?.tokenHash == quiet.tokenHash)

            let donor = try await t.makeDonor("سارة الموافقة", mobile: "+966505550088")
            let (_, receipt, oldToken) = try await receipted(t, by: user.id!, donor: donor)
            let visitor = t.browser(address: "203.0.113.40")
            #expect(try await visitor.get("/receipt/\(oldToken)").status == .ok)
            let sent = try await officer.post("/receipts/\(receipt.id!.uuidString)/send")
            #expect(sent.status == .seeOther)
            let message = try #require(try await OutboxMessage.query(on: t.db).filter(\.$relatedType == "receipt").first())
            #expect(message.channel == .sms && message.recipient == "+966505550088" && message.body.contains(receipt.number))
            let newToken = try #require(message.body.components(separatedBy: "/receipt/").last)
            #expect(newToken != oldToken && !newToken.isEmpty)
            #expect(try await visitor.get("/receipt/\(oldToken)").status == .notFound)
            let opened = try await visitor.get("/receipt/\(newToken)")
            #expect(opened.status == .ok && opened.contains(receipt.number) && opened.contains("سارة الموافقة"))
            #expect(try await Receipt.find(receipt.id, on: t.db)?.sentAt != nil)
            #expect(try await t.auditEntries(action: "money.receipt.sent").count == 1)
        }
    }

    @Test("the public link shows فاعل خير for an anonymous donor, says ملغى when cancelled, 404s unknown tokens and is rate-limited")
    func publicLink() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .donorOfficer)
            let donor = try await t.makeDonor("هند المخفية", anonymous: true)
            let (_, receipt, token) = try await receipted(t, by: user.id!, donor: donor)
            let visitor = t.browser(address: "203.0.113.41")
            let page = try await visitor.get("/receipt/\(token)")
            #expect(page.status == .ok && page.contains("فاعل خير") && !page.contains("هند المخفية") && page.contains(receipt.number))
            #expect(page.contains("فقط ألف ومئتان وخمسون ريالًا وخمسون هللة لا غير"))
            _ = try await officer.get("/receipts/\(receipt.id!.uuidString)")
            _ = try await officer.post("/receipts/\(receipt.id!.uuidString)/cancel", ["reason": "مكرر"])
            #expect(try await visitor.get("/receipt/\(token)").contains("ملغى"))
            #expect(try await visitor.get("/receipt/not-a-token").status == .notFound)
            #expect(try await t.auditEntries(action: "money.receipt.publicViewed").count == 3)

            let crowd = t.browser(address: "203.0.113.42")
            for _ in 0..<ReceiptPublicController.perHour { _ = try await crowd.get("/receipt/nothing") }
            #expect(try await crowd.get("/receipt/\(token)").status == .tooManyRequests)
            #expect(try await visitor.get("/receipt/\(token)").status == .ok)
        }
    }

    @Test("40 receipts issued at once, each in its own transaction, get distinct consecutive numbers")
    func concurrentNumbers() async throws {
        try await withLamasat { t in
            let (_, user) = try await t.signedIn(as: .donorOfficer)
            let donor = try await t.makeDonor()
            var gifts: [Donation] = []
            for _ in 0..<40 { gifts.append(try await t.giveCash(10, to: "general", from: donor)) }
            let db = t.db, now = t.clock.now(), staff = user.id!
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for gift in gifts {
                    group.addTask { try await db.transaction { try await Receipt.issue(for: gift, by: staff, at: now, on: $0).receipt.number } }
                }
                var all: [String] = []
                for try await number in group { all.append(number) }
                return all
            }
            #expect(Set(numbers).count == 40)
            let sequences = numbers.map(Self.sequence).sorted()
            #expect(sequences.last! - sequences.first! == 39)
            #expect(try await Receipt.query(on: t.db).count() == 40)
        }
    }

    @Test("the list finds receipts by number, donor and amount, and filters by status")
    func list() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .donorOfficer)
            let (_, first, _) = try await receipted(t, by: user.id!, donor: try await t.makeDonor("نورة العطاء", mobile: "+966505550101"))
            let other = try await t.giveCash(75, to: "sadaqa", from: try await t.makeDonor("ريم الخير", mobile: "+966505550102"))
            let (second, _) = try await t.db.transaction { try await Receipt.issue(for: other, by: user.id!, at: t.clock.now(), on: $0) }
            let all = try await officer.get("/receipts")
            #expect(all.status == .ok && all.contains(first.number) && all.contains(second.number))
            let byName = try await officer.get("/receipts?q=%D9%86%D9%88%D8%B1%D8%A9")
            #expect(byName.contains(first.number) && !byName.contains(second.number))
            let byAmount = try await officer.get("/receipts?q=75")
            #expect(byAmount.contains(second.number) && !byAmount.contains(first.number))
            let byNumber = try await officer.get("/receipts?q=\(second.number)")
            #expect(byNumber.contains(second.number) && !byNumber.contains(first.number))
            _ = try await officer.post("/receipts/\(second.id!.uuidString)/cancel", ["reason": "خطأ"])
            let cancelled = try await officer.get("/receipts?status=cancelled")
            #expect(cancelled.contains(second.number) && !cancelled.contains(first.number))
            let badDay = try await officer.get("/receipts?from=yesterday")
            #expect(badDay.status == .ok && badDay.contains("اكتبي التاريخ بالميلادي"))
        }
    }

    @Test("a relations officer is refused (403); a donor officer of another branch gets 404 on every receipt route")
    func access() async throws {
        try await withLamasat { t in
            let (officer, user) = try await t.signedIn(as: .donorOfficer)
            let (_, receipt, _) = try await receipted(t, by: user.id!)
            let id = receipt.id!.uuidString
            _ = officer
            let (relations, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await relations.get("/receipts").status == .forbidden)
            #expect(try await relations.get("/receipts/\(id)").status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .donorOfficer, username: "jed.donors", branch: jeddah, scope: .ownBranch)
            let list = try await other.get("/receipts")
            #expect(list.status == .ok && !list.contains(receipt.number))
            #expect(try await other.get("/receipts/\(id)").status == .notFound)
            #expect(try await other.get("/receipts/\(id)/small").status == .notFound)
            #expect(try await other.post("/receipts/\(id)/send").status == .notFound)
            #expect(try await other.post("/receipts/\(id)/cancel", ["reason": "x"]).status == .notFound)
            #expect(try await other.post("/receipts/\(id)/reissue").status == .notFound)
            #expect(try await Receipt.find(receipt.id, on: t.db)?.status == .valid)
        }
    }
}
