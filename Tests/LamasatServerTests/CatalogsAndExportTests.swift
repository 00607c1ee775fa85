import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Catalogs and the data-subject export", .serialized)
struct CatalogsAndExportTests {
    @Test("an admin adds a category and a document type required for it; files of that category then need it")
    func catalogs() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await admin.get("/admin/catalogs").contains("صك الطلاق"))
            #expect(try await admin.post("/admin/catalogs/categories", ["code": "orphan_mother", "nameArabic": "أم أيتام", "nameEnglish": "Mother of orphans"]).status == .seeOther)
            let bad = try await admin.post("/admin/catalogs/categories", ["code": "Bad Code", "nameArabic": "x"])
            #expect(bad.status == .unprocessableEntity)
            let duplicate = try await admin.post("/admin/catalogs/categories", ["code": "widow", "nameArabic": "أرملة"])
            #expect(duplicate.contains("هذا الرمز مستخدم"))
            #expect(try await admin.post("/admin/catalogs/document-types", ["code": "guardianship", "nameArabic": "صك الولاية",
                                                                            "requiredFor[]": "orphan_mother"]).status == .seeOther)
            let type = try #require(try await DocumentType.query(on: t.db).filter(\.$code == "guardianship").first())
            #expect(type.isRequired(for: "orphan_mother"))
            #expect(!type.isRequired(for: "widow"))
            let category = try #require(try await BeneficiaryCategory.query(on: t.db).filter(\.$code == "orphan_mother").first())
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            var form = try await fileForm(t)
            form["category"] = category.id!.uuidString
            let file = try await registerFile(officer, form)
            let page = try await officer.get("/beneficiaries/\(file)")
            #expect(page.contains("صك الولاية"))
            // Retiring the category keeps it on existing files but out of new ones.
            #expect(try await admin.post("/admin/catalogs/categories", ["id": category.id!.uuidString, "nameArabic": "أم أيتام"]).status == .seeOther)
            #expect(try await BeneficiaryCategory.find(category.id, on: t.db)?.isActive == false)
            #expect(!(try await officer.get("/beneficiaries/new")).contains("أم أيتام"))
            #expect(try await t.auditEntries(action: "catalog.documentTypeCreated").count == 1)
        }
    }

    @Test("the export holds everything about her, is audited, and follows role and branch rules")
    func export() async throws {
        try await withLamasat { t in
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let file = try await registerFile(officer, try await fileForm(t))
            try await officer.post("/beneficiaries/\(file)/family", ["relation": "son", "fullName": "خالد", "birthDate": "2017-03-01",
                                                                   "birthCalendar": "gregorian", "sex": "male", "schooling": "primary"])
            try await completeDocuments(t, officer, file)
            let json = try await officer.get("/beneficiaries/\(file)/export.json")
            #expect(json.status == .ok)
            #expect(json.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let export = try decoder.decode(DataExportController.Export.self, from: Data(json.body.utf8))
            #expect(export.nationalID == "1045789326")
            #expect(export.family.map(\.fullName) == ["خالد"])
            #expect(export.documents.count == 2)
            #expect(export.consent.given)
            // Her consent history, per purpose, as registration recorded it.
            #expect(export.consents.map(\.purpose) == ["processing", "messages", "surveys"] && export.consents.allSatisfy { $0.granted && $0.source == "registration" })
            #expect(export.history.contains { $0.action == "beneficiary.created" })
            let page = try await officer.get("/beneficiaries/\(file)/export")
            #expect(page.contains("كل ما نحفظه عن"))
            #expect(try await t.auditEntries(action: "beneficiary.exported").count == 2)
            let (committee, _) = try await t.signedIn(as: .committeeMember)
            #expect(try await committee.get("/beneficiaries/\(file)/export.json").status == .forbidden)
            // A branch representative edits files in the field but does not hand out a person's whole record.
            let (rep, _) = try await t.signedIn(as: .branchRep)
            #expect(try await rep.get("/beneficiaries/\(file)/export.json").status == .forbidden)
            #expect(!(try await rep.get("/beneficiaries/\(file)")).contains("/export\""))
            let jeddah = try await t.makeBranch("JED")
            let (jed, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await jed.get("/beneficiaries/\(file)/export.json").status == .notFound)
        }
    }

    @Test("an admin keeps the support types: kind, documents, ceiling in riyals and frequency; bad values are refused")
    func supportTypes() async throws {
        try await withLamasat { t in
            let (admin, _) = try await t.signedIn(as: .admin)
            #expect(try await admin.get("/admin/catalogs").contains("سلة غذائية"))
            let created = try await admin.post("/admin/catalogs/support-types", ["code": "winter_clothes", "nameArabic": "كسوة الشتاء",
                                                                                 "kind": "inKind", "maximumAmount": "٣٠٠", "frequencyMonths": "١٢",
                                                                                 "requiredDocuments[]": "id_card"])
            #expect(created.status == .seeOther)
            let item = try #require(try await SupportType.query(on: t.db).filter(\.$code == "winter_clothes").first())
            #expect(item.kind == .inKind)
            #expect(item.maximumAmount == 30_000)
            #expect(item.frequencyMonths == 12)
            #expect(item.requiredDocumentCodes == ["id_card"])
            for bad in [["maximumAmount": "-5"], ["frequencyMonths": "500"], ["kind": "gold"], ["nameArabic": ""]] {
                var form = ["id": item.id!.uuidString, "nameArabic": "كسوة الشتاء", "kind": "inKind"]
                form.merge(bad) { $1 }
                #expect(try await admin.post("/admin/catalogs/support-types", form).status == .unprocessableEntity, "\(bad)")
            }
            #expect(try await SupportType.find(item.id, on: t.db)?.maximumAmount == 30_000)
            // A refused entry comes back on its own row as typed, the message under the field at fault.
            let row = try item.requireID().uuidString
            let refused = try await admin.post("/admin/catalogs/support-types", ["id": row, "nameArabic": "كسوة العيد", "kind": "inKind",
                                                                                 "maximumAmount": "خمسون", "frequencyMonths": "6"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains(#"id="field-maximumAmount-st-\#(row)" name="maximumAmount" value="خمسون""#))
            #expect(refused.contains(#"id="field-maximumAmount-st-\#(row)-error""#))
            #expect(refused.contains(#"value="كسوة العيد""#))
            #expect(try await SupportType.find(item.id, on: t.db)?.nameArabic == "كسوة الشتاء")
            let newCode = try await admin.post("/admin/catalogs/categories", ["code": "Bad Code", "nameArabic": "أم أيتام"])
            #expect(newCode.contains(#"id="field-code-categories-new-error""#) && newCode.contains(#"value="bad code""#))
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.post("/admin/catalogs/support-types", ["code": "x1", "nameArabic": "x", "kind": "service"]).status == .forbidden)
        }
    }
}
