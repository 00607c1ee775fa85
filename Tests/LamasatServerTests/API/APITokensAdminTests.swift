import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("API token administration")
struct APITokensAdminTests {
    static func form(_ name: String, scopes: [String], branch: Branch, reach: String = "ownBranch", expires: String) -> [(String, String)] {
        [("name", name), ("branch", branch.id!.uuidString), ("scope", reach), ("expires", expires)] + scopes.map { ("scopes[]", $0) }
    }

    static func day(_ t: TestContext, in days: Double) -> String {
        APITokenForm.day(t.clock.now().addingTimeInterval(days * 86_400))
    }

    @Test("only administrators manage tokens: another role is refused")
    func wrongRole() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/admin/api-tokens").status == .forbidden)
            #expect(try await officer.get("/admin/api-tokens/new").status == .forbidden)
            let hq = try await t.headOffice()
            let page = try await officer.postMany("/admin/api-tokens", Self.form("x", scopes: ["files.read"], branch: hq, expires: Self.day(t, in: 30)))
            #expect(page.status == .forbidden)
            #expect(try await APIToken.query(on: t.db).count() == 0)
        }
    }

    @Test("creating shows the secret once; it works, is stored hashed, audited without it, and listed by its prefix")
    func createShowsSecretOnce() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let hq = try await t.headOffice()
            #expect(try await admin.get("/admin/api-tokens/new").status == .ok)
            let created = try await admin.postMany("/admin/api-tokens", Self.form("موقع الجمعية", scopes: ["files.read", "requests.write"],
                                                                                  branch: hq, expires: Self.day(t, in: 90)))
            #expect(created.status == .created, "\(created.status)")
            let secret = try #require(created.body.range(of: #"lms_[A-Za-z0-9_\-]+"#, options: .regularExpression).map { String(created.body[$0]) })
            let token = try #require(try await APIToken.query(on: t.db).first())
            #expect(token.tokenHash != secret)
            #expect(token.scopes == [.filesRead, .requestsWrite])
            let client = APITestClient(browser: t.browser(), secret: secret)
            #expect(try await client.get("/api/v1/me").status == .ok)
            let list = try await admin.get("/admin/api-tokens")
            #expect(list.contains("موقع الجمعية"))
            #expect(list.contains(token.prefix))
            #expect(!list.contains(secret))
            let audit = try #require(try await t.auditEntries(action: "api.tokenCreated").first)
            #expect(!(audit.detail ?? "").contains(secret))
            // The name is unique among active tokens; the expiry is in the future and within a year; a scope is required.
            let again = try await admin.postMany("/admin/api-tokens", Self.form("موقع الجمعية", scopes: ["files.read"], branch: hq, expires: Self.day(t, in: 30)))
            #expect(again.status == .unprocessableEntity)
            let late = try await admin.postMany("/admin/api-tokens", Self.form("بعيد", scopes: ["files.read"], branch: hq, expires: Self.day(t, in: 400)))
            #expect(late.status == .unprocessableEntity)
            let none = try await admin.postMany("/admin/api-tokens", Self.form("بلا صلاحيات", scopes: [], branch: hq, expires: Self.day(t, in: 30)))
            #expect(none.status == .unprocessableEntity)
            #expect(try await APIToken.query(on: t.db).count() == 1)
            // Integrations' accounts are not staff to manage on /admin/users.
            let users = try await admin.get("/admin/users")
            let account = try #require(try await StaffUser.find(token.userID, on: t.db))
            #expect(!users.contains(account.username))
            #expect(try await admin.get("/admin/users/\(account.id!.uuidString)").status == .notFound)
        }
    }

    @Test("revoking asks first, then refuses the token at once; it stays listed as revoked")
    func revoke() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let (client, token) = try await t.apiClient("تطبيق الجوال")
            let confirm = try await admin.get("/admin/api-tokens/\(token.id!.uuidString)/revoke")
            #expect(confirm.status == .ok)
            #expect(confirm.contains("تطبيق الجوال"))
            let unconfirmed = try await admin.post("/admin/api-tokens/\(token.id!.uuidString)/revoke")
            #expect(unconfirmed.status == .seeOther)
            #expect(try await client.get("/api/v1/me").status == .ok)
            let done = try await admin.post("/admin/api-tokens/\(token.id!.uuidString)/revoke", ["confirm": "yes"])
            #expect(done.status == .seeOther)
            #expect(try await client.get("/api/v1/me").status == .unauthorized)
            #expect(try await t.auditEntries(action: "api.tokenRevoked").count == 1)
            let list = try await admin.get("/admin/api-tokens")
            #expect(list.contains("تطبيق الجوال"))
            #expect(list.contains("ملغى"))
        }
    }

    @Test("an administrator of another branch neither sees nor revokes head office's tokens, nor gives all branches")
    func otherBranch() async throws {
        try await withLamasat { t in
            let (_, token) = try await t.apiClient("بوابة-المقر-الخاصة")
            let jeddah = try await t.makeBranch("JED")
            let (admin, _) = try await t.signedIn(as: .admin, username: "jed.admin", branch: jeddah, scope: .ownBranch)
            let list = try await admin.get("/admin/api-tokens")
            #expect(list.status == .ok)
            #expect(!list.contains("بوابة-المقر-الخاصة"))
            #expect(try await admin.get("/admin/api-tokens/\(token.id!.uuidString)/revoke").status == .notFound)
            #expect(try await admin.post("/admin/api-tokens/\(token.id!.uuidString)/revoke", ["confirm": "yes"]).status == .notFound)
            #expect(try await t.auditEntries(action: "access.outOfScope").contains { $0.recordID == token.id!.uuidString })
            #expect(try await APIToken.find(token.id, on: t.db)?.revokedAt == nil)
            let wide = try await admin.postMany("/admin/api-tokens", Self.form("واسع", scopes: ["files.read"], branch: jeddah, reach: "allBranches",
                                                                              expires: Self.day(t, in: 30)))
            #expect(wide.status == .unprocessableEntity)
        }
    }

    @Test("the contract's readable page is public, grouped by tag, in Arabic and English")
    func docsPage() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/api/v1/docs")
            #expect(page.status == .ok)
            #expect(page.contains("/api/v1/beneficiaries/{beneficiaryId}"))
            #expect(page.contains("توثيق واجهة JSON"))
            let english = try await t.browser().get("/api/v1/docs?lang=en")
            #expect(english.contains("JSON API documentation"))
        }
    }
}
