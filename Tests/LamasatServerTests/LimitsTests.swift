import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Issue 13: limits that work behind a reverse proxy and under concurrent requests, and a beneficiary who can
/// always get into her portal however someone misuses her national ID.
@Suite("Rate limits behind a proxy and under load", .serialized)
struct LimitsTests {
    @Test("behind a trusted proxy each client is locked out alone; from any other peer the forwarding headers are ignored")
    func trustedProxy() async throws {
        try await withLamasat(config: { $0.trustedProxies = "10.0.0.5, 10.1.0.0/16" }) { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            try await t.makeUser("reem", role: .relationsOfficer)
            // Five wrong passwords from one client behind the proxy (with a spoofed left-most entry that must not count).
            for index in 0..<5 {
                let page = try await t.browser(address: "10.0.0.5").post("/signin", ["username": "guess\(index)", "password": "wrong password"],
                                                                         headers: ["X-Forwarded-For": "1.2.3.\(index), 203.0.113.9, 10.1.2.3"])
                #expect(page.status == .unauthorized)
            }
            let attacker = try await t.browser(address: "10.0.0.5").post("/signin", ["username": "noura", "password": "correct horse battery"],
                                                                          headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(attacker.status == .tooManyRequests)
            // Another client through the same proxy is not locked out with her; a `Forwarded` header the proxy does not
            // write is the client's own and is ignored.
            let colleague = try await t.browser(address: "10.0.0.5").post("/signin", ["username": "reem", "password": "correct horse battery"],
                                                                           headers: ["X-Forwarded-For": "2001:db8::7", "Forwarded": "for=203.0.113.9"])
            #expect(colleague.status == .seeOther)
            // The audit trail names the client, not the proxy.
            let refused = try #require(try await t.auditEntries(action: "signin.locked").last)
            #expect(refused.address == "203.0.113.9")
            #expect(try await t.auditEntries(action: "signin.success").last?.address == "2001:db8::7")
        }
        try await withLamasat(config: { $0.trustedProxies = "10.0.0.5"; $0.proxyHeader = .forwarded }) { t in
            // A proxy that writes RFC 7239 `Forwarded`: that header is read, X-Forwarded-For is the client's own.
            try await t.makeUser("reem", role: .relationsOfficer)
            let page = try await t.browser(address: "10.0.0.5").post("/signin", ["username": "reem", "password": "correct horse battery"],
                                                                      headers: ["Forwarded": "for=\"[2001:db8::9]:4711\";proto=https", "X-Forwarded-For": "198.51.100.1"])
            #expect(page.status == .seeOther)
            #expect(try await t.auditEntries(action: "signin.success").last?.address == "2001:db8::9")
        }
        try await withLamasat { t in
            // No trusted proxy: the header is anyone's, and the peer is the client.
            try await t.makeUser("noura", role: .relationsOfficer)
            let page = try await t.browser(address: "192.0.2.7").post("/signin", ["username": "noura", "password": "correct horse battery"],
                                                                      headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(page.status == .seeOther)
            #expect(try await t.auditEntries(action: "signin.success").last?.address == "192.0.2.7")
        }
    }

    @Test("a list of trusted proxies that is not addresses stops the start with a message naming the variable")
    func badProxyList() {
        #expect(throws: AppConfig.Problem.self) { try AppConfig.load(from: ["LAMASAT_TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"]) }
        #expect((try? AppConfig.load(from: ["LAMASAT_TRUSTED_PROXIES": "10.0.0.0/8 ::1"]))?.trustedProxies == "10.0.0.0/8 ::1")
        #expect(throws: AppConfig.Problem.self) { try AppConfig.load(from: ["LAMASAT_PROXY_HEADER": "x-real-ip"]) }
        #expect((try? AppConfig.load(from: ["LAMASAT_PROXY_HEADER": "Forwarded"]))?.proxyHeader == .forwarded)
    }

    @Test("waves of 50 wrong passwords sent at once: in all, at most five reach the password check within the window")
    func concurrentGuesses() async throws {
        // The race is the subject here, not overload (WebSecurityTests › databaseBusy): on a machine busy with the
        // whole suite, 50 sign-ins at once may wait past the pool's usual ten seconds.
        try await withLamasat(config: { $0.databaseWaitSeconds = 120 }) { t in
            try await t.makeUser("noura", role: .relationsOfficer)
            var checked = 0
            for wave in 0..<3 {
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let browser = t.browser(address: "10.9.\(wave).\(index + 1)")
                            try await browser.get("/signin")
                            return try await browser.post("/signin", ["username": "noura", "password": "wrong guess \(wave)-\(index)"]).status
                        }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                let reached = statuses.filter { $0 == .unauthorized }.count
                #expect(statuses.filter { $0 == .tooManyRequests }.count == 50 - reached, "wave \(wave): \(statuses.map(\.code).sorted())")
                checked += reached
            }
            // Each try is counted before the password is looked at, so tries sent together cannot all pass the check.
            #expect(checked <= SignInThrottle.standard.maxFailures)
            #expect(try await t.auditEntries(action: "signin.failure").count == checked)
            // One at a time afterwards, the lock is reached at the fifth failure as always.
            for index in checked..<SignInThrottle.standard.maxFailures {
                let browser = t.browser(address: "10.8.0.\(index + 1)")
                try await browser.get("/signin")
                #expect(try await browser.post("/signin", ["username": "noura", "password": "wrong again"]).status == .unauthorized)
            }
            let late = t.browser(address: "10.9.9.9")
            try await late.get("/signin")
            #expect(try await late.post("/signin", ["username": "noura", "password": "correct horse battery"]).status == .tooManyRequests)
        }
    }

    @Test("50 status look-ups from one address at once: only the hourly ten are answered")
    func concurrentLookups() async throws {
        try await withLamasat { t in
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let browser = t.browser(address: "198.51.100.20")
                        try await browser.get("/status")
                        return try await browser.post("/status", ["tracking": "R-2026-000001", "mobile": "0501234567"]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // Each answered look-up finds nothing (404); the others are refused.
            #expect(statuses.filter { $0 == .notFound }.count == PublicPagesController.lookupsPerHour)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 50 - PublicPagesController.lookupsPerHour)
            #expect(try await PublicLookup.query(on: t.db).count() == PublicPagesController.lookupsPerHour)
        }
    }

    @Test("a stranger using up her codes slows everyone down but not her own phone; her officer sees it and clears the count")
    func portalCodeLimitCleared() async throws {
        try await withLamasat { t in
            // Well inside an hour, so that the quarters below do not start a new hour's allowance.
            t.clock.advance(by: 1000)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            #expect(!(try await officer.get("/beneficiaries/\(file)").contains("/portal-codes/clear")))
            // She signed in once from her phone: it carries a device mark from then on.
            let her = try await portalSignIn(t)
            #expect(her.cookies.keys.contains(PortalDevice.cookieName))
            // A stranger takes the hour's remaining two codes and the quarter's slowed one; then nobody else gets one.
            let stranger = t.browser(address: "198.51.100.66")
            try await stranger.get("/portal/signin")
            for _ in 0..<3 { #expect(try await stranger.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther) }
            #expect(try await stranger.post("/portal/signin", ["nationalID": "1045789326"]).status == .tooManyRequests)
            let another = t.browser(address: "203.0.113.99")
            try await another.get("/portal/signin")
            #expect(try await another.post("/portal/signin", ["nationalID": "1045789326"]).status == .tooManyRequests, "at most seven an hour per ID")
            // Her own phone has its own allowance.
            #expect(try await her.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther)
            // Her officer sees what happened on the file, and clears the count.
            let filePage = try await officer.get("/beneficiaries/\(file)")
            #expect(filePage.contains(t.app.lamasat.localizer.text("portal.limit.text", .ar, ["5"])))
            #expect(try await officer.post("/beneficiaries/\(file)/portal-codes/clear").status == .seeOther)
            #expect(try await t.auditEntries(action: "portal.codeLimitCleared").count == 1)
            #expect(try await another.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther)
            // A quarter of an hour later (the same hour), one more for the ID, whoever asks.
            for _ in 0..<3 { _ = try await stranger.post("/portal/signin", ["nationalID": "1045789326"]) }
            #expect(try await stranger.post("/portal/signin", ["nationalID": "1045789326"]).status == .tooManyRequests)
            t.clock.advance(by: 15 * 60)
            #expect(try await another.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther)
            #expect(try await stranger.post("/portal/signin", ["nationalID": "1045789326"]).status == .tooManyRequests)
            // Clearing is an officer's action on a file of her branch.
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await other.post("/beneficiaries/\(file)/portal-codes/clear").status == .notFound)
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.post("/beneficiaries/\(file)/portal-codes/clear").status == .forbidden)
        }
    }

    @Test("when an address has used its ten codes, the place it took for her ID is given back")
    func placeGivenBack() async throws {
        try await withLamasat { t in
            t.clock.advance(by: 1000)
            let busy = t.browser(address: "198.51.100.5")
            try await busy.get("/portal/signin")
            let ids = ["2000000006", "1000000016", "1000000024", "1000000032", "1000000040", "1000000057", "1000000065", "1000000073",
                       "1000000081", "1000000099"]
            for id in ids { #expect(try await busy.post("/portal/signin", ["nationalID": id]).status == .seeOther, "\(id)") }
            let refused = try await busy.post("/portal/signin", ["nationalID": "1045789326"])
            #expect(refused.status == .tooManyRequests && refused.contains(t.app.lamasat.localizer.text("portal.error.tooManyFromHere", .ar)))
            // Her ID kept all three of its places.
            let her = t.browser(address: "198.51.100.6")
            try await her.get("/portal/signin")
            for _ in 0..<3 { #expect(try await her.post("/portal/signin", ["nationalID": "1045789326"]).status == .seeOther) }
        }
    }

    @Test("the plain sign-in code leaves the jobs table once it is sent; counters are keyed HMACs, never a bare hash of the ID")
    func noCodeAtRest() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            _ = try await registerFile(officer, try await fileForm(t))
            let her = t.browser()
            let (_, code) = try await askForCode(t, her)
            let jobs = try await Job.query(on: t.db).filter(\.$kind == PortalSignInController.codeJob).all()
            #expect(!jobs.isEmpty && jobs.allSatisfy { !$0.payload.contains(code) && !$0.payload.contains(":") })
            // An unknown ID's job forgets its code too.
            try await her.post("/portal/signin", ["nationalID": "1000000008"])
            while try await JobWorker(application: t.app).runDueJobs() > 0 {}
            #expect(try await Job.query(on: t.db).filter(\.$kind == PortalSignInController.codeJob).all().allSatisfy { !$0.payload.contains(":") })
            struct Row: Decodable { let bucket: String }
            let buckets = try await t.db.sql.raw("SELECT bucket FROM portal_rates").all(decoding: Row.self).map(\.bucket)
            #expect(!buckets.isEmpty)
            #expect(!buckets.contains { $0.contains("1045789326") || $0.contains(SessionTokens.hash("portal-identity:1045789326")) })
            // Staff sign-in throttles key on HMACs of the username, not its SHA-256.
            try await t.browser().post("/signin", ["username": "noura", "password": "wrong password"])
            let keys = try await SignInFailure.query(on: t.db).all().map(\.key)
            #expect(!keys.isEmpty && !keys.contains(SessionTokens.hash("account:noura")) && !keys.contains { $0.contains("noura") })
        }
    }

    @Test("her portal takes ten documents a day; the eleventh is refused with a message and stores nothing")
    func uploadQuota() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let her = try await portalSignIn(t)
            let type = try #require(try await DocumentType.query(on: t.db).filter(\.$code == "lease_contract").first())
            for index in 0..<PortalApplyController.uploadsPerDay {
                try await her.get("/portal/documents/new")
                let page = try await her.upload("/portal/documents", ["type": type.id!.uuidString, "issueDate": "2025-01-0\(index % 9 + 1)",
                                                                      "expiryDate": "2030-01-01"], file: samplePDF, filename: "lease\(index).pdf")
                #expect(page.status == .seeOther, "upload \(index)")
            }
            try await her.get("/portal/documents/new")
            let refused = try await her.upload("/portal/documents", ["type": type.id!.uuidString, "issueDate": "2025-02-01", "expiryDate": "2030-01-01"],
                                               file: samplePDF, filename: "one-more.pdf")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.contains(t.app.lamasat.localizer.text("portal.document.quota", .ar, [String(PortalApplyController.uploadsPerDay)])))
            #expect(try await BeneficiaryDocument.query(on: t.db).filter(\.$beneficiary.$id == file).filter(\.$uploadedBy == file).count()
                    == PortalApplyController.uploadsPerDay)
            // The next Riyadh day she may send again.
            t.clock.advance(by: 86_400)
            let tomorrow = try await portalSignIn(t)
            try await tomorrow.get("/portal/documents/new")
            #expect(try await tomorrow.upload("/portal/documents", ["type": type.id!.uuidString, "issueDate": "2025-02-01", "expiryDate": "2030-01-01"],
                                         file: samplePDF, filename: "next-day.pdf").status == .seeOther)
        }
    }
}
