import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 18: the roles that work with money see donors and money, never a beneficiary's file. Every route of
/// beneficiary work answers them 404 — as if it did not exist — even for a record of their own branch.
@Suite("Money roles and beneficiaries' files", .serialized)
struct MoneyRoleReachTests {
    @Test("a donor officer and a finance officer get 404 on every route of beneficiary work, with real records of their own branch, and see no name")
    func moneyRolesWalk() async throws {
        try await withLamasat { t in
            let crew = try await Crew.make(t)
            let records = try await BranchReachTests.headOfficeRecords(t, crew)
            let requestID = try #require(UUID(uuidString: records["requestID"]!.value))
            let request = try #require(try await SupportRequest.find(requestID, on: t.db))
            let file = try #require(try await Beneficiary.find(request.$beneficiary.id, on: t.db))
            var walked = 0
            for role in [Role.donorOfficer, .financeOfficer] {
                let (browser, _) = try await t.signedIn(as: role, scope: .allBranches)
                for route in t.app.routes.all {
                    guard case .permission(let permission) = route.access, Permission.beneficiaryWork.contains(permission),
                          route.method == .GET || route.method == .POST
                    else { continue }
                    let path = "/" + route.path.map { component -> String in
                        switch component {
                        case .parameter(let name): records[name]?.value ?? UUID().uuidString
                        case .catchall: "x"
                        default: component.description
                        }
                    }.joined(separator: "/")
                    let page = route.method == .GET ? try await browser.get(path) : try await browser.post(path, [:])
                    #expect(page.status == .notFound, "\(route.method) \(path) as \(role): \(page.status)")
                    #expect(!page.contains(file.nameFirst + " " + file.nameFather), "\(route.method) \(path) as \(role) shows her name")
                    walked += 1
                }
                // Her dashboard names no beneficiary either.
                let home = try await browser.get("/")
                #expect(home.status == .ok)
                #expect(!home.contains(file.nameFirst + " " + file.nameFather) && !home.contains(file.nationalID))
            }
            #expect(walked > 200)
            // A staff role without the permission is still told 403, as before.
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await coordinator.get("/beneficiaries").status == .forbidden)
            // The refusals are audited.
            #expect(try await t.auditEntries(action: "access.refused").count >= walked)
        }
    }
}
