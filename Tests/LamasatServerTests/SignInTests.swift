import Fluent
import Testing
import Vapor
@testable import LamasatServer

@Suite("Staff sign-in, sessions and lockout", .serialized)
struct SignInTests {
    @Test("the sign-in page is Arabic and right-to-left")
    func arabicSignInPage() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/signin")
            #expect(page.status == .ok)
            #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
            #expect(page.contains("تسجيل دخول الموظفين"))
        }
    }

    @Test("a correct sign-in sets an HttpOnly, SameSite=Lax session cookie and is audited")
    func signInSuccess() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let browser = t.browser()
            try await browser.get("/signin")
            let page = try await browser.post("/signin", ["username": "Noura", "password": "correct horse battery"])
            #expect(page.status == .seeOther)
            #expect(page.location == "/")
            let cookie = try #require(page.headers[.setCookie].first { $0.hasPrefix("lamasat_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            #expect(try await browser.get("/").status == .ok)
            let rows = try await t.auditEntries(action: "signin.success")
            #expect(rows.count == 1)
            #expect(rows.first?.actorName == "noura")
        }
    }

    @Test("a wrong password and an unknown account get the same answer, and both are audited as failures")
    func signInFailure() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let browser = t.browser()
            let wrong = try await browser.post("/signin", ["username": "noura", "password": "wrong password!"])
            let unknown = try await browser.post("/signin", ["username": "nobody", "password": "wrong password!"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.contains("اسم المستخدم أو كلمة المرور غير صحيحة"))
            #expect(unknown.contains("اسم المستخدم أو كلمة المرور غير صحيحة"))
            #expect(wrong.contains("value=\"noura\""), "the typed username is kept")
            #expect(browser.cookies["lamasat_session"] == nil)
            #expect(try await t.auditEntries(action: "signin.failure").count == 2)
            // What was typed as a username may be a password: it is kept only as a hash.
            let keys = try await SignInFailure.query(on: t.db).all().map(\.key)
            #expect(keys.count == 4)
            #expect(!keys.contains { $0.contains("nobody") || $0.contains("noura") })
        }
    }

    @Test("a disabled account cannot sign in")
    func disabledCannotSignIn() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer, active: false)
            let page = try await t.browser().post("/signin", ["username": "noura", "password": "correct horse battery"])
            #expect(page.status == .unauthorized)
        }
    }

    @Test("signing in again rotates the session id; the old one stops working")
    func rotation() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let browser = t.browser()
            try await browser.signIn("noura", "correct horse battery")
            let first = try #require(browser.cookies["lamasat_session"])
            try await browser.signIn("noura", "correct horse battery")
            let second = try #require(browser.cookies["lamasat_session"])
            #expect(first != second)
            let thief = t.browser()
            thief.cookies["lamasat_session"] = first
            let page = try await thief.get("/")
            #expect(page.status == .seeOther)
            #expect(try await StaffSession.query(on: t.db).count() == 1)
        }
    }

    @Test("signing out destroys the session on the server")
    func signOut() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let browser = t.browser()
            try await browser.signIn("noura", "correct horse battery")
            let token = try #require(browser.cookies["lamasat_session"])
            let page = try await browser.post("/signout")
            #expect(page.status == .seeOther)
            #expect(page.location == "/signin?done=signedOut")
            #expect(try await StaffSession.query(on: t.db).count() == 0)
            let replay = t.browser()
            replay.cookies["lamasat_session"] = token
            #expect(try await replay.get("/").location?.hasPrefix("/signin") == true)
        }
    }

    @Test("30 idle minutes end the session; activity keeps it alive")
    func idleTimeout() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let browser = t.browser()
            try await browser.signIn("noura", "correct horse battery")
            t.clock.advance(by: 29 * 60)
            #expect(try await browser.get("/").status == .ok)
            t.clock.advance(by: 29 * 60)
            #expect(try await browser.get("/").status == .ok)
            t.clock.advance(by: 30 * 60)
            let page = try await browser.get("/")
            #expect(page.status == .seeOther)
            #expect(page.location == "/signin?done=sessionEnded")
            #expect(try await StaffSession.query(on: t.db).count() == 0)
        }
    }

    @Test("12 hours after sign-in the session ends even when used every 20 minutes")
    func absoluteTimeout() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let browser = t.browser()
            try await browser.signIn("noura", "correct horse battery")
            for _ in 0..<35 {
                t.clock.advance(by: 20 * 60)
                #expect(try await browser.get("/").status == .ok)
            }
            t.clock.advance(by: 20 * 60)  // 12 h
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test("five failures for one account lock it for 15 minutes, even with the right password")
    func accountLockout() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            for index in 0..<5 {
                // Each try from another address, so only the account key counts.
                let page = try await t.browser(address: "10.0.0.\(index + 1)").post("/signin", ["username": "noura", "password": "wrong password \(index)"])
                #expect(page.status == .unauthorized)
            }
            let locked = try await t.browser(address: "10.0.0.9").post("/signin", ["username": "noura", "password": "correct horse battery"])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: "Retry-After") != nil)
            #expect(locked.contains("دقيقة"))
            t.clock.advance(by: 15 * 60 + 1)
            let after = try await t.browser(address: "10.0.0.9").post("/signin", ["username": "noura", "password": "correct horse battery"])
            #expect(after.status == .seeOther)
        }
    }

    @Test("five failures from one address lock that address, whatever X-Forwarded-For says")
    func addressLockout() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            let attacker = t.browser(address: "192.0.2.7")
            for index in 0..<5 {
                let page = try await attacker.post("/signin", ["username": "guess\(index)", "password": "wrong password"],
                                                   headers: ["X-Forwarded-For": "198.51.100.\(index)"])
                #expect(page.status == .unauthorized)
            }
            let spoofed = try await attacker.post("/signin", ["username": "noura", "password": "correct horse battery"],
                                                  headers: ["X-Forwarded-For": "203.0.113.50"])
            #expect(spoofed.status == .tooManyRequests)
            let colleague = t.browser(address: "192.0.2.8")
            #expect(try await colleague.post("/signin", ["username": "noura", "password": "correct horse battery"]).status == .seeOther)
        }
    }

    @Test("after sign-in only a local path is followed")
    func safeNext() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .admin)
            let browser = t.browser()
            try await browser.get("/signin")
            let local = try await browser.post("/signin", ["username": "noura", "password": "correct horse battery", "next": "/admin/users"])
            #expect(local.location == "/admin/users")
            let other = t.browser()
            try await other.get("/signin")
            let evil = try await other.post("/signin", ["username": "noura", "password": "correct horse battery", "next": "//evil.example/x"])
            #expect(evil.location == "/")
        }
    }

    @Test("a page asked for without a session sends to sign-in and back")
    func redirectWithNext() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/admin/users")
            #expect(page.status == .seeOther)
            #expect(page.location == "/signin?next=/admin/users")
        }
    }
}
