import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Administration of users", .serialized)
struct UsersAdminTests {
    func newUserForm(_ t: TestContext, username: String = "reem", password: String = "كلمة مرور عربية طويلة") async throws -> [String: String] {
        ["fullName": "ريم خالد الغامدي", "username": username, "email": "", "role": "researcher", "scope": "ownBranch",
         "branch": try await t.headOffice().id!.uuidString, "password": password, "confirmation": password]
    }

    @Test("an admin creates a user with an Arabic password; the new user signs in and must change it")
    func createUser() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.post("/admin/users", try await newUserForm(t))
            #expect(page.status == .seeOther)
            let user = try #require(try await StaffUser.query(on: t.db).filter(\.$username == "reem").first())
            #expect(user.role == .researcher)
            #expect(user.mustChangePassword)
            #expect(try await t.auditEntries(action: "user.created").count == 1)
            let reem = t.browser()
            try await reem.get("/signin")
            let signIn = try await reem.post("/signin", ["username": "reem", "password": "كلمة مرور عربية طويلة"])
            #expect(signIn.location == "/account/password")
        }
    }

    @Test("a form with errors comes back with what was typed and a message tied to each field")
    func validationKeepsInput() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            var form = try await newUserForm(t, username: "R", password: "short")
            form["email"] = "not an email"
            let page = try await admin.post("/admin/users", form)
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains("value=\"ريم خالد الغامدي\""))
            #expect(page.contains("aria-describedby=\"field-username-hint field-username-error\""))
            #expect(page.contains("id=\"field-password-error\""))
            #expect(page.contains("id=\"field-email-error\""))
            #expect(page.contains("autofocus"))
            #expect(try await StaffUser.query(on: t.db).filter(\.$username == "r").count() == 0)
        }
    }

    @Test("a taken username is refused")
    func duplicateUsername() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await admin.post("/admin/users", try await newUserForm(t)).status == .seeOther)
            let again = try await admin.post("/admin/users", try await newUserForm(t, username: "REEM"))
            #expect(again.status == .unprocessableEntity)
            #expect(again.contains("اسم المستخدم مستخدم من قبل"))
        }
    }

    @Test("changing a user's role ends her sessions")
    func roleChangeEndsSessions() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/").status == .ok)
            let form = ["fullName": user.fullName, "email": "", "role": "manager", "scope": "ownBranch", "branch": user.$branch.id.uuidString]
            #expect(try await admin.post("/admin/users/\(user.id!)", form).status == .seeOther)
            #expect(try await StaffUser.find(user.id, on: t.db)?.role == .manager)
            #expect(try await officer.get("/").status == .seeOther)
        }
    }

    @Test("disabling a user ends her sessions and she cannot sign in; enabling lets her back")
    func disableEndsSessions() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await admin.post("/admin/users/\(user.id!)/disable").status == .seeOther)
            #expect(try await officer.get("/").status == .seeOther)
            #expect(try await t.browser().post("/signin", ["username": user.username, "password": "correct horse battery"]).status == .unauthorized)
            #expect(try await admin.post("/admin/users/\(user.id!)/enable").status == .seeOther)
            try await t.browser().signIn(user.username, "correct horse battery")
        }
    }

    @Test("an admin cannot disable herself or demote the last administrator")
    func lockoutProtection() async throws {
        try await withLamasat { t in
            let (admin, me) = try await t.signedIn(as: .admin)
            #expect(try await admin.post("/admin/users/\(me.id!)/disable").status == .conflict)
            let form = ["fullName": me.fullName, "email": "", "role": "manager", "scope": "allBranches", "branch": me.$branch.id.uuidString]
            let demote = try await admin.post("/admin/users/\(me.id!)", form)
            #expect(demote.status == .unprocessableEntity)
            #expect(try await StaffUser.find(me.id, on: t.db)?.role == .admin)
        }
    }

    @Test("resetting a password shows a temporary one once, ends her sessions and forces a change")
    func resetPassword() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let (officer, user) = try await t.signedIn(as: .relationsOfficer)
            let page = try await admin.post("/admin/users/\(user.id!)/password")
            #expect(page.status == .ok)
            let marker = "<p class=\"secret\" dir=\"ltr\"><code>"
            let start = try #require(page.body.range(of: marker))
            let temporary = String(page.body[start.upperBound...].prefix(14))
            #expect(temporary.count == 14)
            #expect(try await officer.get("/").status == .seeOther)
            let again = t.browser()
            try await again.get("/signin")
            #expect(try await again.post("/signin", ["username": user.username, "password": temporary]).location == "/account/password")
            #expect(try await admin.get("/admin/users/\(user.id!)").contains(temporary) == false)
        }
    }

    @Test("an administrator limited to her branch sees and edits only her branch's staff")
    func otherBranch() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let hqOfficer = try await t.makeUser("hq.officer", role: .relationsOfficer)
            let (branchAdmin, _) = try await t.signedIn(as: .admin, username: "jed.admin", branch: jeddah, scope: .ownBranch)
            try await t.makeUser("jed.officer", role: .relationsOfficer, branch: jeddah)
            let list = try await branchAdmin.get("/admin/users")
            #expect(list.contains("jed.officer"))
            #expect(!list.contains("hq.officer"))
            #expect(try await branchAdmin.get("/admin/users/\(hqOfficer.id!)").status == .notFound)
            #expect(try await branchAdmin.post("/admin/users/\(hqOfficer.id!)/disable").status == .notFound)
            #expect(try await StaffUser.find(hqOfficer.id, on: t.db)?.isActive == true)
            // Nor can she move a user to a branch she does not manage.
            var form = try await newUserForm(t, username: "sneaky")
            form["branch"] = try await t.headOffice().id!.uuidString
            #expect(try await branchAdmin.post("/admin/users", form).status == .unprocessableEntity)
        }
    }

    @Test("the user list searches by name and pages through many users")
    func searchAndPaging() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            for index in 0..<30 { try await t.makeUser(String(format: "staff%02d", index), role: .serviceOfficer) }
            let first = try await admin.get("/admin/users?role=serviceOfficer")
            #expect(first.contains("صفحة 1 من 2 (30 نتيجة)"))
            #expect(first.contains("page=2"))
            let second = try await admin.get("/admin/users?role=serviceOfficer&page=٢")
            #expect(second.contains("صفحة 2 من 2"))
            let none = try await admin.get("/admin/users?q=nobody-like-this")
            #expect(none.contains("لا توجد نتائج"))
            #expect(!none.contains("<table"))
            let search = try await admin.get("/admin/users?q=staff07")
            #expect(search.contains("staff07"))
            #expect(!search.contains("staff08"))
        }
    }

    @Test("what users type is escaped on every page")
    func escapesInput() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            var form = try await newUserForm(t)
            form["fullName"] = "<script>alert('x')</script>"
            #expect(try await admin.post("/admin/users", form).status == .seeOther)
            let page = try await admin.get("/admin/users")
            #expect(!page.contains("<script>alert"))
            #expect(page.contains("&lt;script&gt;"))
        }
    }
}
