import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Her authenticator in the tests: the secret read off the enrolment page, the code of any moment.
struct Authenticator {
    let secret: [UInt8]

    init(page: Browser.Page) throws {
        let start = try #require(page.body.range(of: "<code id=\"totp-secret\">"))
        let end = try #require(page.body[start.upperBound...].range(of: "</code>"))
        secret = try #require(Base32.decode(String(page.body[start.upperBound..<end.lowerBound])))
    }

    func code(_ t: TestContext, stepsAhead: Int = 0) -> String {
        SecondFactor.totp(secret).code(at: t.clock.now().addingTimeInterval(Double(stepsAhead) * 30))
    }
}

/// Issue 13: a stolen password does not open a staff account — two-step sign-in (TOTP) required for administrators
/// and managers, a setting for the others; recovery codes; and passwords from the common list refused.
@Suite("Two-step sign-in and password rules", .serialized)
struct SecondFactorTests {
    /// Signs in with the password and enrols: returns her browser, her authenticator and her recovery codes.
    func enrolled(_ t: TestContext, _ role: Role, username: String) async throws -> (Browser, Authenticator, [String]) {
        let (browser, _) = try await t.signedIn(as: role, username: username)
        #expect(try await browser.get("/").location == "/account/two-factor")
        let page = try await browser.get("/account/two-factor")
        #expect(page.contains("data:image/svg+xml;base64,"))
        let app = try Authenticator(page: page)
        let enabled = try await browser.post("/account/two-factor/enable", ["code": app.code(t)])
        #expect(enabled.status == .ok)
        let codes = enabled.body.ranges(of: #/<li><code>([a-z0-9-]+)</code></li>/#).map { String(enabled.body[$0]).replacingOccurrences(of: "<li><code>", with: "").replacingOccurrences(of: "</code></li>", with: "") }
        #expect(codes.count == 10 && Set(codes).count == 10)
        return (browser, app, codes)
    }

    @Test("an administrator reaches nothing before enrolling; the QR and the key add the account; a code turns it on; ten recovery codes show once")
    func enrolment() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await admin.get("/admin/users").location == "/account/two-factor")
            #expect(try await admin.post("/admin/branches", ["code": "JED"]).status == .forbidden)
            let page = try await admin.get("/account/two-factor")
            #expect(page.contains(t.app.lamasat.localizer.text("mfa.requiredNotice", .ar)))
            // The QR code is an image the server drew: an SVG with one path, no script.
            let start = try #require(page.body.range(of: "data:image/svg+xml;base64,"))
            let encoded = page.body[start.upperBound...].prefix { $0 != "\"" }
            let svg = String(decoding: try #require(Data(base64Encoded: String(encoded))), as: UTF8.self)
            #expect(svg.hasPrefix("<svg") && svg.components(separatedBy: "<path").count == 2 && !svg.contains("<script"))
            // A reload shows the same key, so a phone that scanned it stays right.
            let app = try Authenticator(page: page)
            #expect(try Authenticator(page: try await admin.get("/account/two-factor")).secret == app.secret)
            // A wrong code changes nothing.
            #expect(try await admin.post("/account/two-factor/enable", ["code": "000000"]).status == .unprocessableEntity)
            let enabled = try await admin.post("/account/two-factor/enable", ["code": app.code(t)])
            #expect(enabled.contains(t.app.lamasat.localizer.text("mfa.recovery.title", .ar)))
            #expect(try await admin.get("/admin/users").status == .ok)
            // The secret rests sealed, the recovery codes as keyed hashes only.
            let user = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "admin1").first())
            #expect(user.totpEnabledAt != nil && user.totpSecret != nil && !(user.totpSecret!.contains(Base32.encode(app.secret))))
            let stored = try await StaffRecoveryCode.query(on: t.db).filter(\.$userID == user.id!).all()
            #expect(stored.count == 10 && stored.allSatisfy { $0.codeHash.count == 64 && !enabled.contains($0.codeHash) })
            #expect(try await t.auditEntries(action: "mfa.enabled").count == 1)
        }
    }

    @Test("sign-in asks for the code; a wrong one, a used one or one two steps off is refused; the right one opens the session")
    func signInWithCode() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (first, app, _) = try await enrolled(t, .manager, username: "mona")
            _ = first
            let browser = t.browser()
            try await browser.get("/signin")
            let password = try await browser.post("/signin", ["username": "mona", "password": "correct horse battery", "next": "/beneficiaries"])
            #expect(password.location == "/signin/verify?next=/beneficiaries")
            // The password alone opens nothing.
            #expect(try await browser.get("/beneficiaries").location?.hasPrefix("/signin") == true)
            try await browser.get("/signin/verify")
            #expect(try await browser.post("/signin/verify", ["code": "123456"]).status == .unauthorized)
            #expect(try await browser.post("/signin/verify", ["code": app.code(t, stepsAhead: 2)]).status == .unauthorized)
            // The code used at enrolment is spent; the next step's is good (±1 step), typed in Arabic-Indic digits.
            #expect(try await browser.post("/signin/verify", ["code": app.code(t)]).status == .unauthorized)
            let next = String(app.code(t, stepsAhead: 1).map { Character(UnicodeScalar(0x0660 + Int(String($0))!)!) })
            let opened = try await browser.post("/signin/verify", ["code": next, "next": "/beneficiaries"])
            #expect(opened.status == .seeOther && opened.location == "/beneficiaries")
            #expect(try await browser.get("/beneficiaries").status == .ok)
            // The same code from another browser (a replay) is refused.
            let thief = t.browser()
            try await thief.get("/signin")
            #expect(try await thief.post("/signin", ["username": "mona", "password": "correct horse battery"]).location?.hasPrefix("/signin/verify") == true)
            try await thief.get("/signin/verify")
            #expect(try await thief.post("/signin/verify", ["code": ArabicDigits.westernized(next)]).status == .unauthorized)
            #expect(try await t.auditEntries(action: "signin.secondFactorFailure").count == 4)
        }
    }

    @Test("a recovery code opens the account once; five wrong codes end the half-finished sign-in")
    func recoveryAndLimit() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (_, _, codes) = try await enrolled(t, .admin, username: "amal")
            let browser = t.browser()
            try await browser.get("/signin")
            try await browser.post("/signin", ["username": "amal", "password": "correct horse battery"])
            try await browser.get("/signin/verify")
            #expect(try await browser.post("/signin/verify", ["code": codes[3].uppercased()]).status == .seeOther)
            #expect(try await t.auditEntries(action: "signin.recoveryCodeUsed").count == 1)
            let again = t.browser()
            try await again.get("/signin")
            try await again.post("/signin", ["username": "amal", "password": "correct horse battery"])
            try await again.get("/signin/verify")
            #expect(try await again.post("/signin/verify", ["code": codes[3]]).status == .unauthorized)
            for _ in 0..<3 { #expect(try await again.post("/signin/verify", ["code": "999999"]).status == .unauthorized) }
            // The fifth wrong code ends it.
            let ended = try await again.post("/signin/verify", ["code": "999999"])
            #expect(ended.location == "/signin?done=secondFactorLocked")
            #expect(try await again.post("/signin/verify", ["code": codes[4]]).location == "/signin")
            #expect(try await t.auditEntries(action: "signin.secondFactorLocked").count == 1)
        }
    }

    @Test("a known password buys five code guesses per account, however many half-finished sign-ins are opened; one is open at a time")
    func guessesPerAccount() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (_, app, _) = try await enrolled(t, .manager, username: "mona")
            var sessions: [Browser] = []
            for index in 0..<3 {
                let browser = t.browser(address: "10.7.0.\(index + 1)")
                try await browser.get("/signin")
                #expect(try await browser.post("/signin", ["username": "mona", "password": "correct horse battery"]).location == "/signin/verify")
                sessions.append(browser)
            }
            // Each new one ended the one before.
            #expect(try await StaffSession.query(on: t.db).filter(\.$secondFactorPending == true).count() == 1)
            #expect(try await sessions[0].post("/signin/verify", ["code": "111111"]).location == "/signin")
            // Five wrong codes spread over fresh sign-ins lock the account, the right code included.
            var wrong = 0
            while wrong < 5 {
                let browser = t.browser(address: "10.7.1.\(wrong + 1)")
                try await browser.get("/signin")
                guard try await browser.post("/signin", ["username": "mona", "password": "correct horse battery"]).location == "/signin/verify" else { break }
                #expect(try await browser.post("/signin/verify", ["code": "22222\(wrong)"]).status == .unauthorized)
                wrong += 1
            }
            #expect(wrong == 5)
            let last = t.browser(address: "10.7.2.1")
            try await last.get("/signin")
            let locked = try await last.post("/signin", ["username": "mona", "password": "correct horse battery"])
            #expect(locked.status == .tooManyRequests)
            _ = app
        }
    }

    @Test("the code asked to change two-step settings is limited too: five wrong ones, then even the right one waits")
    func confirmLimited() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (admin, app, _) = try await enrolled(t, .admin, username: "amal")
            for _ in 0..<5 {
                #expect(try await admin.post("/account/two-factor/recovery-codes", ["code": "000000"]).contains(t.app.lamasat.localizer.text("mfa.verify.wrong", .ar)))
            }
            let locked = try await admin.post("/account/two-factor/recovery-codes", ["code": app.code(t, stepsAhead: 1)])
            #expect(locked.status == .unprocessableEntity && locked.contains(t.app.lamasat.localizer.text("mfa.confirmLocked", .ar)))
            #expect(try await t.auditEntries(action: "mfa.confirmFailed").count == 5)
            #expect(try await t.auditEntries(action: "mfa.confirmLocked").count == 1)
            t.clock.advance(by: 15 * 60 + 1)
            #expect(try await admin.post("/account/two-factor/recovery-codes", ["code": app.code(t)]).contains(t.app.lamasat.localizer.text("mfa.recovery.title", .ar)))
        }
    }

    @Test("a sealed secret copied to another account opens nothing")
    func sealedPerAccount() async throws {
        try await withLamasat(secondFactor: true) { t in
            _ = try await enrolled(t, .admin, username: "amal")
            let amal = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "amal").first())
            let other = try await t.makeUser("huda", role: .admin)
            #expect(SecondFactor.unseal(amal.totpSecret, key: t.app.lamasat.secrets.sealing, for: amal) != nil)
            #expect(SecondFactor.unseal(amal.totpSecret, key: t.app.lamasat.secrets.sealing, for: other) == nil)
        }
    }

    @Test("a half-finished sign-in ends after five minutes: the code then opens nothing")
    func pendingExpires() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (_, app, _) = try await enrolled(t, .manager, username: "mona")
            let browser = t.browser()
            try await browser.get("/signin")
            #expect(try await browser.post("/signin", ["username": "mona", "password": "correct horse battery"]).location == "/signin/verify")
            t.clock.advance(by: SecondFactor.pendingLifetime + 1)
            #expect(try await browser.post("/signin/verify", ["code": app.code(t)]).location == "/signin")
            #expect(try await browser.get("/").location?.hasPrefix("/signin") == true)
            #expect(try await StaffSession.query(on: t.db).filter(\.$secondFactorPending == true).count() == 0)
        }
    }

    @Test("two-step sign-in is a setting for the other roles; an officer may turn hers off, a manager may not; reset removes it")
    func settingAndReset() async throws {
        try await withLamasat(secondFactor: true) { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/beneficiaries").status == .ok)
            let (admin, _, _) = try await enrolled(t, .admin, username: "hq.admin")
            try await admin.get("/admin/settings")
            #expect(try await admin.post("/admin/settings/two-factor", ["allStaff": "on"]).status == .seeOther)
            #expect(try await officer.get("/beneficiaries").location == "/account/two-factor")
            #expect(try await admin.post("/admin/settings/two-factor", [:]).status == .seeOther)
            // Her own choice: on, then off with a code.
            let page = try await officer.get("/account/two-factor")
            let app = try Authenticator(page: page)
            #expect(try await officer.post("/account/two-factor/enable", ["code": app.code(t)]).status == .ok)
            #expect(try await officer.post("/account/two-factor/disable", ["code": app.code(t, stepsAhead: 1)]).location == "/signin?done=secondFactorOff")
            let user = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "relationsofficer1").first())
            #expect(user.totpEnabledAt == nil && user.totpSecret == nil)
            // A manager cannot.
            let (manager, managerApp, _) = try await enrolled(t, .manager, username: "manager.two")
            let refused = try await manager.post("/account/two-factor/disable", ["code": managerApp.code(t, stepsAhead: 1)])
            #expect(refused.status == .conflict)
            // The administrator's reset (as `lamasat user --reset-mfa` does) removes it and ends her sessions.
            let managerUser = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "manager.two").first())
            try await SecondFactor.reset(managerUser, on: t.db)
            #expect(try await manager.get("/").location?.hasPrefix("/signin") == true)
            #expect(try await StaffRecoveryCode.query(on: t.db).filter(\.$userID == managerUser.id!).count() == 0)
        }
    }

    @Test("passwords from the common list, or holding the username or the association's name, are refused everywhere staff set one")
    func passwordRules() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            try await admin.get("/admin/users/new")
            let branch = try await t.headOffice().id!.uuidString
            for (password, problem) in [("password1234", "common"), ("qwertyuiop", "common"), ("reem.ghamdi2026!", "containsUsername"),
                                        ("جمعية لمسات الخيرية", "containsOrganizationName"), ("MyLamasat-Pass-99", "containsOrganizationName")] {
                let page = try await admin.post("/admin/users", ["fullName": "ريم", "username": "reem.ghamdi", "email": "", "role": "researcher",
                                                                  "scope": "ownBranch", "branch": branch, "password": password, "confirmation": password])
                #expect(page.status == .unprocessableEntity, "\(password)")
                #expect(page.contains(t.app.lamasat.localizer.text("validation.password.\(problem)", .ar)), "\(password)")
            }
            #expect(try await StaffUser.query(on: t.db).filter(\.$username == "reem.ghamdi").count() == 0)
            // Her own change goes through the same rules.
            let changed = try await admin.post("/account/password", ["current": "correct horse battery", "password": "iloveyou123",
                                                                      "confirmation": "iloveyou123"])
            #expect(changed.status == .unprocessableEntity)
        }
    }
}
