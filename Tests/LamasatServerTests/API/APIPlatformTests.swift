import Foundation
import Testing
import Vapor
@testable import LamasatServer
@testable import LamasatCore

@Suite("The API's tokens, errors and contract")
struct APIPlatformTests {
    @Test("a valid token reaches /me: its name, scopes and branch; the call is audited under the integration")
    func validToken() async throws {
        try await withLamasat { t in
            let (client, token) = try await t.apiClient("بوابة الموقع", scopes: [.filesRead, .requestsWrite])
            let page = try await client.get("/api/v1/me")
            #expect(page.status == .ok)
            let body = try APITestClient.object(page)
            #expect(body["name"] as? String == "بوابة الموقع")
            #expect(body["scopes"] as? [String] == ["files.read", "requests.write"])
            #expect(body["allBranches"] as? Bool == false)
            let refreshed = try await APIToken.find(token.id, on: t.db)
            #expect(refreshed?.lastUsedAt != nil)
        }
    }

    @Test("no token, an unknown one, a revoked one and an expired one: 401 problem+json in the caller's language")
    func refusedTokens() async throws {
        try await withLamasat { t in
            let anonymous = try await t.browser().get("/api/v1/me")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect(try APITestClient.object(anonymous)["title"] as? String == "الرمز مفقود أو غير صالح")

            var unknown = APITestClient(browser: t.browser(), secret: "lms_not-a-token")
            unknown.language = "en"
            let refused = try await unknown.get("/api/v1/me")
            #expect(refused.status == .unauthorized)
            #expect(try APITestClient.object(refused)["title"] as? String == "Missing or invalid token")

            let (revokedClient, revoked) = try await t.apiClient("ملغى")
            #expect(try await revokedClient.get("/api/v1/me").status == .ok)
            let admin = try await t.makeUser("admin.revoker", role: .admin)
            try await APITokenIssuer.revoke(revoked, by: admin.requireID(), now: t.clock.now(), on: t.db)
            let afterRevoke = try await revokedClient.get("/api/v1/me")
            #expect(afterRevoke.status == .unauthorized)
            #expect(try APITestClient.object(afterRevoke)["title"] as? String == "أُلغي هذا الرمز")

            let (expiringClient, _) = try await t.apiClient("مؤقت", expiresIn: 60)
            t.clock.advance(by: 61)
            let expired = try await expiringClient.get("/api/v1/me")
            #expect(expired.status == .unauthorized)
            #expect(try APITestClient.object(expired)["title"] as? String == "انتهت صلاحية هذا الرمز")
            let refusals = try await t.auditEntries(action: "api.refused")
            #expect(refusals.map(\.detail).contains("revoked"))
            #expect(refusals.map(\.detail).contains("expired"))
        }
    }

    @Test("a browser's staff session does not open the API, and the integration's account cannot sign in")
    func noCookiesNoSignIn() async throws {
        try await withLamasat { t in
            let (browser, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
            let (_, token) = try await t.apiClient()
            let account = try #require(try await StaffUser.find(token.userID, on: t.db))
            #expect(account.isIntegration)
            let page = try await t.browser().post("/signin", ["username": account.username, "password": "!integration"])
            #expect(page.status == .unauthorized)
        }
    }

    @Test("a token's scopes narrow its role: without files.write it cannot use editBeneficiaries")
    func scopesNarrow() async throws {
        try await withLamasat { t in
            let (_, token) = try await t.apiClient(scopes: [.filesRead])
            let user = try #require(try await StaffUser.find(token.userID, on: t.db))
            let context = StaffContext(user: user, session: StaffSession(tokenHash: "", userID: user.id!, csrfToken: "", now: Date(), address: nil),
                                       branchName: "", narrowedTo: APIScope.permissions(of: token.scopes))
            #expect(context.can(.viewBeneficiaries))
            #expect(!context.can(.editBeneficiaries))
            #expect(!context.can(.manageUsers))
        }
    }

    @Test("past its rate a token is answered 429 with Retry-After, and the next minute it is served again")
    func rateLimit() async throws {
        try await withLamasat(config: { $0.apiRatePerMinute = 3 }) { t in
            let (client, _) = try await t.apiClient()
            for _ in 0..<3 { #expect(try await client.get("/api/v1/me").status == .ok) }
            let limited = try await client.get("/api/v1/me")
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers.first(name: .retryAfter) ?? "") != nil)
            t.clock.advance(by: 60)
            #expect(try await client.get("/api/v1/me").status == .ok)
        }
    }

    @Test("the contract is served as JSON without a token, and every API route declares its access")
    func contractAndDeclarations() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/api/v1/openapi.json")
            #expect(page.status == .ok)
            let spec = try APITestClient.object(page)
            #expect(spec["openapi"] as? String == "3.1.0")
            let undeclared = t.app.routes.all.filter { APIRoutes.operationKey($0) != nil && $0.access == nil }
            #expect(undeclared.map { "\($0.method) \($0.path)" } == [])
            let apiRoutes = t.app.routes.all.compactMap(APIRoutes.operationKey)
            #expect(Set(apiRoutes).isSuperset(of: APIAccess.table.keys), "every table entry is an operation of the contract")
        }
    }

    @Test("an unknown API path is a problem+json 404, not an HTML page")
    func unknownPath() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient()
            let page = try await client.get("/api/v1/no-such-thing")
            #expect(page.status == .notFound)
            #expect(page.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }
}
