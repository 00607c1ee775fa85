import Crypto
import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("The board pack: generated for a quarter or a year, kept unchanged, within the reader's branches", .serialized)
struct BoardPackTests {
    /// Lodges one complaint through the form, as an officer does.
    static func lodgeComplaint(_ t: TestContext, description: String) async throws {
        let (officer, _) = try await t.signedIn(as: .relationsOfficer, username: "officer.\(UUID().uuidString.prefix(6).lowercased())")
        let category = try #require(try await CaseCategory.query(on: t.db).filter(\.$kind == .complaint).first())
        try await officer.get("/complaints/new")
        #expect(try await officer.post("/complaints", ["kind": "complaint", "contactName": "منى", "contactPhone": "0551112223", "channel": "website",
                                                        "category": category.id!.uuidString, "severity": "low", "description": description]).status == .seeOther)
    }

    @Test("a manager generates a quarter's pack; it opens byte for byte the same after the data changes, with its checksum and its own style hash")
    func generatedAndKept() async throws {
        try await withLamasat { t in
            try await Self.lodgeComplaint(t, description: "تأخر الرد على الطلب")
            let (manager, managerUser) = try await t.signedIn(as: .manager)
            // Typed text reaches the stored page escaped: the pack is served as stored, outside the layout.
            let action = ImprovementAction()
            action.branchID = managerUser.$branch.id
            action.title = "تحسين"
            action.youSaid = "<script>alert(1)</script>الانتظار طويل"
            action.weDid = "<b>مواعيد</b> مسبقة"
            action.status = .done
            action.dueOn = "2026-11-20"
            action.doneOn = "2026-11-20"
            action.isPublished = true
            action.createdBy = managerUser.id!
            action.createdAt = t.clock.now()
            action.updatedAt = t.clock.now()
            try await action.create(on: t.db)
            let form = try await manager.get("/reports/board-pack")
            #expect(form.status == .ok && form.contains("2026-Q4"))
            let made = try await manager.post("/reports/board-pack", ["period": "2026-Q4"])
            #expect(made.status == .seeOther)
            let path = try #require(made.location)
            let pack = try await manager.get(path)
            #expect(pack.status == .ok)
            let organization = try await OrganizationSettings.current(on: t.db)
            #expect(pack.contains(organization.nameArabic) && pack.contains(organization.licenceNumber))
            #expect(pack.contains("<html lang=\"ar\" dir=\"rtl\">"))
            // One complaint received in the quarter, none answered yet.
            let received = t.app.lamasat.localizer.text("boardPack.complaints.received", .ar)
            #expect(pack.contains("<td>\(received)</td><td class=\"n\">1</td>"))
            #expect(pack.contains("<svg class=\"trend\""), "the satisfaction trend is drawn")
            #expect(pack.contains("&lt;script&gt;alert(1)&lt;/script&gt;الانتظار طويل") && pack.contains("&lt;b&gt;مواعيد&lt;/b&gt;"))
            #expect(!pack.contains("<script>") && !pack.contains("<b>مواعيد"))
            // Kept: the checksum is the body's, and another complaint later changes nothing in the kept copy.
            let digest = SHA256.hash(data: Data(pack.body.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(pack.headers.first(name: "X-Content-SHA256") == digest)
            try await Self.lodgeComplaint(t, description: "شكوى بعد إعداد التقرير")
            #expect(try await manager.get(path).body == pack.body)
            // Styles inline, allowed by their hash only; nothing else loosened.
            let style = try #require(BoardPackController.inlineStyle(of: pack.body))
            let policy = try #require(pack.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("style-src 'sha256-\(Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString())'"))
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(style.contains("@page") && !style.contains("</"))
            #expect(try await t.auditEntries(action: "boardPack.generated").count == 1)
            #expect(try await manager.get("/reports/board-pack").contains(path))
        }
    }

    @Test("only a quarter or a year that has begun; a bad or unknown choice is refused with a message and nothing is kept")
    func badInput() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            try await manager.get("/reports/board-pack")
            let message = t.app.lamasat.localizer.text("boardPack.error.period", .ar)
            for period in ["", "2026-11", "2027-Q1", "2030", "Q9", String(repeating: "9", count: 5000), "2026-11-01..2026-11-05"] {
                let refused = try await manager.post("/reports/board-pack", ["period": period])
                #expect(refused.status == .unprocessableEntity && refused.contains(message), "\(period.prefix(20))")
            }
            // A reader of every branch may choose one, but only one that exists; a branch-only manager's choice is ignored.
            let (everywhere, _) = try await t.signedIn(as: .manager, username: "manager.all", scope: .allBranches)
            try await everywhere.get("/reports/board-pack")
            let unknownBranch = try await everywhere.post("/reports/board-pack", ["period": "2026", "branch": UUID().uuidString])
            #expect(unknownBranch.status == .unprocessableEntity && unknownBranch.contains(t.app.lamasat.localizer.text("boardPack.error.branch", .ar)))
            #expect(try await BoardPack.query(on: t.db).count() == 0)
        }
    }

    @Test("another branch's manager neither lists nor opens a pack of all branches or of another branch; the wrong role gets 403")
    func scopeAndRole() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager, scope: .allBranches)
            try await manager.get("/reports/board-pack")
            let all = try #require(try await manager.post("/reports/board-pack", ["period": "2026"]).location)
            let jeddah = try await t.makeBranch("JED")
            let (theirs, _) = try await t.signedIn(as: .manager, username: "jed.manager", branch: jeddah, scope: .ownBranch)
            #expect(try await theirs.get(all).status == .notFound)
            try await theirs.get("/reports/board-pack")
            let own = try #require(try await theirs.post("/reports/board-pack", ["period": "2026-Q4"]).location)
            #expect(try await theirs.get(own).status == .ok)
            #expect(try await BoardPack.query(on: t.db).filter(\.$branchID == jeddah.id!).count() == 1, "her pack is her branch's")
            let list = try await theirs.get("/reports/board-pack")
            #expect(list.contains(own) && !list.contains(all))
            #expect(try await t.auditEntries(action: "access.outOfScope").count == 1)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/reports/board-pack").status == .forbidden)
            #expect(try await officer.get(all).status == .forbidden)
            #expect(try await officer.post("/reports/board-pack", ["period": "2026"]).status == .forbidden)
        }
    }
}
