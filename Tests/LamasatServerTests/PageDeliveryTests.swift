import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Static files, CSRF masking and the audit's group commit") struct PageDeliveryTests {
    @Test("pages link their files under content-hashed names kept a year; the plain names still answer, checked again on each use")
    func fingerprintedAssets() async throws {
        try await withLamasat { t in
            let page = try await t.browser().get("/signin")
            let css = try #require(page.body.firstMatch(of: /href="(\/css\/app\.[0-9a-f]{10}\.css)"/)?.1)
            let script = try #require(page.body.firstMatch(of: /src="(\/js\/app\.[0-9a-f]{10}\.js)"/)?.1)
            #expect(!page.contains("href=\"/css/app.css\""))
            for path in [String(css), String(script)] {
                let file = try await t.browser().get(path)
                #expect(file.status == .ok, "\(path)")
                #expect(file.headers.first(name: .cacheControl) == StaticAssets.cacheControl)
            }
            let original = try String(contentsOfFile: t.app.directory.publicDirectory + "css/app.css", encoding: .utf8)
            #expect(try await t.browser().get(String(css)).body == original)
            let plain = try await t.browser().get("/css/app.css")
            #expect(plain.status == .ok && plain.body == original && plain.headers.first(name: .cacheControl) == "no-cache")
            // A hash that is not the file's current one is no file.
            #expect(try await t.browser().get("/css/app.0000000000.css").status == .notFound)
        }
    }

    @Test("each page carries the CSRF token under a new mask; any mask of it is accepted, a changed one refused")
    func maskedTokens() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let first = try #require(Browser.metaCSRF(try await admin.get("/admin/settings").body))
            let second = try #require(Browser.metaCSRF(try await admin.get("/admin/settings").body))
            #expect(first != second && first.hasPrefix(CSRFMask.marker) && second.hasPrefix(CSRFMask.marker))
            let session = try #require(try await StaffSession.query(on: t.db).first())
            #expect(!first.contains(session.csrfToken) && CSRFMask.matches(first, secret: session.csrfToken)
                    && CSRFMask.matches(second, secret: session.csrfToken))
            var tampered = Array(first)
            tampered[5] = tampered[5] == "A" ? "B" : "A"
            #expect(!CSRFMask.matches(String(tampered), secret: session.csrfToken))
            #expect(!CSRFMask.matches(CSRFMask.marker + "!!not base64", secret: session.csrfToken))
            let form = ["nameArabic": "جمعية لمسات", "nameEnglish": "Lamasat", "decisionPeriodDays": "21"]
            #expect(try await admin.post("/admin/settings", form.merging(["_csrf": String(tampered)]) { $1 }).status == .forbidden)
            #expect(try await admin.post("/admin/settings", form.merging(["_csrf": first]) { $1 }).status == .seeOther)
            #expect(try await OrganizationSettings.current(on: t.db).decisionPeriodDays == 21)
        }
    }

    @Test("views audited at the same moment are all on the trail, each once, in one unbroken chain")
    func groupCommit() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            let before = try await t.auditEntries(action: "view").count
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await officer.get("/beneficiaries/\(file)").status } }
                for try await status in group { #expect(status == .ok) }
            }
            let views = try await t.auditEntries(action: "view")
            #expect(views.count == before + 40)
            let sequences = try await t.auditEntries().map { try $0.requireID() }
            #expect(sequences == Array(1...Int64(sequences.count)))
            #expect(try await AuditChain.verify(key: t.app.lamasat.secrets.audit, on: t.db).isIntact)
        }
    }
}
