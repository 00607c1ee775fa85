import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Record of processing activities: seeded, kept current under its version, ended not deleted, administrators only", .serialized)
struct ProcessingRecordsTests {
    func form(_ a: [String: String] = [:]) -> [String: String] {
        ["name": "برنامج التمكين", "purpose": "تدريب المستفيدات", "legalBasis": "موافقتها", "dataCategories": "الاسم والجوال",
         "dataSubjects": "المستفيدات", "recipients": "جهة التدريب", "retention": "سنتان", "safeguards": "صلاحيات حسب الدور", "active": "on"]
            .merging(a) { $1 }
    }

    @Test("the seeded record lists Lamasat's activities; a new one is added, edited under its version, and ended while staying in the record")
    func keepCurrent() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.get("/admin/processing")
            #expect(page.status == .ok && page.contains("ملفات المستفيدات") && page.contains("المتبرعون والتبرعات"))
            #expect(try await ProcessingActivity.query(on: t.db).count() == 7)
            #expect(try await admin.post("/admin/processing", form()).status == .seeOther)
            let made = try #require(try await ProcessingActivity.query(on: t.db).filter(\.$name == "برنامج التمكين").first())
            #expect(made.version == 1 && made.sortOrder == 8 && made.isActive)
            let edited = try await admin.post("/admin/processing/\(made.id!)", form(["retention": "ثلاث سنوات", "version": "1", "active": ""]))
            #expect(edited.status == .seeOther)
            let after = try #require(try await ProcessingActivity.find(made.id, on: t.db))
            #expect(after.retention == "ثلاث سنوات" && after.version == 2 && !after.isActive)
            let listed = try await admin.get("/admin/processing")
            #expect(listed.contains("ثلاث سنوات") && listed.contains(t.app.lamasat.localizer.text("processing.ended", .ar)))
            // Saved from the version she opened, after another's save: refused, what she typed kept, nothing changed.
            let stale = try await admin.post("/admin/processing/\(made.id!)", form(["retention": "عشر سنوات", "version": "1"]))
            #expect(stale.status == .conflict && stale.contains("عشر سنوات") && stale.contains(t.app.lamasat.localizer.text("processing.error.stale", .ar)))
            #expect(try await ProcessingActivity.find(made.id, on: t.db)?.retention == "ثلاث سنوات")
            #expect(try await t.auditEntries(action: "processing.created").count == 1)
            #expect(try await t.auditEntries(action: "processing.updated").count == 1)
        }
    }

    @Test("bad input gets its message and saves nothing: an empty part, a part too long, an order that is not a number")
    func validation() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let cases: [([String: String], String)] = [
                (form(["purpose": ""]), "validation.required"),
                (form(["name": String(repeating: "ن", count: 121)]), "validation.tooLong"),
                (form(["sortOrder": "أول"]), "processing.error.sortOrder"),
            ]
            for (typed, key) in cases {
                let page = try await admin.post("/admin/processing", typed)
                #expect(page.status == .unprocessableEntity && page.contains(t.app.lamasat.localizer.text(key, .ar)), "\(key)")
            }
            #expect(try await ProcessingActivity.query(on: t.db).count() == 7)
            #expect(try await admin.get("/admin/processing/\(UUID())/edit").status == .notFound)
        }
    }

    @Test("wrong role: a manager or an officer cannot read or change the record")
    func wrongRole() async throws {
        try await withLamasat { t in
            let one = try #require(try await ProcessingActivity.query(on: t.db).first())
            for role in [Role.manager, .relationsOfficer] {
                let (browser, _) = try await t.signedIn(as: role)
                #expect(try await browser.get("/admin/processing").status == .forbidden)
                #expect(try await browser.get("/admin/processing/\(one.id!)/edit").status == .forbidden)
                #expect(try await browser.post("/admin/processing/\(one.id!)", form(["version": "1"])).status == .forbidden)
                #expect(try await browser.post("/admin/processing", form()).status == .forbidden)
            }
            #expect(try await ProcessingActivity.find(one.id, on: t.db)?.version == 1)
        }
    }
}
