import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Deny by default over every route", .serialized)
struct AccessControlTests {
    /// The route's path with a made-up id in every parameter.
    static func concretePath(_ route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .parameter: UUID().uuidString
            default: component.description
            }
        }.joined(separator: "/")
    }

    @Test("every registered route declares who may reach it")
    func everyRouteDeclared() async throws {
        try await withLamasat { t in
            let routes = t.app.routes.all
            #expect(routes.count > 20)
            for route in routes {
                #expect(route.access != nil, "\(route.method) \(route.path) has no access declaration")
            }
        }
    }

    @Test("without a session, every non-public page redirects to sign-in (hers or staff's) and every action gets 401")
    func noSession() async throws {
        try await withLamasat { t in
            let browser = t.browser()
            try await browser.get("/signin")
            for route in t.app.routes.all where route.access != .public {
                let path = Self.concretePath(route)
                if case .api = route.access {
                    // The API has no sign-in page to send anyone to: a call without a token is refused as a problem.
                    let page = try await browser.send(route.method, path, headers: [:], body: nil)
                    #expect(page.status == .unauthorized, "\(route.method) \(path)")
                    #expect(page.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true, "\(route.method) \(path)")
                } else if route.method == .GET {
                    let page = try await browser.get(path)
                    #expect(page.status == .seeOther, "GET \(path)")
                    // Her portal's pages send her to her own sign-in; every other page to the staff one.
                    #expect(page.location?.hasPrefix(route.access == .beneficiary ? "/portal/signin" : "/signin") == true, "GET \(path)")
                } else {
                    let page = try await browser.post(path)
                    #expect(page.status == .unauthorized, "\(route.method) \(path)")
                }
            }
        }
    }

    @Test("no staff session, of any role, reaches a page of the beneficiary portal")
    func staffNeverInPortal() async throws {
        try await withLamasat { t in
            for role in Role.allCases {
                let (browser, _) = try await t.signedIn(as: role)
                for route in t.app.routes.all where route.access == .beneficiary {
                    let path = Self.concretePath(route)
                    if route.method == .GET {
                        #expect(try await browser.get(path).location == "/portal/signin", "\(role) GET \(path)")
                    } else {
                        #expect(try await browser.post(path).status == .unauthorized, "\(role) \(route.method) \(path)")
                    }
                }
            }
        }
    }

    @Test("a signed-in role without the route's permission gets 403 on every route (a money role 404 on beneficiary work), and it is audited")
    func wrongRole() async throws {
        try await withLamasat { t in
            var browsers: [Role: Browser] = [:]
            for role in Role.allCases {
                browsers[role] = try await t.signedIn(as: role).0
            }
            var checked = 0
            for route in t.app.routes.all {
                guard case .permission(let permission) = route.access ?? .public else { continue }
                for role in RolePermissions.roles(without: permission) {
                    let browser = browsers[role]!
                    let path = Self.concretePath(route)
                    let page = route.method == .GET ? try await browser.get(path) : try await browser.post(path)
                    #expect(page.status == role.refusal(of: permission), "\(role) \(route.method) \(path)")
                    checked += 1
                }
            }
            #expect(checked > 50)
            #expect(try await t.auditEntries(action: "access.refused").count == checked)
        }
    }

    @Test("/metrics: a role without the permission gets 403, loopback and admins get the numbers")
    func metricsAccess() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/metrics").status == .forbidden)
            let (admin, _) = try await t.signedIn(as: .admin)
            let adminPage = try await admin.get("/metrics")
            #expect(adminPage.status == .ok)
            #expect(adminPage.contains("lamasat_http_requests_total"))
            let local = try await t.browser(address: "127.0.0.1").get("/metrics")
            #expect(local.status == .ok)
            #expect(local.contains("lamasat_jobs_queued_count"))
            #expect(try await t.browser(address: "192.0.2.1").get("/metrics").status == .seeOther)
            // Through a reverse proxy on the same machine the request is not "local".
            let proxied = try await t.browser(address: "127.0.0.1").get("/metrics", headers: ["X-Forwarded-For": "198.51.100.4"])
            #expect(proxied.status == .seeOther)
        }
    }

    @Test("/healthz answers without a session and checks the database")
    func health() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/healthz")
            #expect(page.status == .ok)
            #expect(page.body == "ok\n")
        }
    }

    @Test("an unknown URL gets the localized 404 page without internals")
    func notFound() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/no/such/page", headers: ["Accept": "text/html"])
            #expect(page.status == .notFound)
            #expect(page.contains("الصفحة غير موجودة"))
            #expect(!page.contains("Abort"))
            #expect(!page.contains(".swift"))
        }
    }

    @Test("a user who must change her password reaches only the password page")
    func mustChangePassword() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .admin, mustChangePassword: true)
            let browser = t.browser()
            try await browser.get("/signin")
            let signIn = try await browser.post("/signin", ["username": "noura", "password": "correct horse battery"])
            #expect(signIn.location == "/account/password")
            #expect(try await browser.get("/admin/users").location == "/account/password")
            #expect(try await browser.get("/account/password").contains("عُيّنت لكِ كلمة مرور مؤقتة"))
            let change = try await browser.post("/account/password", [
                "current": "correct horse battery", "password": "a brand new phrase", "confirmation": "a brand new phrase",
            ])
            #expect(change.status == .seeOther)
            #expect(try await browser.get("/admin/users").status == .ok)
        }
    }

    @Test("the navigation shows only what the role may use")
    func navigationByRole() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let officerPage = try await officer.get("/")
            #expect(officerPage.contains("href=\"/\" aria-current=\"page\""))
            for path in ["/admin/users", "/admin/branches", "/admin/settings", "/admin/audit", "/admin/outbox"] {
                #expect(!officerPage.contains("href=\"\(path)\""), "\(path)")
            }
            let (manager, _) = try await t.signedIn(as: .manager)
            let managerPage = try await manager.get("/")
            #expect(managerPage.contains("href=\"/admin/outbox\""))
            #expect(!managerPage.contains("href=\"/admin/users\""))
            let (admin, _) = try await t.signedIn(as: .admin)
            let adminPage = try await admin.get("/")
            for path in ["/admin/users", "/admin/branches", "/admin/settings", "/admin/audit", "/admin/outbox"] {
                #expect(adminPage.contains("href=\"\(path)\""), "\(path)")
            }
        }
    }
}
