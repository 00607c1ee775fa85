import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// The number of SQL statements behind each busy page does not grow with the data: a list costs the same with 11
/// rows as with 22 (both fill a work queue of 10, neither a list page of 25), and every page stays under a small ceiling. An N+1 query (one more statement per row shown)
/// fails here long before it slows the association down at a million files.
@Suite("Queries per page") struct QueryBudgetTests {
    /// No signed-in page below needs more statements than this (session, reach, the page's own queries).
    static let ceiling = 30
    static let firstNames = ["نورة", "سارة", "هند", "ريم", "لطيفة", "منيرة", "فاطمة", "عائشة", "مريم", "خلود", "أمل", "هيفاء"]

    /// Statements for one GET, and the page it returned.
    func statements(_ counter: QueryCounter, _ browser: Browser, _ path: String) async throws -> (count: Int, page: Browser.Page) {
        counter.reset()
        let page = try await browser.get(path)
        return (counter.count, page)
    }

    /// A file with a request submitted by phone, `count` times over, each with its own valid national ID and mobile.
    func submittedRequests(_ crew: Crew, _ t: TestContext, from first: Int, count: Int) async throws -> [(file: UUID, request: UUID)] {
        var made: [(file: UUID, request: UUID)] = []
        for index in first..<(first + count) {
            let id = NationalID.make(kind: .citizen, body: 20_000_000 + index).value
            let form = try await fileForm(t, id: id, mobile: "05" + String(format: "%08d", 10_000_000 + index), first: Self.firstNames[index % Self.firstNames.count], birth: "\(1390 + index)/05/15")
            made.append(try await crew.submitted(fileForm: form))
        }
        return made
    }

    func inquiries(_ officer: Browser, _ t: TestContext, count: Int) async throws {
        let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$code == "request_status").first())
        try await officer.get("/inquiries/new")
        for index in 0..<count {
            let page = try await officer.post("/inquiries", ["contactName": "سائلة \(index)", "contactPhone": "0551234567", "channel": "phone",
                                                             "category": try category.requireID().uuidString, "question": "متى يصدر القرار؟ \(index)"])
            #expect(page.status == .seeOther)
        }
    }

    @Test("lists, queues, the dashboard and a file's page cost the same number of statements with 11 rows as with 22")
    func statementsDoNotGrowWithRows() async throws {
        try await withLamasat { t in
            let counter = QueryCounter()
            counter.install(in: t.app)
            let crew = try await Crew.make(t)
            let paths = ["/", "/work", "/requests", "/beneficiaries", "/inquiries", "/satisfaction", "/reports/relations"]
            let viewers: [(String, Browser)] = [("officer", crew.officer), ("manager", crew.manager), ("researcher", crew.researcher),
                                                ("service", crew.service)]

            let few = try await submittedRequests(crew, t, from: 0, count: 11)
            try await inquiries(crew.officer, t, count: 11)
            var before: [String: Int] = [:]
            for (who, browser) in viewers {
                for path in paths {
                    let (count, page) = try await statements(counter, browser, path)
                    guard page.status == .ok else { continue }
                    before["\(who) \(path)"] = count
                }
            }
            let file = few[0].file, request = few[0].request
            before["file"] = try await statements(counter, crew.officer, "/beneficiaries/\(file)").count
            before["request"] = try await statements(counter, crew.officer, "/requests/\(request)").count

            _ = try await submittedRequests(crew, t, from: 11, count: 11)
            try await inquiries(crew.officer, t, count: 11)
            #expect(try await SupportRequest.query(on: t.db).count() == 22)
            for (who, browser) in viewers {
                for path in paths {
                    let (count, page) = try await statements(counter, browser, path)
                    guard let earlier = before["\(who) \(path)"] else { continue }
                    #expect(page.status == .ok)
                    #expect(count == earlier, "\(who) \(path): \(earlier) statements with 11 rows, \(count) with 22:\n\(counter.statements.joined(separator: "\n"))")
                    #expect(count <= Self.ceiling, "\(who) \(path): \(count) statements")
                }
            }
            // The pages were really measured: every role saw its lists, not a refusal.
            #expect(before.keys.filter { $0.hasPrefix("officer ") }.count >= 5)
            #expect(before.keys.filter { $0.hasPrefix("manager ") }.count >= 6)
            let fileCount = try await statements(counter, crew.officer, "/beneficiaries/\(file)").count
            #expect(fileCount == before["file"] && fileCount <= Self.ceiling, "file page: \(before["file"] ?? 0) then \(fileCount)")
            let requestCount = try await statements(counter, crew.officer, "/requests/\(request)").count
            #expect(requestCount == before["request"] && requestCount <= Self.ceiling, "request page: \(before["request"] ?? 0) then \(requestCount)")
        }
    }
}
