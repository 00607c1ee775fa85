import Fluent
import Testing
import Vapor
@testable import LamasatServer

@Suite("CSRF, security headers and error pages", .serialized)
struct WebSecurityTests {
    @Test("a form posted without the CSRF token is refused with 403 and changes nothing")
    func missingToken() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.post("/admin/settings", ["nameArabic": "اسم آخر", "decisionPeriodDays": "20"], csrf: false)
            #expect(page.status == .forbidden)
            #expect(try await OrganizationSettings.current(on: t.db).decisionPeriodDays == 14)
            #expect(try await t.auditEntries(action: "csrf.refused").count == 1)
        }
    }

    @Test("a wrong token, another session's token, or another origin is refused")
    func wrongTokenOrOrigin() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let (other, _) = try await t.signedIn(as: .manager)
            let form = ["nameArabic": "اسم آخر", "decisionPeriodDays": "20"]
            #expect(try await admin.post("/admin/settings", form.merging(["_csrf": "forged"]) { $1 }).status == .forbidden)
            #expect(try await admin.post("/admin/settings", form.merging(["_csrf": other.csrf!]) { $1 }).status == .forbidden)
            #expect(try await admin.post("/admin/settings", form, headers: ["Origin": "https://evil.example"]).status == .forbidden)
            #expect(try await admin.post("/admin/settings", form, headers: ["Sec-Fetch-Site": "cross-site"]).status == .forbidden)
            #expect(try await OrganizationSettings.current(on: t.db).decisionPeriodDays == 14)
            let good = try await admin.post("/admin/settings", form.merging(["nameEnglish": "Lamasat"]) { $1 },
                                             headers: ["Origin": "http://127.0.0.1:8080"])
            #expect(good.status == .seeOther)
            #expect(try await OrganizationSettings.current(on: t.db).decisionPeriodDays == 20)
        }
    }

    @Test("the sign-in form needs its token too")
    func signInNeedsToken() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .admin)
            let page = try await t.browser().post("/signin", ["username": "noura", "password": "correct horse battery"], csrf: false)
            #expect(page.status == .forbidden)
        }
    }

    @Test("pages, errors and static files carry the security headers; pages are never cached")
    func headers() async throws {
        try await withLamasat { t in
            let browser = t.browser()
            for path in ["/signin", "/no/such/page", "/css/app.css"] {
                let page = try await browser.get(path)
                let csp = try #require(page.headers.first(name: "Content-Security-Policy"), "\(path)")
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(page.headers.first(name: "Referrer-Policy") != nil)
                #expect(page.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS in development")
            }
            #expect(try await browser.get("/signin").headers.first(name: .cacheControl) == "no-store")
            #expect(try await browser.get("/css/app.css").headers.first(name: .cacheControl) != "no-store")
        }
    }

    @Test("a path no file can have (a part longer than a file name, a path through a file) is answered by the routes, not a 500")
    func pathsNoFileCanHave() async throws {
        try await withLamasat { t in
            let browser = t.browser()
            let long = String(repeating: "A", count: 10_000)
            #expect(try await browser.get("/css/app.css/x").status == .notFound)
            #expect(try await browser.get("/no-such/\(long)").status == .notFound)
            // A staff page with a 10 KB id: the routes answer, sending her to sign in as for any staff page.
            let page = try await browser.get("/beneficiaries/\(long)")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/signin") == true)
            #expect(try await browser.get("/css/app.css").status == .ok)
        }
    }

    @Test("an unexpected error shows a generic localized page with a reference, never the error itself")
    func internalError() async throws {
        try await withLamasat { t in
            let route = t.app.get("boom") { _ -> String in
                throw DatabaseFailure(message: "SQL error near SELECT * FROM staff_users in /work/Sources/X.swift")
            }
            route.responder = AccessGate(access: .public).makeResponder(chainingTo: route.responder)
            let page = try await t.browser().get("/boom")
            #expect(page.status == .internalServerError)
            #expect(page.contains("حدث خطأ"))
            #expect(!page.contains("SELECT"))
            #expect(!page.contains(".swift"))
            #expect(!page.contains("DatabaseFailure"))
            let json = try await t.browser().get("/boom", headers: ["Accept": "application/json"])
            #expect(json.headers.contentType == .json)
            #expect(!json.contains("SELECT"))
        }
    }

    struct DatabaseFailure: Error { let message: String }

    @Test("when no database connection frees up in time the answer is 503 'busy, try again' with Retry-After, not a 500")
    func databaseBusy() async throws {
        try await withLamasat { t in
            let route = t.app.get("busy") { _ -> String in throw ConnectionPoolTimeoutError.connectionRequestTimeout }
            route.responder = AccessGate(access: .public).makeResponder(chainingTo: route.responder)
            let page = try await t.browser().get("/busy")
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers.first(name: "Retry-After") == "5")
            #expect(page.contains(t.app.lamasat.localizer.text("error.503.message", .ar)))
            #expect(!page.contains("ConnectionPool"))
        }
    }

    @Test("the error page follows the chosen language")
    func englishErrorPage() async throws {
        try await withLamasat { t in
            let browser = t.browser()
            browser.cookies["lamasat_lang"] = "en"
            let page = try await browser.get("/no/such/page")
            #expect(page.contains("<html lang=\"en\" dir=\"ltr\">"))
            #expect(page.contains("Page not found"))
        }
    }
}
