import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// The reports of issue 15 against a hand-made dataset; every expected figure is worked out in the comments.
///
/// The clock stands at 2026-11-25 15:26 Riyadh, so the default period is November 2026 and the previous one
/// October 2026. Branches HQ and JED; F1 (HQ, category 1, Riyadh, born 1990, 2 household members), F2 (HQ,
/// category 2, Riyadh, born 1960, none), F3 (JED, category 1, Jeddah, born 2000, 5 members).
///
/// | req | file | branch | type | channel | SAR | submitted | way | decision | deliveries |
/// |---|---|---|---|---|---|---|---|---|---|
/// | R1 | F1 | HQ | financial | interview | 3000 | Nov 2 | → approved Nov 12 → delivered | approved 2500, Nov 12 (10 days, on time) | Nov 14 1000 her location, Nov 20 1500 office final |
/// | R2 | F2 | HQ | food | phone | 0 | Nov 3 | returned Nov 5, resubmitted → rejected | rejected Nov 20 "income" (17 days, late) | — |
/// | R3 | F3 | JED | financial | website | 5000 | Nov 4 | in verification, expected Nov 18: overdue | — | — |
/// | R4 | F1 | HQ | food | interview | 0 | Oct 5 | → approved → delivered | approved Oct 20 (15 days, late) | Oct 22 qty 2 office final |
/// | R5 | F2 | HQ | financial | phone | 1000 | Oct 10 | withdrawn Nov 2 | — | — |
/// | R6 | F3 | JED | food | website | 0 | draft | — | — | — |
/// | R7 | F3 | JED | food | website | 0 | Nov 1 00:00:00 | → approved → delivered | approved Nov 9 (8 days, on time) | Nov 11 qty 3 her location final |
/// | R8 | F1 | HQ | financial | interview | 2000 | Oct 31 23:59:59 | submitted, expected Nov 14: overdue | — | — |
@Suite("Reports: requests, services, people served, messages; periods, branch scope and permissions")
struct ReportsTests {
    typealias S = SupportRequestStatus

    struct Data {
        let seed: ReportsSeed
        let files: [UUID]
        let requests: [String: UUID]
    }

    static func seed(_ t: TestContext) async throws -> Data {
        let s = try await ReportsSeed.make(t)
        let d = ReportsSeed.riyadh
        let f1 = try await s.file("فاطمة", branch: s.hq, category: s.categoryOne, city: "الرياض", birth: "1990-05-01", members: 2, created: d(10, 10, 9, 0, 0))
        let f2 = try await s.file("نورة", branch: s.hq, category: s.categoryTwo, city: "الرياض", birth: "1960-01-01", members: 0, created: d(11, 3, 9, 0, 0))
        let f3 = try await s.file("هند", branch: s.jed, category: s.categoryOne, city: "جدة", birth: "2000-02-02", members: 5, created: d(11, 5, 9, 0, 0))
        var r: [String: UUID] = [:]
        r["R1"] = try await s.request("R-2026-000001", file: f1, branch: s.hq, type: s.financial, channel: .interview, halalas: 300_000,
                                      submitted: d(11, 2, 10, 0, 0), expected: d(11, 16, 10, 0, 0),
                                      steps: [(.submitted, d(11, 2, 10, 0, 0)), (.verification, d(11, 3, 9, 0, 0)), (.socialResearch, d(11, 4, 9, 0, 0)),
                                              (.committeeReview, d(11, 6, 9, 0, 0)), (.approved, d(11, 12, 10, 0, 0)), (.inService, d(11, 14, 9, 0, 0)),
                                              (.delivered, d(11, 20, 9, 0, 0))])
        try await s.decide(r["R1"]!, .approved, halalas: 250_000, at: d(11, 12, 10, 0, 0))
        try await s.deliver(r["R1"]!, file: f1, type: s.financial, halalas: 100_000, quantity: 0, on: "2026-11-14", place: .herLocation, final: false)
        try await s.deliver(r["R1"]!, file: f1, type: s.financial, halalas: 150_000, quantity: 0, on: "2026-11-20", place: .office, final: true)
        r["R2"] = try await s.request("R-2026-000002", file: f2, branch: s.hq, type: s.food, channel: .phone, halalas: 0,
                                      submitted: d(11, 3, 9, 0, 0), expected: d(11, 17, 9, 0, 0),
                                      steps: [(.submitted, d(11, 3, 9, 0, 0)), (.verification, d(11, 4, 9, 0, 0)), (.returnedToApplicant, d(11, 5, 9, 0, 0)),
                                              (.submitted, d(11, 6, 9, 0, 0)), (.verification, d(11, 7, 9, 0, 0)), (.socialResearch, d(11, 8, 9, 0, 0)),
                                              (.committeeReview, d(11, 10, 9, 0, 0)), (.rejected, d(11, 20, 12, 0, 0))])
        try await s.decide(r["R2"]!, .rejected, reason: "income_sufficient", at: d(11, 20, 12, 0, 0))
        r["R3"] = try await s.request("R-2026-000003", file: f3, branch: s.jed, type: s.financial, channel: .website, halalas: 500_000,
                                      submitted: d(11, 4, 9, 0, 0), expected: d(11, 18, 9, 0, 0),
                                      steps: [(.submitted, d(11, 4, 9, 0, 0)), (.verification, d(11, 5, 9, 0, 0))])
        r["R4"] = try await s.request("R-2026-000004", file: f1, branch: s.hq, type: s.food, channel: .interview, halalas: 0,
                                      submitted: d(10, 5, 9, 0, 0), expected: d(10, 19, 9, 0, 0),
                                      steps: [(.submitted, d(10, 5, 9, 0, 0)), (.verification, d(10, 6, 9, 0, 0)), (.socialResearch, d(10, 7, 9, 0, 0)),
                                              (.committeeReview, d(10, 9, 9, 0, 0)), (.approved, d(10, 20, 9, 0, 0)), (.delivered, d(10, 22, 9, 0, 0))])
        try await s.decide(r["R4"]!, .approved, at: d(10, 20, 9, 0, 0))
        try await s.deliver(r["R4"]!, file: f1, type: s.food, halalas: 0, quantity: 2, on: "2026-10-22", place: .office, final: true)
        r["R5"] = try await s.request("R-2026-000005", file: f2, branch: s.hq, type: s.financial, channel: .phone, halalas: 100_000,
                                      submitted: d(10, 10, 9, 0, 0), expected: d(10, 24, 9, 0, 0),
                                      steps: [(.submitted, d(10, 10, 9, 0, 0)), (.withdrawn, d(11, 2, 9, 0, 0))])
        r["R6"] = try await s.request(nil, file: f3, branch: s.jed, type: s.food, channel: .website, halalas: 0, submitted: nil, expected: nil, steps: [])
        r["R7"] = try await s.request("R-2026-000007", file: f3, branch: s.jed, type: s.food, channel: .website, halalas: 0,
                                      submitted: d(11, 1, 0, 0, 0), expected: d(11, 15, 0, 0, 0),
                                      steps: [(.submitted, d(11, 1, 0, 0, 0)), (.verification, d(11, 2, 9, 0, 0)), (.socialResearch, d(11, 3, 9, 0, 0)),
                                              (.committeeReview, d(11, 4, 9, 0, 0)), (.approved, d(11, 9, 9, 0, 0)), (.delivered, d(11, 11, 9, 0, 0))])
        try await s.decide(r["R7"]!, .approved, at: d(11, 9, 9, 0, 0))
        try await s.deliver(r["R7"]!, file: f3, type: s.food, halalas: 0, quantity: 3, on: "2026-11-11", place: .herLocation, final: true)
        r["R8"] = try await s.request("R-2026-000008", file: f1, branch: s.hq, type: s.financial, channel: .interview, halalas: 200_000,
                                      submitted: d(10, 31, 23, 59, 59), expected: d(11, 14, 23, 59, 59), steps: [(.submitted, d(10, 31, 23, 59, 59))])
        // Files: F1 registered in November, F2 suspended in November, F3 registered in October.
        try await s.fileStatus(f1, "first approval", action: "beneficiary.registered", at: d(11, 12, 10, 0, 0))
        try await s.fileStatus(f2, "registered→suspended", at: d(11, 21, 9, 0, 0))
        try await s.fileStatus(f3, "applicant→registered", at: d(10, 30, 9, 0, 0))
        // Messages: November — SMS sent (HQ), SMS failed (HQ), WhatsApp sent (JED), email waiting (no branch), and a
        // campaign of 3 with one SMS sent (HQ) and one failed (JED); October — one SMS sent (HQ).
        try await s.message(.sms, .sent, branch: s.hq, at: d(11, 10, 9, 0, 0))
        try await s.message(.sms, .failed, branch: s.hq, at: d(11, 11, 9, 0, 0))
        try await s.message(.whatsapp, .sent, branch: s.jed, at: d(11, 12, 9, 0, 0))
        try await s.message(.email, .queued, branch: nil, at: d(11, 13, 9, 0, 0))
        try await s.message(.sms, .sent, branch: s.hq, at: d(10, 15, 9, 0, 0))
        let campaign = try await s.campaign("حملة العودة للمدارس", total: 3, scheduled: d(11, 8, 9, 0, 0))
        try await s.message(.sms, .sent, branch: s.hq, at: d(11, 8, 9, 0, 0), campaign: campaign)
        try await s.message(.sms, .failed, branch: s.jed, at: d(11, 8, 9, 0, 0), campaign: campaign)
        // Written straight into the tables: the kept request counts are worked out from them, as `demo` does.
        try await RequestCounts.rebuild(on: t.db)
        return Data(seed: s, files: [f1, f2, f3], requests: r)
    }

    static func ar(_ t: TestContext, _ key: String, _ arguments: String...) -> String {
        t.app.lamasat.localizer.text(key, .ar, arguments)
    }

    @Test("requests report: funnel, statuses, groupings, decisions, reasons, returns, decision and delivery times, overdue — by hand")
    func requestsReport() async throws {
        try await withLamasat { t in
            let data = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let page = try await manager.get("/reports/requests")
            #expect(page.status == .ok)
            let report = ReportPageReader(body: page.body)
            func status(_ s: S) -> String { Self.ar(t, s.localizationKey) }
            // Funnel (November | October): submitted 4 (R1 R2 R3 R7) | 3 (R4 R5 R8, R8 at 23:59:59 on 31 October);
            // verification 4 | 1; research 3 | 1; committee 3 | 1; approved 2 | 1; delivered 2 | 1.
            #expect(report.row("funnel", status(.submitted)) == ["4", "3"])
            #expect(report.row("funnel", status(.verification)) == ["4", "1"])
            #expect(report.row("funnel", status(.socialResearch)) == ["3", "1"])
            #expect(report.row("funnel", status(.committeeReview)) == ["3", "1"])
            #expect(report.row("funnel", status(.approved)) == ["2", "1"])
            #expect(report.row("funnel", status(.delivered)) == ["2", "1"])
            // Status now: delivered 2 | 1, rejected 1 | 0, verification 1 | 0, withdrawn 0 | 1, submitted 0 | 1; no draft.
            #expect(report.row("by-status", status(.delivered)) == ["2", "1"])
            #expect(report.row("by-status", status(.rejected)) == ["1", "0"])
            #expect(report.row("by-status", status(.withdrawn)) == ["0", "1"])
            #expect(report.row("by-status", status(.submitted)) == ["0", "1"])
            #expect(report.row("by-status", status(.draft)).isEmpty)
            // Type: financial 2 (R1 R3) | 2 (R5 R8); food 2 (R2 R7) | 1 (R4). Branch: HQ 2 | 3, JED 2 | 0.
            #expect(report.row("by-type", "مساعدة مالية") == ["2", "2"])
            #expect(report.row("by-type", "سلة غذائية") == ["2", "1"])
            #expect(report.row("by-branch", "فرع JED") == ["2", "0"])
            // Category: one 3 (R1 R3 R7) | 2 (R4 R8); two 1 (R2) | 1 (R5).
            let categories = try await BeneficiaryCategory.query(on: t.db).sort(\.$sortOrder).all()
            #expect(report.row("by-category", categories[0].nameArabic) == ["3", "2"])
            #expect(report.row("by-category", categories[1].nameArabic) == ["1", "1"])
            // Channel: interview 1 | 2, phone 1 | 1, website 2 | 0.
            #expect(report.row("by-channel", Self.ar(t, ContactChannel.interview.localizationKey)) == ["1", "2"])
            #expect(report.row("by-channel", Self.ar(t, ContactChannel.website.localizationKey)) == ["2", "0"])
            // Decisions: approved 2 (R1 R7) | 1 (R4); rejected 1 | 0; rates 67% / 33% | 100% / 0%.
            #expect(report.row("decisions", status(.approved)) == ["2", "1"])
            #expect(report.row("decisions", status(.rejected)) == ["1", "0"])
            #expect(report.row("decisions", Self.ar(t, "reports.requests.approvalRate")) == ["67%", "100%"])
            #expect(report.row("decisions", Self.ar(t, "reports.requests.rejectionRate")) == ["33%", "0%"])
            #expect(report.row("rejection-reasons", "الدخل يغطي الحاجة المطلوبة") == ["1", "0"])
            // Of each month's submissions: returned R2 (submitted 3 November); withdrawn R5 (submitted 10 October,
            // withdrawn 2 November: October's cohort).
            #expect(report.row("returned-withdrawn", status(.returnedToApplicant)) == ["1", "0"])
            #expect(report.row("returned-withdrawn", status(.withdrawn)) == ["0", "1"])
            #expect(report.row("returned-withdrawn", status(.cancelled)) == ["0", "0"])
            // Days to decision: November [8 (R7), 10 (R1), 17 (R2)] → median 10, 90th 17, on time 2 of 3;
            // October [15 (R4)], decided after its expected date.
            #expect(report.row("decision-time", Self.ar(t, "reports.requests.decided")) == ["3", "1"])
            #expect(report.row("decision-time", Self.ar(t, "reports.medianDays")) == ["10", "15"])
            #expect(report.row("decision-time", Self.ar(t, "reports.p90Days")) == ["17", "15"])
            #expect(report.row("decision-time", Self.ar(t, "reports.requests.byExpectedDate")) == ["67%", "0%"])
            // Approval to delivery: R1 first 2 days, final 8; R7 first and final 2 → medians 2 and 2 (nearest rank of [2, 8]).
            #expect(report.row("delivery-time", Self.ar(t, "reports.requests.approvals")) == ["2", "1"])
            #expect(report.row("delivery-time", Self.ar(t, "reports.requests.firstDelivered")) == ["2", "1"])
            #expect(report.row("delivery-time", Self.ar(t, "reports.requests.daysToFirst")) == ["2", "2"])
            #expect(report.row("delivery-time", Self.ar(t, "reports.requests.daysToFinal")) == ["2", "2"])
            // Overdue now: R8 (expected 14 November) then R3 (18 November).
            #expect(report.rows("overdue").map { $0.first } == ["R-2026-000008", "R-2026-000003"])

            // Every count leads to its list: November's approved stage lists R1 and R7, nothing else.
            let approvedLink = try #require(report.link("funnel", status(.approved), column: 1))
            let approved = try await manager.get(approvedLink)
            #expect(approved.status == .ok)
            #expect(approved.contains("R-2026-000001") && approved.contains("R-2026-000007") && !approved.contains("R-2026-000002"))
            let rejectedLink = try #require(report.link("rejection-reasons", "الدخل يغطي الحاجة المطلوبة", column: 1))
            let rejected = try await manager.get(rejectedLink)
            #expect(rejected.contains("R-2026-000002") && !rejected.contains("R-2026-000001"))
            let octoberLink = try #require(report.link("by-channel", Self.ar(t, ContactChannel.interview.localizationKey), column: 2))
            let october = try await manager.get(octoberLink)
            #expect(october.contains("R-2026-000004") && october.contains("R-2026-000008") && !october.contains("R-2026-000001"))
            let withdrawn = try await manager.get(try #require(report.link("returned-withdrawn", status(.withdrawn), column: 2)))
            #expect(withdrawn.contains("R-2026-000005") && !withdrawn.contains("R-2026-000002"))
            _ = data
        }
    }

    @Test("a branch manager's totals are her branch's rows only; the branch filter gives an all-branch reader the same")
    func branchScope() async throws {
        try await withLamasat { t in
            let data = try await Self.seed(t)
            let jeddah = try #require(try await Branch.find(data.seed.jed, on: t.db))
            let (branchManager, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            func status(_ s: S) -> String { Self.ar(t, s.localizationKey) }
            for (browser, path) in [(branchManager, "/reports/requests"), (manager, "/reports/requests?branch=\(data.seed.jed.uuidString)")] {
                let report = ReportPageReader(body: try await browser.get(path).body)
                // JED: R3 and R7 in November, nothing in October.
                #expect(report.row("funnel", status(.submitted)) == ["2", "0"])
                #expect(report.row("funnel", status(.approved)) == ["1", "0"])
                #expect(report.row("decisions", status(.approved)) == ["1", "0"])
                #expect(report.row("decisions", status(.rejected)) == ["0", "0"])
                #expect(report.row("decision-time", Self.ar(t, "reports.medianDays")) == ["8", "—"])
                #expect(report.rows("overdue").map { $0.first } == ["R-2026-000003"])
                #expect(report.rows("by-branch").isEmpty)
            }
            // The download carries the same figures within the same reach: the funnel's CSV for her, and the whole
            // report as one workbook; an officer may not download.
            let csv = try await branchManager.get("/reports/requests/export/funnel.csv?period=2026-11&branch=\(data.seed.hq.uuidString)")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let submittedLine = csv.body.split(separator: "\r\n").first { $0.hasPrefix(status(.submitted)) }
            #expect(submittedLine.map(String.init) == "\(status(.submitted)),2,0")
            let page = try await branchManager.get("/reports/requests?period=2026-11")
            #expect(page.contains("/reports/requests/export/funnel.xlsx?period=2026-11") && page.contains("/reports/requests/export/all.xlsx?period=2026-11"))
            let workbook = try await branchManager.get("/reports/requests/export/all.xlsx?period=2026-11")
            #expect(workbook.status == .ok && workbook.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/reports/requests/export/funnel.csv").status == .forbidden)
            #expect(try await t.auditEntries(action: "report.exported").count == 2)
            // A branch manager's choice of another branch is ignored.
            let sneaky = ReportPageReader(body: try await branchManager.get("/reports/requests?branch=\(data.seed.hq.uuidString)").body)
            #expect(sneaky.row("funnel", status(.submitted)) == ["2", "0"])
            // Services, people and messages follow the same rule: JED delivered only R7's 3 baskets at her location.
            let services = ReportPageReader(body: try await branchManager.get("/reports/services").body)
            #expect(services.row("by-type", "مساعدة مالية") == ["5,000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0", "0", "0"])
            #expect(services.row("by-place", Self.ar(t, DeliveryPlace.herLocation.localizationKey)) == ["1", "0", "0.00", "0.00"])
            let people = ReportPageReader(body: try await branchManager.get("/reports/people").body)
            #expect(people.row("served", Self.ar(t, "reports.people.beneficiaries")) == ["1", "0"])
            #expect(people.row("files", Self.ar(t, BeneficiaryStatus.registered.localizationKey)) == ["0", "1"])
            let messages = ReportPageReader(body: try await branchManager.get("/reports/messages").body)
            #expect(messages.row("messages", Self.ar(t, MessageChannel.sms.localizationKey)).prefix(2) == ["0", "1"])
            #expect(messages.row("messages", Self.ar(t, MessageChannel.email.localizationKey)).prefix(3) == ["0", "0", "0"])
        }
    }

    @Test("services and money: requested, approved, delivered by type and month, quantities, place — by hand")
    func servicesReport() async throws {
        try await withLamasat { t in
            _ = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let report = ReportPageReader(body: try await manager.get("/reports/services").body)
            // Financial: requested 8,000 (R1 3,000 + R3 5,000) | 3,000 (R5 1,000 + R8 2,000); approved 2,500 | 0;
            // delivered 2,500 (1,000 + 1,500) | 0; 2 deliveries; no quantities.
            #expect(report.row("by-type", "مساعدة مالية") == ["8,000.00", "3,000.00", "2,500.00", "0.00", "2,500.00", "0.00", "2", "0", "0"])
            // Food: nothing in money; one delivery of 3 baskets (R7) | 2 (R4).
            #expect(report.row("by-type", "سلة غذائية") == ["0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1", "3", "2"])
            #expect(report.row("by-type", Self.ar(t, "report.total")) == ["8,000.00", "3,000.00", "2,500.00", "0.00", "2,500.00", "0.00", "3", "3", "2"])
            // November is one month.
            #expect(report.rows("by-month").count == 1)
            #expect(report.rows("by-month").first?.dropFirst().map { $0 } == ["8,000.00", "2,500.00", "2,500.00", "3"])
            // Place: at her location 2 (R1's first, R7) | 0; office 1 (R1's final) | 1 (R4).
            #expect(report.row("by-place", Self.ar(t, DeliveryPlace.herLocation.localizationKey)) == ["2", "0", "1,000.00", "0.00"])
            #expect(report.row("by-place", Self.ar(t, DeliveryPlace.office.localizationKey)) == ["1", "1", "1,500.00", "0.00"])
            // The year 2026 has twelve months, October and November filled.
            let year = ReportPageReader(body: try await manager.get("/reports/services?period=2026").body)
            try #require(year.rows("by-month").count == 12)
            #expect(year.rows("by-month")[9].dropFirst().map { $0 } == ["3,000.00", "0.00", "0.00", "2"])
        }
    }

    @Test("people served: unique beneficiaries first-time or returning, household members, category, city, age, household size, files")
    func peopleReport() async throws {
        try await withLamasat { t in
            _ = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let report = ReportPageReader(body: try await manager.get("/reports/people").body)
            // November: F1 (returning: R4 in October) and F3 (first time), 2 + 5 members; October: F1 first time, 2 members.
            #expect(report.row("served", Self.ar(t, "reports.people.beneficiaries")) == ["2", "1"])
            #expect(report.row("served", Self.ar(t, "reports.people.firstTime")) == ["1", "1"])
            #expect(report.row("served", Self.ar(t, "reports.people.returning")) == ["1", "0"])
            #expect(report.row("served", Self.ar(t, "reports.people.members")) == ["7", "2"])
            #expect(report.row("served", Self.ar(t, "reports.people.people")) == ["9", "3"])
            let categories = try await BeneficiaryCategory.query(on: t.db).sort(\.$sortOrder).all()
            #expect(report.row("by-category", categories[0].nameArabic) == ["1", "1", "2", "7"])
            #expect(report.row("by-city", "الرياض") == ["0", "1", "1", "2"])
            #expect(report.row("by-city", "جدة") == ["1", "0", "1", "5"])
            // Ages on 30 November 2026: F1 36, F3 26. Households: F1 3 people, F3 6.
            #expect(report.row("by-age", Self.ar(t, "reports.people.age.from30")) == ["0", "1", "1", "2"])
            #expect(report.row("by-age", Self.ar(t, "reports.people.age.under30")) == ["1", "0", "1", "5"])
            #expect(report.row("by-household", Self.ar(t, "reports.people.household.upTo3")) == ["0", "1", "1", "2"])
            #expect(report.row("by-household", Self.ar(t, "reports.people.household.sixPlus")) == ["1", "0", "1", "5"])
            // Files: new F2 and F3 | F1; registered F1 | F3; suspended F2 | none.
            #expect(report.row("files", Self.ar(t, "reports.people.opened")) == ["2", "1"])
            #expect(report.row("files", Self.ar(t, BeneficiaryStatus.registered.localizationKey)) == ["1", "1"])
            #expect(report.row("files", Self.ar(t, BeneficiaryStatus.suspended.localizationKey)) == ["1", "0"])
            #expect(report.row("files", Self.ar(t, BeneficiaryStatus.closed.localizationKey)) == ["0", "0"])
        }
    }

    @Test("messages: sent, failed and waiting by channel against the month before; campaign reach")
    func messagesReport() async throws {
        try await withLamasat { t in
            _ = try await Self.seed(t)
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            let report = ReportPageReader(body: try await manager.get("/reports/messages").body)
            // SMS: sent 2 (one of the campaign), failed 2 (one of the campaign), none waiting or skipped; October 1 sent.
            #expect(report.row("messages", Self.ar(t, MessageChannel.sms.localizationKey)) == ["2", "2", "0", "0", "1", "0", "50%"])
            #expect(report.row("messages", Self.ar(t, MessageChannel.whatsapp.localizationKey)) == ["1", "0", "0", "0", "0", "0", "0%"])
            #expect(report.row("messages", Self.ar(t, MessageChannel.email.localizationKey)) == ["0", "0", "1", "0", "0", "0", "—"])
            let campaign = report.row("campaigns", "حملة العودة للمدارس")
            #expect(campaign.count == 6 && Array(campaign.dropFirst()) == ["3", "1", "1", "0", "33%"])
        }
    }

    @Test("a Hijri month holds its first and last second; the next second falls in the next month")
    func hijriBoundaries() async throws {
        try await withLamasat { t in
            let s = try await ReportsSeed.make(t)
            let file = try await s.file("سارة", branch: s.hq, category: s.categoryOne, city: "الرياض", birth: "1985-01-01", members: 0,
                                        created: ReportsSeed.riyadh(10, 1))
            // Jumada I 1448 runs 12 October – 10 November 2026; Jumada II starts 11 November 00:00 Riyadh.
            let lastSecond = ReportsSeed.riyadh(11, 10, 23, 59, 59), nextSecond = ReportsSeed.riyadh(11, 11, 0, 0, 0)
            let firstSecond = ReportsSeed.riyadh(10, 12, 0, 0, 0), secondBefore = ReportsSeed.riyadh(10, 11, 23, 59, 59)
            for (tracking, at) in [("R-H-1", lastSecond), ("R-H-2", nextSecond), ("R-H-3", firstSecond), ("R-H-4", secondBefore)] {
                try await s.request(tracking, file: file, branch: s.hq, type: s.food, channel: .phone, halalas: 0, submitted: at,
                                    expected: at.addingTimeInterval(14 * 86_400), steps: [(.submitted, at)])
            }
            try await RequestCounts.rebuild(on: t.db)
            let (manager, _) = try await t.signedIn(as: .manager)
            let submitted = Self.ar(t, SupportRequestStatus.submitted.localizationKey)
            let jumadaI = ReportPageReader(body: try await manager.get("/reports/requests?period=H1448-05").body)
            // Jumada I: its first and last second (R-H-3, R-H-1); Rabi II before it: R-H-4.
            #expect(jumadaI.row("funnel", submitted) == ["2", "1"])
            let jumadaII = ReportPageReader(body: try await manager.get("/reports/requests?period=H1448-06").body)
            #expect(jumadaII.row("funnel", submitted) == ["1", "2"])
            let list = try await manager.get(try #require(jumadaI.link("funnel", submitted, column: 1)))
            #expect(list.contains("R-H-1") && list.contains("R-H-3") && !list.contains("R-H-2") && !list.contains("R-H-4"))
            let hijriPage = try await manager.get("/reports/requests?period=H1448-05")
            #expect(hijriPage.contains("جمادى الأولى 1448هـ"))
        }
    }

    @Test("bad period input shows this month and a message, never an error; the wrong role gets 403")
    func badInputAndPermissions() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            for (query, key) in [("period=garbage", "invalid"), ("period=2026-13", "invalid"), ("period=H1700", "outsideCalendar"),
                                 ("from=2026-12-01&to=2026-11-01", "reversed"), ("from=2000-01-01&to=2026-11-01", "tooLong"),
                                 ("from=2026-02-30&to=2026-03-01", "invalid"), ("from=1850-01-01&to=1850-01-31", "outsideCalendar"),
                                 ("period=%D9%A2%D9%A0%D9%A2%D9%A6-%D9%A1%D9%A1", nil)] as [(String, String?)] {
                for path in ["/reports", "/reports/requests", "/reports/services", "/reports/people", "/reports/messages"] {
                    let page = try await manager.get("\(path)?\(query)")
                    #expect(page.status == .ok, "\(path)?\(query)")
                    #expect(page.contains("نوفمبر 2026م"), "\(path)?\(query)")
                    if let key { #expect(page.contains(Self.ar(t, "reports.period.problem.\(key)")), "\(path)?\(query)") }
                    else { #expect(!page.contains("role=\"alert\"")) }
                }
            }
            // The earliest range a report takes: the period before it lies in 1899, read as days.
            let earliest = try await manager.get("/reports/requests?from=1900-01-01&to=1900-01-31")
            #expect(earliest.status == .ok && !earliest.contains("role=\"alert\""))
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            for path in ["/reports", "/reports/requests", "/reports/services", "/reports/people", "/reports/messages"] {
                #expect(try await officer.get(path).status == .forbidden)
                #expect(try await coordinator.get(path).status == .forbidden)
            }
            // The hub links every report with the period and the relations report with its days.
            let hub = try await manager.get("/reports?period=2026-Q4")
            #expect(hub.contains("/reports/requests?period=2026-Q4") && hub.contains("/reports/relations?from=2026-10-01&amp;to=2026-12-31"))
        }
    }
}
