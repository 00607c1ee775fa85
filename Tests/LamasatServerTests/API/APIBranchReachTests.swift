import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 19: the API keeps the pages' branch rule. For every operation whose access is `.api(...)` and whose path
/// names a record, a token of another branch (own-branch reach, every scope) gets 404 problem+json, and the probe is
/// audited `access.outOfScope` against the head-office record.
@Suite("The API's branch reach, for every operation with a record id", .serialized)
struct APIBranchReachTests {
    @Test("a token of another branch gets 404 problem+json on every API route with a path parameter, audited")
    func routeWalk() async throws {
        try await withLamasat { t in
            let records = try await APIReach.records(t)
            let probes = try await APIReach.filesProbes(t).merging(APIReach.requestsProbes(t)) { $1 }
            let jeddah = try await t.makeBranch("JED")
            let (client, _) = try await t.apiClient("نظام جدة", scopes: Set(APIScope.allCases), branch: jeddah, scope: .ownBranch)
            var walked = 0
            for route in t.app.routes.all {
                guard case .api = route.access, let key = APIRoutes.operationKey(route) else { continue }
                let parameters = route.path.compactMap { component -> String? in
                    if case .parameter(let name) = component { return name }
                    return nil
                }
                guard let first = parameters.first, !APIReach.notBranchRecords.contains(first) else { continue }
                let record = try #require(records[first], "no head-office record for {\(first)} — add one to APIReach (\(key))")
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter(let name): name == first ? record.value : UUID().uuidString
                    default: component.description
                    }
                }.joined(separator: "/")
                let probe = probes[key]
                let before = try await t.auditEntries(action: "access.outOfScope").filter { $0.recordID == record.id.uuidString }.count
                let page: Browser.Page
                if route.method == .GET {
                    page = try await client.get(path + (probe?.query ?? ""))
                } else if key.hasSuffix("/documents") {
                    page = try await client.upload(path + (probe?.query ?? ""), bytes: Array((probe?.body ?? "").utf8))
                } else {
                    page = try await client.call(route.method, path + (probe?.query ?? ""), json: probe?.body ?? "{}")
                }
                #expect(page.status == .notFound, "\(key) \(path): \(page.status) \(page.body.prefix(200))")
                #expect(page.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true, "\(key)")
                let after = try await t.auditEntries(action: "access.outOfScope").filter { $0.recordID == record.id.uuidString }.count
                #expect(after == before + 1, "\(key): the refused probe is not audited")
                walked += 1
            }
            #expect(walked >= 6)
        }
    }
}
