import Fluent
import SQLKit
import Testing
import Vapor
@testable import LamasatServer

@Suite("Audit trail", .serialized)
struct AuditTrailTests {
    @Test("rows are chained by hash and the chain verifies")
    func chainVerifies() async throws {
        try await withLamasat { t in
            for index in 0..<30 {
                try await AuditChain.append(.init(actorName: "u\(index)", action: "test.event", outcome: .success), at: t.clock.now(), key: t.app.lamasat.secrets.audit, on: t.db)
            }
            let result = try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db, pageSize: 7)
            #expect(result.isIntact)
            #expect(result.checked == 30)
            let rows = try await t.auditEntries()
            #expect(rows.map(\.id) == Array(1...30).map(Int64.init))
            #expect(rows[1].previousHash == rows[0].hash)
        }
    }

    @Test("the database refuses to change or delete an audit row")
    func appendOnly() async throws {
        try await withLamasat { t in
            try await AuditChain.append(.init(actorName: "noura", action: "test.event", outcome: .success), at: t.clock.now(), key: t.app.lamasat.secrets.audit, on: t.db)
            await #expect(throws: (any Error).self) {
                try await t.db.sql.raw("UPDATE audit_entries SET action = 'nothing'").run()
            }
            await #expect(throws: (any Error).self) {
                try await t.db.sql.raw("DELETE FROM audit_entries").run()
            }
            #expect(try await t.auditEntries().first?.action == "test.event")
        }
    }

    @Test("an altered or removed row breaks the chain at that row")
    func tamperingDetected() async throws {
        try await withLamasat { t in
            for index in 0..<5 {
                try await AuditChain.append(.init(actorName: "u\(index)", action: "test.event", outcome: .success), at: t.clock.now(), key: t.app.lamasat.secrets.audit, on: t.db)
            }
            // Someone with database access switches the guard off first.
            if runsOnPostgres {
                try await t.db.sql.raw("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only").run()
            } else {
                try await t.db.sql.raw("DROP TRIGGER audit_entries_no_update").run()
                try await t.db.sql.raw("DROP TRIGGER audit_entries_no_delete").run()
            }
            try await t.db.sql.raw("UPDATE audit_entries SET outcome = 'failure' WHERE sequence = 3").run()
            #expect(try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db).firstBrokenSequence == 3)
            try await t.db.sql.raw("UPDATE audit_entries SET outcome = 'success' WHERE sequence = 3").run()
            #expect(try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db).isIntact)
            try await t.db.sql.raw("DELETE FROM audit_entries WHERE sequence = 5").run()
            #expect(try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db).firstBrokenSequence == 5)
        }
    }

    @Test("no password, CSRF token or session token ever reaches the audit trail")
    func noSecrets() async throws {
        try await withLamasat { t in
            try await t.makeUser("noura", role: .admin)
            let browser = t.browser()
            try await browser.post("/signin", ["username": "noura", "password": "wrong secret phrase"])
            try await browser.signIn("noura", "correct horse battery")
            try await browser.post("/admin/users", ["fullName": "ريم", "username": "reem", "role": "researcher",
                                                    "branch": try await t.headOffice().id!.uuidString,
                                                    "password": "ريم كلمة سر طويلة", "confirmation": "ريم كلمة سر طويلة"])
            let rows = try await t.auditEntries()
            #expect(rows.count >= 3)
            let text = rows.map { [$0.actorName, $0.action, $0.recordType, $0.recordID, $0.detail, $0.address].compactMap { $0 }.joined(separator: " ") }
                .joined(separator: "\n")
            for secret in ["wrong secret phrase", "correct horse battery", "ريم كلمة سر طويلة", browser.csrf!, browser.cookies["lamasat_session"]!] {
                #expect(!text.contains(secret))
            }
        }
    }

    @Test("the admin audit page filters, pages and verifies the chain")
    func auditPage() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            try await t.browser().post("/signin", ["username": "admin1", "password": "nope nope nope"])
            let failures = try await admin.get("/admin/audit?outcome=failure")
            #expect(failures.status == .ok)
            #expect(failures.contains("signin.failure"))
            #expect(!failures.contains("signin.success"))
            let verified = try await admin.post("/admin/audit/verify")
            #expect(verified.status == .ok)
            #expect(verified.contains("السجل سليم"))
            let badDate = try await admin.get("/admin/audit?from=yesterday")
            #expect(badDate.contains("اكتبي التاريخ"))
        }
    }

    @Test("an administrator limited to her branch sees only that branch's audit rows")
    func auditOtherBranch() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            try await t.signedIn(as: .relationsOfficer, username: "hq.officer")
            let (branchAdmin, _) = try await t.signedIn(as: .admin, username: "jed.admin", branch: jeddah, scope: .ownBranch)
            let page = try await branchAdmin.get("/admin/audit?action=signin.success")
            #expect(page.contains("jed.admin"))
            #expect(!page.contains("hq.officer"))
        }
    }

    @Test("the view helper records who looked at which sensitive record")
    func viewHelper() async throws {
        try await withLamasat { t in
            let user = try await t.makeUser("noura", role: .relationsOfficer)
            let request = Request(application: t.app, on: t.app.eventLoopGroup.next())
            request.staff = StaffContext(user: user, session: StaffSession(), branchName: "")
            try await request.auditView("beneficiary", id: "B-42")
            let row = try #require(try await t.auditEntries(action: "view").first)
            #expect(row.actorName == "noura")
            #expect(row.recordType == "beneficiary")
            #expect(row.recordID == "B-42")
            #expect(row.actorBranchID == user.$branch.id)
        }
    }
}
