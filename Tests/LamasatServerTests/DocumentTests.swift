import Fluent
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("Documents: upload checked by content, download as attachment, verification, completeness", .serialized)
struct DocumentTests {
    func setUp(_ t: TestContext) async throws -> (Browser, UUID, DocumentType) {
        let (officer, _) = try await t.signedIn(as: .relationsOfficer)
        let file = try await registerFile(officer, try await fileForm(t))
        try await officer.get("/beneficiaries/\(file)?tab=documents")
        let type = try #require(try await DocumentType.query(on: t.db).filter(\.$code == "id_card").first())
        return (officer, file, type)
    }

    @Test("a PDF is stored in the database with its hash, shown under a safe name, and downloaded as an attachment")
    func uploadAndDownload() async throws {
        try await withLamasat { t in
            let (officer, file, type) = try await setUp(t)
            let name = "../../etc/\u{202E}fdp.exe\u{202C}هوية.pdf"
            let page = try await officer.upload("/beneficiaries/\(file)/documents",
                                                ["type": type.id!.uuidString, "issueDate": "1445/01/01", "issueCalendar": "hijri", "expiryDate": "2030-05-01"],
                                                file: samplePDF, filename: name)
            #expect(page.status == .seeOther)
            let document = try #require(try await BeneficiaryDocument.query(on: t.db).first())
            #expect(document.displayName == "fdp.exeهوية.pdf")
            #expect(!document.displayName.unicodeScalars.contains { $0.value == 0x202E })
            #expect(document.contentType == "application/pdf")
            #expect(document.issueDate == "2023-07-19")
            #expect(document.verification == .pending)
            #expect(try await DocumentContent.find(document.id, on: t.db)?.data == Data(samplePDF))
            let download = try await officer.get("/beneficiaries/\(file)/documents/\(document.id!)/download")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"LMS-000001-id_card.pdf\"")
            #expect(download.headers.contentType?.description.hasPrefix("application/pdf") == true)
            #expect(Array(download.body.utf8) == samplePDF)
            #expect(try await t.auditEntries(action: "document.downloaded").count == 1)
        }
    }

    @Test("files that are not PDF, JPEG or PNG by content are refused whatever their name; nothing is stored", arguments: [
        ("notes.pdf", Array("just text, not a PDF".utf8)),
        ("program.pdf", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: UInt8(0), count: 64)),
        ("photo.png", [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: UInt8(0), count: 64)),
    ])
    func refusedContent(name: String, bytes: [UInt8]) async throws {
        try await withLamasat { t in
            let (officer, file, type) = try await setUp(t)
            let page = try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "expiryDate": "2030-01-01"],
                                                file: bytes, filename: name)
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains("يُفحص المحتوى لا الاسم"))
            #expect(try await BeneficiaryDocument.query(on: t.db).count() == 0)
            #expect(try await t.auditEntries(action: "document.refused").count == 1)
        }
    }

    @Test("a file over 10 MB is refused; a PNG and a JPEG are accepted")
    func sizeAndImages() async throws {
        try await withLamasat { t in
            let (officer, file, type) = try await setUp(t)
            let big = samplePDF + Array(repeating: UInt8(0x20), count: UploadedFileKind.maximumBytes)
            let refused = try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "expiryDate": "2030-01-01"],
                                                   file: big, filename: "big.pdf")
            #expect(refused.status == .unprocessableEntity || refused.status == .payloadTooLarge)
            #expect(try await BeneficiaryDocument.query(on: t.db).count() == 0)
            for (bytes, name) in [(samplePNG, "scan.png"), ([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0, count: 32), "scan.jpg")] {
                let page = try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "expiryDate": "2030-01-01"],
                                                    file: bytes, filename: name)
                #expect(page.status == .seeOther)
            }
            #expect(Set(try await BeneficiaryDocument.query(on: t.db).all().map(\.contentType)) == ["image/png", "image/jpeg"])
        }
    }

    @Test("an expiring type needs its expiry date; an upload without the CSRF token is refused")
    func expiryAndToken() async throws {
        try await withLamasat { t in
            let (officer, file, type) = try await setUp(t)
            let noExpiry = try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString], file: samplePDF, filename: "id.pdf")
            #expect(noExpiry.contains("هذا المستند له تاريخ انتهاء"))
            let noToken = try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "expiryDate": "2030-01-01"],
                                                   file: samplePDF, filename: "id.pdf", csrf: false)
            #expect(noToken.status == .forbidden)
            #expect(try await BeneficiaryDocument.query(on: t.db).count() == 0)
        }
    }

    @Test("a document past its expiry shows as expired by itself, and the file as incomplete")
    func expiresAutomatically() async throws {
        try await withLamasat { t in
            let (officer, file, _) = try await setUp(t)
            try await completeDocuments(t, officer, file)
            #expect(try await officer.get("/beneficiaries/\(file)").contains("كل المستندات المطلوبة موجودة"))
            t.clock.advance(by: 6 * 365 * 24 * 3600)  // past 2030-01-01; her session has long ended
            try await officer.signIn("relationsofficer1", "correct horse battery")
            let page = try await officer.get("/beneficiaries/\(file)")
            #expect(page.contains("الملف غير مكتمل"))
            #expect(page.contains("class=\"tag expired\""))
        }
    }

    @Test("a mismatch needs a reason; who verified and when is recorded")
    func verification() async throws {
        try await withLamasat { t in
            let (officer, file, type) = try await setUp(t)
            try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "expiryDate": "2030-01-01"],
                                     file: samplePDF, filename: "id.pdf")
            let document = try #require(try await BeneficiaryDocument.query(on: t.db).first())
            let noReason = try await officer.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "mismatch"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.contains(t.app.lamasat.localizer.text("document.error.reasonRequired", .ar)))
            #expect(noReason.contains("id=\"field-reason-\(document.id!.uuidString)\""))
            #expect(try await BeneficiaryDocument.find(document.id, on: t.db)?.verification == .pending)
            #expect(try await officer.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "pending"]).status == .badRequest)
            #expect(try await officer.post("/beneficiaries/\(file)/documents/\(document.id!)/verify",
                                           ["outcome": "mismatch", "reason": "الاسم في الصك لا يطابق"]).status == .seeOther)
            let stored = try #require(try await BeneficiaryDocument.find(document.id, on: t.db))
            #expect(stored.verification == .mismatch)
            #expect(stored.verificationReason == "الاسم في الصك لا يطابق")
            #expect(stored.verifiedBy != nil && stored.verifiedAt == t.clock.now())
        }
    }

    @Test("another branch cannot download or verify; a branch representative cannot verify")
    func documentAccess() async throws {
        try await withLamasat { t in
            let (officer, file, type) = try await setUp(t)
            try await officer.upload("/beneficiaries/\(file)/documents", ["type": type.id!.uuidString, "expiryDate": "2030-01-01"],
                                     file: samplePDF, filename: "id.pdf")
            let document = try #require(try await BeneficiaryDocument.query(on: t.db).first())
            let jeddah = try await t.makeBranch("JED")
            let (jed, _) = try await t.signedIn(as: .relationsOfficer, username: "jed.officer", branch: jeddah)
            #expect(try await jed.get("/beneficiaries/\(file)/documents/\(document.id!)/download").status == .notFound)
            #expect(try await jed.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "matched"]).status == .notFound)
            let (rep, _) = try await t.signedIn(as: .branchRep)
            #expect(try await rep.post("/beneficiaries/\(file)/documents/\(document.id!)/verify", ["outcome": "matched"]).status == .forbidden)
            #expect(try await BeneficiaryDocument.find(document.id, on: t.db)?.verification == .pending)
        }
    }
}
