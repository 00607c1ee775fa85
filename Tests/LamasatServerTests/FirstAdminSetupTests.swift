import Fluent
import Testing
import Vapor
@testable import LamasatServer

@Suite("First administrator set-up", .serialized)
struct FirstAdminSetupTests {
    static func token(from link: String) -> String { String(link.split(separator: "/").last!) }

    @Test("with no staff user a one-time link creates the first administrator, then stops working")
    func setupLink() async throws {
        try await withLamasat { t in
            let link = try #require(try await FirstAdminSetup.announceIfNeeded(t.app))
            let path = "/setup/\(Self.token(from: link))"
            let browser = t.browser()
            let form = try await browser.get(path)
            #expect(form.status == .ok)
            #expect(form.contains("إنشاء حساب مدير النظام الأول"))
            let bad = try await browser.post(path, ["fullName": "هيفاء", "username": "haifa", "password": "short", "confirmation": "short"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.contains("value=\"haifa\""))
            let done = try await browser.post(path, ["fullName": "هيفاء", "username": "haifa", "password": "a long admin phrase", "confirmation": "a long admin phrase"])
            #expect(done.location == "/signin?done=setupComplete")
            let admin = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "haifa").first())
            #expect(admin.role == .admin)
            #expect(admin.scope == .allBranches)
            #expect(try await browser.get(path).status == .notFound)
            #expect(try await FirstAdminSetup.announceIfNeeded(t.app) == nil)
            try await t.browser().signIn("haifa", "a long admin phrase")
        }
    }

    @Test("a wrong, older or expired link gets 404")
    func badLinks() async throws {
        try await withLamasat { t in
            let older = try #require(try await FirstAdminSetup.announceIfNeeded(t.app))
            let newer = try #require(try await FirstAdminSetup.announceIfNeeded(t.app))
            let browser = t.browser()
            #expect(try await browser.get("/setup/\(Self.token(from: older))").status == .notFound)
            #expect(try await browser.get("/setup/guess").status == .notFound)
            #expect(try await browser.get("/setup/\(Self.token(from: newer))").status == .ok)
            t.clock.advance(by: FirstAdminSetup.validity + 1)
            #expect(try await browser.get("/setup/\(Self.token(from: newer))").status == .notFound)
        }
    }
}
