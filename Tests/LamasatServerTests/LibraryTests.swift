import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("The library's new-version form", .serialized)
struct LibraryTests {
    @Test("a refused version names its fields in her language, keeps what she typed, and stores nothing; a good one is stored")
    func versionForm() async throws {
        try await withLamasat { t in
            let (manager, _) = try await t.signedIn(as: .manager)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let policy = try #require(try await LibraryDocument.query(on: t.db).filter(\.$code == "relations_policy").first())
            let path = "/library/\(policy.id!)/versions"
            let before = try await LibraryVersion.query(on: t.db).filter(\.$documentID == policy.id!).count()
            try await manager.get("/library/\(policy.id!)")
            let refused = try await manager.upload(path, ["bodyArabic": "نص السياسة المعدل", "bodyEnglish": "The policy", "approvedOn": "2099-01-01", "approvedBy": ""],
                                                   file: samplePNG, filename: "p.png")
            #expect(refused.status == .unprocessableEntity)
            for key in ["library.error.approvedOn", "validation.required", "library.error.pdf"] {
                #expect(refused.contains(t.app.lamasat.localizer.text(key, .ar)), "\(key)")
            }
            #expect(refused.contains(">نص السياسة المعدل</textarea>") && refused.contains(">The policy</textarea>") && refused.contains("value=\"2099-01-01\""))
            #expect(refused.contains("id=\"field-approvedOn-error\"") && refused.contains("id=\"field-approvedBy-error\"") && refused.contains("id=\"field-file-error\""))
            let empty = try await manager.upload(path, ["bodyArabic": "", "approvedOn": "2026-11-01", "approvedBy": "المجلس"], file: [], filename: "")
            #expect(empty.status == .unprocessableEntity && empty.contains(t.app.lamasat.localizer.text("library.error.empty", .ar)))
            #expect(try await LibraryVersion.query(on: t.db).filter(\.$documentID == policy.id!).count() == before)
            #expect(try await officer.upload(path, ["bodyArabic": "نص", "approvedOn": "2026-11-01", "approvedBy": "المجلس"], file: samplePDF, filename: "p.pdf").status == .forbidden)
            #expect(try await manager.upload(path, ["bodyArabic": "نص السياسة المعدل", "approvedOn": "2026-11-01", "approvedBy": "مجلس الإدارة"],
                                             file: samplePDF, filename: "p.pdf").status == .seeOther)
            let stored = try #require(try await LibraryVersion.query(on: t.db).filter(\.$documentID == policy.id!).sort(\.$version, .descending).first())
            #expect(stored.version == before + 1 && stored.bodyArabic == "نص السياسة المعدل" && stored.approvedBy == "مجلس الإدارة" && stored.approvedOn == "2026-11-01")
            #expect(stored.fileID != nil)
        }
    }
}
