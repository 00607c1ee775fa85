import Fluent
import Testing
import Vapor
@testable import LamasatServer

@Suite("Branches and organization settings", .serialized)
struct BranchesAndSettingsTests {
    @Test("an admin opens a branch; its code is unique")
    func createBranch() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let form = ["code": "jed", "nameArabic": "فرع جدة", "nameEnglish": "Jeddah", "city": "جدة"]
            #expect(try await admin.post("/admin/branches", form).status == .seeOther)
            #expect(try await Branch.query(on: t.db).filter(\.$code == "JED").count() == 1)
            let again = try await admin.post("/admin/branches", form)
            #expect(again.status == .unprocessableEntity)
            #expect(again.contains("هذا الرمز مستخدم"))
            let bad = try await admin.post("/admin/branches", ["code": "!", "nameArabic": ""])
            #expect(bad.contains("id=\"field-code-error\""))
            #expect(bad.contains("id=\"field-nameArabic-error\""))
        }
    }

    @Test("a branch with active staff cannot be closed")
    func closeBranchWithStaff() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let jeddah = try await t.makeBranch("JED")
            try await t.makeUser("jed.officer", role: .relationsOfficer, branch: jeddah)
            let page = try await admin.post("/admin/branches/\(jeddah.id!)", ["code": "JED", "nameArabic": "فرع جدة"])
            #expect(page.status == .unprocessableEntity)
            #expect(try await Branch.find(jeddah.id, on: t.db)?.isActive == true)
        }
    }

    @Test("a branch-limited admin cannot see another branch or open one")
    func branchOtherBranch() async throws {
        try await withLamasat { t in
            let jeddah = try await t.makeBranch("JED")
            let (branchAdmin, _) = try await t.signedIn(as: .admin, username: "jed.admin", branch: jeddah, scope: .ownBranch)
            let hq = try await t.headOffice()
            #expect(try await branchAdmin.get("/admin/branches/\(hq.id!)").status == .notFound)
            #expect(!(try await branchAdmin.get("/admin/branches")).contains("المركز الرئيسي"))
            #expect(try await branchAdmin.post("/admin/branches", ["code": "NEW", "nameArabic": "جديد"]).status == .forbidden)
        }
    }

    @Test("settings start with the policy's values; Arabic-Indic digits are accepted")
    func settingsSave() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.get("/admin/settings")
            #expect(page.contains("value=\"1000586000\""))
            #expect(page.contains("value=\"@LMSAT1000\""))
            let form = ["nameArabic": "جمعية لمسات", "licenceNumber": "١٠٠٠٥٨٦٠٠٠", "phone": "٠٥٠٧١٤٢٥٦٠", "decisionPeriodDays": "٢١"]
            #expect(try await admin.post("/admin/settings", form).status == .seeOther)
            let saved = try await OrganizationSettings.current(on: t.db)
            #expect(saved.decisionPeriodDays == 21)
            #expect(saved.licenceNumber == "1000586000")
            #expect(saved.phone == "0507142560")
        }
    }

    @Test("a decision period under 14 days is refused with the policy's reason, and nothing changes")
    func decisionPeriodTooShort() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            let page = try await admin.post("/admin/settings", ["nameArabic": "جمعية لمسات", "decisionPeriodDays": "13"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains("لا تقل المدة عن 14 يوماً"))
            #expect(page.contains("value=\"13\""))
            let words = try await admin.post("/admin/settings", ["nameArabic": "جمعية لمسات", "decisionPeriodDays": "أسبوعان"])
            #expect(words.contains("اكتبي عدداً صحيحاً"))
            #expect(try await OrganizationSettings.current(on: t.db).decisionPeriodDays == 14)
        }
    }
}
