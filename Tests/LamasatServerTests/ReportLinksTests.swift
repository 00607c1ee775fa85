import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 15, "every figure a link": the services and people reports' figures lead to the requests behind them, through
/// the requests list's "delivered in the period" filter, within the reader's branches. The dataset is ReportsTests'
/// (see its table) plus R9: F2 (HQ, category 2), food, submitted and approved in November, 1 basket delivered at the
/// office on 15 November — so a category has something to tell apart.
@Suite("Report links: services and people figures open the requests behind them")
struct ReportLinksTests {
    static func seed(_ t: TestContext) async throws -> ReportsTests.Data {
        let data = try await ReportsTests.seed(t)
        let s = data.seed, d = ReportsSeed.riyadh
        let r9 = try await s.request("R-2026-000009", file: data.files[1], branch: s.hq, type: s.food, channel: .phone, halalas: 0,
                                     submitted: d(11, 8, 9, 0, 0), expected: d(11, 22, 9, 0, 0),
                                     steps: [(.submitted, d(11, 8, 9, 0, 0)), (.approved, d(11, 13, 9, 0, 0)), (.delivered, d(11, 15, 9, 0, 0))])
        try await s.decide(r9, .approved, at: d(11, 13, 9, 0, 0))
        try await s.deliver(r9, file: data.files[1], type: s.food, halalas: 0, quantity: 1, on: "2026-11-15", place: .office, final: true)
        return data
    }

    /// Expects the list page at `path` to show exactly these requests (R-2026-0000nn), by tracking number.
    static func expectListed(_ browser: Browser, _ path: String?, _ numbers: Int..., sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let path = try #require(path, sourceLocation: sourceLocation)
        let page = try await browser.get(path)
        #expect(page.status == .ok, "\(path)", sourceLocation: sourceLocation)
        // The table's rows only: the search hint shows an example tracking number; no table, nothing listed.
        let rows = page.body[(page.body.range(of: "<tbody>")?.upperBound ?? page.body.endIndex)...]
        let shown = Set(rows.matches(of: try Regex("R-2026-[0-9]{6}")).map { String(rows[$0.range]) })
        let expected = Set(numbers.map { "R-2026-" + String(repeating: "0", count: 6 - String($0).count) + String($0) })
        #expect(shown == expected, "\(path)", sourceLocation: sourceLocation)
    }

    @Test("services: delivered, approved and requested figures by type, month and place list exactly their requests")
    func servicesLinks() async throws {
        try await withLamasat { t in
            _ = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let report = ReportPageReader(body: try await manager.get("/reports/services").body)
            let financial = "مساعدة مالية", food = "سلة غذائية"
            // Columns: 1–2 requested (Nov, Oct), 3–4 approved, 5–6 delivered amounts, 7 deliveries, 8–9 quantities.
            try await Self.expectListed(manager, report.link("by-type", financial, column: 1), 1, 3)
            try await Self.expectListed(manager, report.link("by-type", financial, column: 2), 5, 8)
            try await Self.expectListed(manager, report.link("by-type", financial, column: 3), 1)
            // R1's two deliveries: 2,500 delivered and a count of 2, one request behind both.
            try await Self.expectListed(manager, report.link("by-type", financial, column: 5), 1)
            try await Self.expectListed(manager, report.link("by-type", financial, column: 7), 1)
            // Baskets: 4 in November (R7 3, R9 1), 2 in October (R4); no money delivered, so no money link.
            try await Self.expectListed(manager, report.link("by-type", food, column: 8), 7, 9)
            try await Self.expectListed(manager, report.link("by-type", food, column: 9), 4)
            #expect(report.link("by-type", food, column: 5) == nil)
            try await Self.expectListed(manager, report.link("by-type", ReportsTests.ar(t, "report.total"), column: 5), 1, 7, 9)
            // November's month row: delivered in November, whatever the type.
            let november = try #require(report.rows("by-month").first?.first)
            try await Self.expectListed(manager, report.link("by-month", november, column: 3), 1, 7, 9)
            try await Self.expectListed(manager, report.link("by-month", november, column: 4), 1, 7, 9)
            // Place: at her location R1 (first) and R7 in November; at the office R1 (final) and R9, and R4 in October.
            let here = ReportsTests.ar(t, DeliveryPlace.herLocation.localizationKey), office = ReportsTests.ar(t, DeliveryPlace.office.localizationKey)
            try await Self.expectListed(manager, report.link("by-place", here, column: 1), 1, 7)
            try await Self.expectListed(manager, report.link("by-place", office, column: 1), 1, 9)
            try await Self.expectListed(manager, report.link("by-place", office, column: 2), 4)
            try await Self.expectListed(manager, report.link("by-place", office, column: 3), 1, 9)
            #expect(report.link("by-place", ReportsTests.ar(t, DeliveryPlace.online.localizationKey), column: 1) == nil)
        }
    }

    @Test("people: served, first time, returning, category, city, age band and household size list the requests that served them")
    func peopleLinks() async throws {
        try await withLamasat { t in
            _ = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let report = ReportPageReader(body: try await manager.get("/reports/people").body)
            let beneficiaries = ReportsTests.ar(t, "reports.people.beneficiaries")
            #expect(report.row("served", beneficiaries) == ["3", "1"])
            try await Self.expectListed(manager, report.link("served", beneficiaries, column: 1), 1, 7, 9)
            try await Self.expectListed(manager, report.link("served", beneficiaries, column: 2), 4)
            try await Self.expectListed(manager, report.link("served", ReportsTests.ar(t, "reports.people.members"), column: 1), 1, 7, 9)
            // First time in November: F3 (R7) and F2 (R9); returning: F1 (R1, served in October by R4).
            try await Self.expectListed(manager, report.link("served", ReportsTests.ar(t, "reports.people.firstTime"), column: 1), 7, 9)
            try await Self.expectListed(manager, report.link("served", ReportsTests.ar(t, "reports.people.returning"), column: 1), 1)
            // Category one: F1 (R1) and F3 (R7); category two: F2 (R9).
            let categories = try await BeneficiaryCategory.query(on: t.db).sort(\.$sortOrder).all()
            #expect(report.row("by-category", categories[0].nameArabic) == ["1", "1", "2", "7"])
            try await Self.expectListed(manager, report.link("by-category", categories[0].nameArabic, column: 3), 1, 7)
            try await Self.expectListed(manager, report.link("by-category", categories[1].nameArabic, column: 3), 9)
            // F2 has no household members: a zero links nowhere.
            #expect(report.link("by-category", categories[1].nameArabic, column: 4)?.hasPrefix("/requests") != true)
            // City: Riyadh F1 (R1) and F2 (R9), Jeddah F3 (R7); on 30 November F3 is 26, F1 36, F2 66; households:
            // F2 alone, F1 with 2 members (3 people), F3 with 5 (6 people).
            try await Self.expectListed(manager, report.link("by-city", "الرياض", column: 3), 1, 9)
            try await Self.expectListed(manager, report.link("by-city", "الرياض", column: 2), 1)
            try await Self.expectListed(manager, report.link("by-city", "جدة", column: 3), 7)
            try await Self.expectListed(manager, report.link("by-age", ReportsTests.ar(t, "reports.people.age.under30"), column: 3), 7)
            try await Self.expectListed(manager, report.link("by-age", ReportsTests.ar(t, "reports.people.age.from30"), column: 3), 1)
            try await Self.expectListed(manager, report.link("by-age", ReportsTests.ar(t, "reports.people.age.from60"), column: 1), 9)
            try await Self.expectListed(manager, report.link("by-household", ReportsTests.ar(t, "reports.people.household.one"), column: 3), 9)
            try await Self.expectListed(manager, report.link("by-household", ReportsTests.ar(t, "reports.people.household.sixPlus"), column: 4), 7)
            try await Self.expectListed(manager, report.link("by-household", ReportsTests.ar(t, "reports.people.household.upTo3"), column: 3), 1)
            // Files: opened in November F2 and F3; registered F1 (first approval); suspended F2; October: F3 registered.
            func files(_ label: String, column: Int) async throws -> Set<String> {
                let page = try await manager.get(try #require(report.link("files", label, column: column)))
                #expect(page.status == .ok && page.body.hasPrefix("<!") && page.contains("class=\"lead\""))
                return Set(["فاطمة", "نورة", "هند"].filter { page.body.contains("<td>\($0)") || page.body.contains(">\($0) ") })
            }
            #expect(try await files(ReportsTests.ar(t, "reports.people.opened"), column: 1) == ["نورة", "هند"])
            #expect(try await files(ReportsTests.ar(t, BeneficiaryStatus.registered.localizationKey), column: 1) == ["فاطمة"])
            #expect(try await files(ReportsTests.ar(t, BeneficiaryStatus.suspended.localizationKey), column: 1) == ["نورة"])
            #expect(try await files(ReportsTests.ar(t, BeneficiaryStatus.registered.localizationKey), column: 2) == ["هند"])
            #expect(try await manager.get("/beneficiaries?period=garbage&became=registered").status == .ok)
            // Bad values are ignored: the list is wider, never an error.
            try await Self.expectListed(manager, "/requests?period=2026-11&delivered=1&age=old&household=huge&first=maybe", 1, 7, 9)
        }
    }

    @Test("a branch manager's links list her branch's requests only; the branch filter keeps an all-branch reader's links to it")
    func branchLinks() async throws {
        try await withLamasat { t in
            let data = try await Self.seed(t)
            let jeddah = try #require(try await Branch.find(data.seed.jed, on: t.db))
            let (branchManager, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let here = ReportsTests.ar(t, DeliveryPlace.herLocation.localizationKey)
            let categories = try await BeneficiaryCategory.query(on: t.db).sort(\.$sortOrder).all()
            for (browser, query) in [(branchManager, ""), (manager, "?branch=\(data.seed.jed.uuidString)")] {
                let services = ReportPageReader(body: try await browser.get("/reports/services\(query)").body)
                // JED: R7's 3 baskets at her location; R1 (HQ, also at her location) never.
                try await Self.expectListed(browser, services.link("by-place", here, column: 1), 7)
                try await Self.expectListed(browser, services.link("by-type", "سلة غذائية", column: 8), 7)
                let people = ReportPageReader(body: try await browser.get("/reports/people\(query)").body)
                try await Self.expectListed(browser, people.link("served", ReportsTests.ar(t, "reports.people.beneficiaries"), column: 1), 7)
                try await Self.expectListed(browser, people.link("by-category", categories[0].nameArabic, column: 3), 7)
            }
            // The all-branch reader's link to every delivery at her location, opened by the branch manager: hers only.
            try await Self.expectListed(branchManager, "/requests?period=2026-11&delivered=herLocation", 7)
            try await Self.expectListed(manager, "/requests?period=2026-11&delivered=herLocation", 1, 7)
        }
    }

    @Test("the list opened from a figure says what the figure counted, delivered ones too")
    func listSummary() async throws {
        try await withLamasat { t in
            let data = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            func ar(_ key: String, _ arguments: String...) -> String { t.app.lamasat.localizer.text(key, .ar, arguments) }
            let november = "نوفمبر 2026م", office = ar(DeliveryPlace.office.localizationKey)
            let delivered = try await manager.get("/requests?period=2026-11&delivered=office&branch=\(data.seed.hq.uuidString)")
            let headOffice = try await t.headOffice().name(in: .ar)
            #expect(delivered.contains(ar("request.fromReport", [ar("request.fromReport.delivered", november), office, headOffice].joined(separator: " · "))))
            let approved = try await manager.get("/requests?period=2026-11&decided=approved")
            #expect(approved.contains(ar("request.fromReport.decided", ar(SupportRequestStatus.approved.localizationKey), november)))
            // A place that is not one reads as "submitted in November"; no period, no summary.
            #expect(try await manager.get("/requests?period=2026-11&delivered=garage").contains(ar("request.fromReport.submitted", november)))
            #expect(!(try await manager.get("/requests?delivered=1").contains(ar("request.fromReport", ""))))
        }
    }

    @Test("unreadable delivered values are ignored, never an error; the list and reports stay closed to a role without them")
    func badValuesAndPermission() async throws {
        try await withLamasat { t in
            _ = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            // Not a place: the link falls back to "submitted in November" (R1 R2 R3 R7 R9).
            try await Self.expectListed(manager, "/requests?period=2026-11&delivered=garage", 1, 2, 3, 7, 9)
            try await Self.expectListed(manager, "/requests?period=2026-11&delivered=%27%3B--", 1, 2, 3, 7, 9)
            // No readable period: no event at all, every request listed (R6, a draft, has no tracking number).
            try await Self.expectListed(manager, "/requests?period=2026-13&delivered=1", 1, 2, 3, 4, 5, 7, 8, 9)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await coordinator.get("/requests?period=2026-11&delivered=1").status == .forbidden)
            #expect(try await coordinator.get("/reports/services").status == .forbidden)
            #expect(try await coordinator.get("/reports/people").status == .forbidden)
        }
    }
}
