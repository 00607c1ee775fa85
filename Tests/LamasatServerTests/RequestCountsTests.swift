import Fluent
import Foundation
import LamasatCore
import SQLKit
import Testing
import Vapor
@testable import LamasatServer

/// The request counts kept as events happen (issue 15): whatever the workflow does, they equal the counts worked
/// out again from the records, so the requests report can read them instead of the records.
@Suite("Request counts kept as requests move equal the counts rebuilt from the records")
struct RequestCountsTests {
    /// The kept rows that count something, as "grain|day|branch|measure|item" → total.
    static func kept(_ t: TestContext) async throws -> [String: Int] {
        struct Row: Decodable { let grain: Int; let day: Int; let branch_id: UUID; let measure: String; let item: String; let total: Int }
        var rows: [String: Int] = [:]
        for row in try await t.db.sql.raw("SELECT grain, day, branch_id, measure, item, total FROM request_counts").all(decoding: Row.self)
        where row.total != 0 {
            rows["\(row.grain)|\(row.day)|\(row.branch_id)|\(row.measure)|\(row.item)"] = row.total
        }
        return rows
    }

    /// A measure's totals by item, over every day (grain 0) or every month (grain 1) and branch.
    static func totals(_ rows: [String: Int], _ measure: RequestCounts.Measure, grain: String = "0") -> [String: Int] {
        var totals: [String: Int] = [:]
        for (key, total) in rows {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            if parts[0] == grain && parts[3] == measure.rawValue { totals[String(parts[4]), default: 0] += total }
        }
        return totals
    }

    @Test("through approval, deliveries, withdrawal, a return and resubmission, and edits of her file: kept = rebuilt")
    func keptEqualsRebuilt() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            // A: approved, delivered in part and then in full (closed).
            let (fileA, a, _) = try await crew.approved()
            for (amount, place) in [("3000", "online"), ("1500", "office")] {
                #expect(try await crew.service.post("/requests/\(a)/deliveries", ["description": "إيجار", "amount": amount, "date": "2026-11-25",
                                                                                  "place": place, "deliveredBy": "موظفة", "signature": Crew.signature]).status == .seeOther)
            }
            #expect(try await crew.request(a).status == .closed)
            // B: submitted, then withdrawn.
            let fileB = try await registerFile(crew.officer, try await fileForm(t, id: "1122334459", mobile: "0559998888", first: "ليلى", family: "الشهري"))
            let b = try await RequestIntakeTests().intake(t, crew.officer, file: fileB)
            #expect(try await crew.officer.post("/requests/\(b)/submit").status == .seeOther)
            #expect(try await crew.officer.post("/requests/\(b)/withdraw", ["reason": "تراجعت المستفيدة"]).status == .seeOther)
            // C: submitted, in verification, returned to her, submitted again.
            let fileC = try await registerFile(crew.officer, try await fileForm(t, id: "1987654322", mobile: "0551112222", first: "سارة", family: "العتيبي"))
            let c = try await RequestIntakeTests().intake(t, crew.officer, file: fileC)
            #expect(try await crew.officer.post("/requests/\(c)/submit").status == .seeOther)
            #expect(try await crew.officer.post("/requests/\(c)/verification/start").status == .seeOther)
            #expect(try await crew.officer.post("/requests/\(c)/verification/return", ["reason": "صك الطلاق غير واضح"]).status == .seeOther)
            #expect(try await crew.officer.post("/requests/\(c)/submit").status == .seeOther)
            #expect(try await crew.request(c).status == .submitted)
            // A refused action (B is withdrawn) changes nothing.
            let before = try await Self.kept(t)
            #expect(try await crew.officer.post("/requests/\(b)/submit").status == .conflict)
            #expect(try await Self.kept(t) == before)
            // A's file changes category; C's file moves to Jeddah with her request.
            let divorced = try #require(try await BeneficiaryCategory.query(on: t.db).filter(\.$code == "divorced").first())
            var formA = try await fileForm(t)
            formA["category"] = divorced.id!.uuidString
            formA["version"] = String(try #require(try await Beneficiary.find(fileA, on: t.db)).version)
            #expect(try await crew.officer.post("/beneficiaries/\(fileA)/edit", formA).status == .seeOther)
            let jeddah = try await t.makeBranch("JED")
            var formC = try await fileForm(t, id: "1987654322", mobile: "0551112222", first: "سارة", family: "العتيبي", branch: jeddah)
            formC["version"] = String(try #require(try await Beneficiary.find(fileC, on: t.db)).version)
            let (mover, _) = try await t.signedIn(as: .manager, username: "mover", scope: .allBranches)
            try await mover.get("/beneficiaries/\(fileC)/edit")
            #expect(try await mover.post("/beneficiaries/\(fileC)/edit", formC).status == .seeOther)
            #expect(try await SupportRequest.find(c, on: t.db)?.branchID == jeddah.id)

            let kept = try await Self.kept(t)
            #expect(Self.totals(kept, .status) == ["closed": 1, "withdrawn": 1, "submitted": 1])
            #expect(Self.totals(kept, .submitted) == ["": 3])
            #expect(Self.totals(kept, .reached)["returnedToApplicant"] == 1)
            #expect(Self.totals(kept, .reached)["approved"] == 1)
            #expect(Self.totals(kept, .outcome) == ["approved": 1])
            #expect(Self.totals(kept, .category)[divorced.id!.uuidString] == 1, "A counts under her new category")
            #expect(Self.totals(kept, .firstDelivery).values.reduce(0, +) == 1 && Self.totals(kept, .finalDelivery).values.reduce(0, +) == 1)
            #expect(kept.keys.filter { $0.hasPrefix("0|") && $0.contains("|\(jeddah.id!.uuidString)|") && $0.contains("|status|submitted") }.count == 1,
                    "C's request is counted in Jeddah now")
            #expect(!kept.keys.contains { $0.contains("|\(jeddah.id!.uuidString)|") && $0.contains("|status|closed") })

            for measure in RequestCounts.Measure.allCases {
                #expect(Self.totals(kept, measure, grain: "1") == Self.totals(kept, measure), "month rows add up the day rows of \(measure)")
            }
            try await RequestCounts.rebuild(on: t.db)
            #expect(try await Self.kept(t) == kept)
        }
    }

    @Test("requests of several files submitted at the same moment all go through, and the counts still equal the records")
    func concurrentActions() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let people = [("1045789326", "0501234567", "أميرة", "القحطاني"), ("1122334459", "0559998888", "ليلى", "الشهري"),
                          ("1987654322", "0551112222", "سارة", "العتيبي"), ("1000000008", "0509876543", "سلمى", "الغامدي")]
            var requests: [UUID] = []
            for (id, mobile, first, family) in people {
                let file = try await registerFile(officer, try await fileForm(t, id: id, mobile: mobile, first: first, family: family))
                requests.append(try await RequestIntakeTests().intake(t, officer, file: file))
            }
            try await officer.get("/requests/\(requests[0])")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for id in requests { group.addTask { try await officer.post("/requests/\(id)/submit").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            #expect(Self.totals(try await Self.kept(t), .submitted) == ["": 4])
            #expect(try await RequestCounts.differences(on: t.db) == 0)
        }
    }

    @Test("a day's histogram gives the nearest-rank median and 90th percentile of the days it holds")
    func histogramPercentiles() {
        let days = [3, 3, 5, 8, 8, 8, 13, 20, 21, 40]
        let histogram = Dictionary(days.map { ($0, 1) }, uniquingKeysWith: +)
        // Ten values: ranks ⌈0.1·10⌉ = 1, ⌈0.5·10⌉ = 5, ⌈0.9·10⌉ = 9, 10.
        #expect([0.1, 0.5, 0.9, 1.0].map { ReportDays.percentile(histogram, $0) } == [3, 8, 21, 40])
        #expect(ReportDays.percentile([Int: Int](), 0.5) == nil)
    }
}
