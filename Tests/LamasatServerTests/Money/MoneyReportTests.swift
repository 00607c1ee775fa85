import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 18, part B: the money reports' figures equal sums worked out by hand over a seeded set, a cancelled gift
/// counts nowhere, an anonymous donor is never named, and a reader of one branch sees her branch's gifts.
@Suite("Money reports", .serialized)
struct MoneyReportTests {
    /// March 2026 against the 31 days before it (29 January – 28 February).
    static let march = "/reports/donations?from=2026-03-01&to=2026-03-31"

    @discardableResult
    private func gift(_ t: TestContext, _ riyals: Int64, to fund: String, from donor: Donor, on day: String,
                      method: DonationMethod = .bankTransfer, status: DonationStatus = .received) async throws -> Donation {
        let donation = try await t.giveCash(riyals, to: fund, from: donor, method: method)
        donation.receivedOn = day
        donation.status = status
        try await donation.save(on: t.db)
        return donation
    }

    /// Sara gave in December, February and March; an anonymous donor in March; Lama in February only; Dana's March
    /// gift was cancelled; Reem gave items worth 250 riyals in March.
    private func seed(_ t: TestContext) async throws {
        let sara = try await t.makeDonor("سارة المتبرعة", mobile: "+966505550201")
        let hidden = try await t.makeDonor("هند المخفية", mobile: "+966505550202", anonymous: true)
        let lama = try await t.makeDonor("لمى المنقطعة", mobile: "+966505550203")
        let dana = try await t.makeDonor("دانة الملغاة", mobile: "+966505550204")
        let reem = try await t.makeDonor("ريم العينية", mobile: "+966505550205")
        try await gift(t, 100, to: "general", from: sara, on: "2025-12-01")
        try await gift(t, 500, to: "zakat", from: sara, on: "2026-02-10", method: .cash)
        try await gift(t, 1_000, to: "general", from: sara, on: "2026-03-05")
        try await gift(t, 2_000, to: "sadaqa", from: hidden, on: "2026-03-10", method: .cardTerminal)
        try await gift(t, 300, to: "general", from: lama, on: "2026-02-15")
        try await gift(t, 7_000, to: "general", from: dana, on: "2026-03-12", status: .cancelled)
        let items = Donation()
        items.donorID = reem.id!
        items.branchID = reem.branchID
        items.kind = .inKind
        items.method = .none
        items.amount = 25_000
        items.designation = .general
        items.receivedOn = "2026-03-20"
        items.reference = ""
        items.note = ""
        items.status = .received
        items.cancelReason = ""
        items.recordedBy = UUID()
        items.recordedAt = t.clock.now()
        try await items.create(on: t.db)
    }

    private func cells(_ page: Browser.Page, table id: String) -> String {
        // The section of one table, up to the next section.
        guard let start = page.body.range(of: "id=\"\(id)\"") else { return "" }
        let rest = page.body[start.upperBound...]
        let end = rest.range(of: "<section")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("gifts by month, designation and method, top donors and retention equal the hand-computed figures")
    func figures() async throws {
        try await withLamasat { t in
            try await seed(t)
            let (officer, _) = try await t.signedIn(as: .donorOfficer)
            let page = try await officer.get(Self.march)
            #expect(page.status == .ok)
            // March: cash 1,000 + 2,000; items 250; Dana's cancelled 7,000 nowhere.
            let month = cells(page, table: "by-month")
            #expect(month.contains("3,000.00") && month.contains("250.00") && month.contains("3,250.00"))
            #expect(!page.contains("7,000.00") && !page.contains("10,250.00"))
            // General: 1,000 cash + 250 items (2 gifts); sadaqa 2,000; zakat nothing in March.
            let designation = cells(page, table: "by-designation")
            #expect(designation.contains("1,250.00") && designation.contains("2,000.00") && designation.contains("62%") && designation.contains("38%"))
            let method = cells(page, table: "by-method")
            #expect(method.contains("1,000.00") && method.contains("2,000.00") && method.contains("250.00"))
            // The anonymous donor tops the list as فاعل خير, never by name.
            let top = cells(page, table: "top-donors")
            #expect(top.contains("فاعل خير") && top.contains("سارة المتبرعة") && top.contains("ريم العينية"))
            #expect(!page.contains("هند المخفية") && !page.contains("دانة الملغاة") && !top.contains("لمى المنقطعة"))
            // Before: Sara, Lama. Now: Sara, the anonymous donor, Reem. New 2, retained 1, lapsed 1, rate 50%.
            let retention = cells(page, table: "retention")
            #expect(retention.contains(">2<") && retention.contains(">3<") && retention.contains(">1<") && retention.contains("50%"))
            // Fund balances are today's, association-wide: general 100 + 1,000 + 300; zakat 500; sadaqa 2,000.
            let funds = cells(page, table: "fund-balances")
            #expect(funds.contains("1,400.00") && funds.contains("500.00") && funds.contains("3,900.00"))
            #expect(page.contains("<svg class=\"bars\""))
            #expect(try await t.auditEntries(action: "report.viewed").contains { $0.detail?.contains("/reports/donations") == true })
        }
    }

    @Test("each table downloads as CSV and XLSX; the top donors' file names no anonymous donor")
    func exports() async throws {
        try await withLamasat { t in
            try await seed(t)
            let (manager, _) = try await t.signedIn(as: .manager)
            let csv = try await manager.get("/reports/donations/export/top-donors.csv?from=2026-03-01&to=2026-03-31")
            #expect(csv.status == .ok && csv.contains("فاعل خير") && !csv.contains("هند المخفية"))
            let month = try await manager.get("/reports/donations/export/by-month.csv?from=2026-03-01&to=2026-03-31")
            #expect(month.status == .ok && month.contains("3250"))
            let workbook = try await manager.get("/reports/donations/export/all.xlsx?from=2026-03-01&to=2026-03-31")
            #expect(workbook.status == .ok && workbook.bytes.starts(with: [0x50, 0x4B]))
        }
    }

    @Test("a donor officer of one branch sees her branch's gifts only; a researcher is refused")
    func scopeAndRoles() async throws {
        try await withLamasat { t in
            try await seed(t)
            let jeddah = try await t.makeBranch("JED")
            let local = try await t.makeDonor("أمل الجداوية", mobile: "+966505550301", branch: jeddah)
            try await gift(t, 640, to: "general", from: local, on: "2026-03-08")
            let (other, _) = try await t.signedIn(as: .donorOfficer, username: "jed.donors", branch: jeddah, scope: .ownBranch)
            let page = try await other.get(Self.march)
            let month = cells(page, table: "by-month")
            #expect(page.status == .ok && month.contains("640.00") && !month.contains("3,250.00") && !page.contains("سارة المتبرعة"))
            #expect(page.contains("أمل الجداوية"))
            let (finance, _) = try await t.signedIn(as: .financeOfficer)
            #expect(try await finance.get(Self.march).status == .ok)
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.get(Self.march).status == .forbidden)
            #expect(try await researcher.get("/reports/donations/export/by-month.csv").status == .forbidden)
        }
    }
    @Test("aid paid in the period is summed by fund and support type, with no beneficiary's name")
    func aidPaid() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let (file, request, _) = try await crew.approved(amount: "4500")
            let beneficiary = try #require(try await Beneficiary.find(file, on: t.db))
            let rent = try await t.fund("rent")
            for (amount, status, day) in [(Int64(450_000), CommitmentStatus.paid, 15.0), (120_000, .committed, 16), (99_900, .paid, -40)] {
                let commitment = FundCommitment()
                commitment.fundID = rent.id!
                commitment.requestID = request
                commitment.beneficiaryID = file
                commitment.branchID = try await t.headOffice().id!
                commitment.amount = amount
                commitment.status = status
                commitment.createdBy = UUID()
                commitment.createdAt = t.clock.now()
                // Noon in Riyadh on the day-th of March 2026 (negative: before March).
                commitment.closedAt = status == .paid ? CalendarDay(gregorianYear: 2026, month: 3, day: 1).moment.addingTimeInterval((day - 1) * 86_400 + 43_200) : nil
                commitment.note = ""
                try await commitment.create(on: t.db)
            }
            let (finance, _) = try await t.signedIn(as: .financeOfficer)
            let page = try await finance.get(Self.march)
            let aid = cells(page, table: "aid-paid")
            #expect(aid.contains(rent.nameArabic) && aid.contains("4,500.00") && !aid.contains("999.00") && !aid.contains("1,200.00"))
            #expect(!page.contains(beneficiary.nameFirst + " " + beneficiary.nameFather) && !page.contains(beneficiary.nationalID))
        }
    }
}
