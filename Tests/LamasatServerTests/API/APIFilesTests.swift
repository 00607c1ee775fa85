import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

@Suite("The API's files: beneficiaries, family, documents, catalogs")
struct APIFilesTests {
    @Test("create, read back with an ETag and the full ID, search with the ID masked; audited as on the pages")
    func createAndRead() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient(scopes: [.filesRead, .filesWrite])
            let created = try await client.call(.POST, "/api/v1/beneficiaries", json: try await apiFileJSON(t))
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(try APITestClient.object(created)["id"] as? String)
            #expect(created.location == "/api/v1/beneficiaries/\(id)")
            #expect(created.headers.first(name: .eTag) == "\"\(id.lowercased())-1\"")
            let read = try await client.get("/api/v1/beneficiaries/\(id)")
            #expect(read.status == .ok)
            let body = try APITestClient.object(read)
            #expect(body["nationalID"] as? String == "1045789326")
            #expect(body["version"] as? Int == 1)
            #expect(body["fileNumber"] as? String == "LMS-000001")
            #expect(try await t.auditEntries(action: "view").contains { $0.recordID == id })
            #expect(try await t.auditEntries(action: "beneficiary.created").count == 1)
            let list = try await client.get("/api/v1/beneficiaries?q=%D8%A3%D9%85%D9%8A%D8%B1%D8%A9")
            #expect(list.status == .ok)
            let items = try #require(try APITestClient.object(list)["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["nationalIDMasked"] as? String != "1045789326")
            #expect(!list.body.contains("1045789326"))
            // A national ID goes by POST only.
            let inURL = try await client.get("/api/v1/beneficiaries?q=1045789326")
            #expect(inURL.status == .unprocessableEntity)
            let byID = try await client.call(.POST, "/api/v1/beneficiaries/search", json: #"{"q":"1045789326"}"#)
            #expect(try (APITestClient.object(byID)["items"] as? [[String: Any]])?.count == 1)
            #expect(try await t.auditEntries(action: "beneficiary.searchByID").count == 1)
            // The same national ID never makes a second file.
            let again = try await client.call(.POST, "/api/v1/beneficiaries", json: try await apiFileJSON(t, mobile: "0509999999"))
            #expect(again.status == .conflict)
        }
    }

    @Test("a token with files.read only cannot create: 403 problem, audited, nothing created")
    func readScopeCannotWrite() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient(scopes: [.filesRead])
            let page = try await client.call(.POST, "/api/v1/beneficiaries", json: try await apiFileJSON(t))
            #expect(page.status == .forbidden)
            #expect(page.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect(try await Beneficiary.query(on: t.db).count() == 0)
            #expect(try await client.get("/api/v1/beneficiaries").status == .ok)
        }
    }

    @Test("a bad national ID is 422 with the form's message in the caller's language, and nothing is created")
    func validation() async throws {
        try await withLamasat { t in
            var (client, _) = try await t.apiClient(scopes: [.filesWrite])
            let arabic = try await client.call(.POST, "/api/v1/beneficiaries", json: try await apiFileJSON(t, id: "1234567890"))
            #expect(arabic.status == .unprocessableEntity)
            let errors = try #require(try APITestClient.object(arabic)["errors"] as? [String: String])
            let message = try #require(errors["nationalID"])
            #expect(message.contains { ("\u{0600}"..."\u{06FF}").contains($0) })
            client.language = "en"
            let english = try await client.call(.POST, "/api/v1/beneficiaries", json: try await apiFileJSON(t, id: "1234567890"))
            let englishMessage = try #require((try APITestClient.object(english)["errors"] as? [String: String])?["nationalID"])
            #expect(englishMessage != message)
            #expect(try await Beneficiary.query(on: t.db).count() == 0)
        }
    }

    @Test("an update needs If-Match: missing 428, stale 412, current 200 with the next ETag")
    func ifMatch() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient(scopes: [.filesWrite])
            let (id, etag) = try await client.createFile(try await apiFileJSON(t))
            let change = try await apiFileJSON(t, changes: ["nameLatin": "Amira"])
            let missing = try await client.call(.PUT, "/api/v1/beneficiaries/\(id)", json: change)
            #expect(missing.status == .preconditionRequired)
            let stale = try await client.call(.PUT, "/api/v1/beneficiaries/\(id)", json: change, headers: ["If-Match": "\"\(id.lowercased())-7\""])
            #expect(stale.status == .preconditionFailed)
            let saved = try await client.call(.PUT, "/api/v1/beneficiaries/\(id)", json: change, headers: ["If-Match": etag])
            #expect(saved.status == .ok, "\(saved.body)")
            #expect(saved.headers.first(name: .eTag) == "\"\(id.lowercased())-2\"")
            #expect(try APITestClient.object(saved)["nameLatin"] as? String == "Amira")
            let again = try await client.call(.PUT, "/api/v1/beneficiaries/\(id)", json: change, headers: ["If-Match": etag])
            #expect(again.status == .preconditionFailed)
            #expect(try await t.auditEntries(action: "beneficiary.updated").count == 1)
        }
    }

    @Test("cursor pages cover every file exactly once; a cursor not made here is 400")
    func cursor() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient(scopes: [.filesWrite])
            let names = ["أميرة", "نورة", "سارة", "هند", "ريم"]
            var made: Set<String> = []
            for (index, name) in names.enumerated() {
                let id = NationalID.make(kind: .citizen, body: 4_578_932 + index * 17).value
                made.insert(try await client.createFile(try await apiFileJSON(t, id: id, mobile: "05012345\(60 + index)", first: name)).id)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await client.get("/api/v1/beneficiaries?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                let body = try APITestClient.object(page)
                seen += (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = body["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 5)
            #expect(Set(seen) == made)
            let bad = try await client.get("/api/v1/beneficiaries?cursor=not-a-cursor")
            #expect(bad.status == .badRequest)
            #expect(try APITestClient.object(bad)["type"] as? String == "https://lamasat.example/problems/badCursor")
        }
    }

    @Test("revoked and expired tokens are refused on a files operation")
    func revokedAndExpired() async throws {
        try await withLamasat { t in
            let (client, token) = try await t.apiClient(scopes: [.filesRead])
            #expect(try await client.get("/api/v1/beneficiaries").status == .ok)
            let admin = try await t.makeUser("admin.files", role: .admin)
            try await APITokenIssuer.revoke(token, by: admin.requireID(), now: t.clock.now(), on: t.db)
            #expect(try await client.get("/api/v1/beneficiaries").status == .unauthorized)
            let (expiring, _) = try await t.apiClient("مؤقت", scopes: [.filesRead], expiresIn: 60)
            t.clock.advance(by: 61)
            #expect(try await expiring.get("/api/v1/catalogs/categories").status == .unauthorized)
        }
    }

    @Test("family and documents: added and listed through the pages' checks; a document downloads as uploaded, audited")
    func familyAndDocuments() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient(scopes: [.filesWrite])
            let (id, _) = try await client.createFile(try await apiFileJSON(t))
            let bad = try await client.call(.POST, "/api/v1/beneficiaries/\(id)/family",
                                            json: #"{"relation":"son","fullName":"","birthDate":"2015-01-01","sex":"male"}"#)
            #expect(bad.status == .unprocessableEntity)
            let added = try await client.call(.POST, "/api/v1/beneficiaries/\(id)/family",
                                              json: #"{"relation":"son","fullName":"محمد","birthDate":"2015-01-01","birthCalendar":"gregorian","sex":"male","schooling":"primary"}"#)
            #expect(added.status == .created, "\(added.body)")
            let family = try await client.get("/api/v1/beneficiaries/\(id)/family")
            #expect((try APITestClient.object(family)["items"] as? [[String: Any]])?.count == 1)

            let type = try #require(try await DocumentType.query(on: t.db).filter(\.$hasExpiry == false).filter(\.$isActive == true).first())
            let path = "/api/v1/beneficiaries/\(id)/documents?type=\(type.id!.uuidString)&filename=scan.pdf"
            let notPDF = try await client.upload(path, bytes: Array("hello".utf8))
            #expect(notPDF.status == .unprocessableEntity)
            let uploaded = try await client.upload(path, bytes: apiPDFBytes)
            #expect(uploaded.status == .created, "\(uploaded.body)")
            let documentID = try #require(try APITestClient.object(uploaded)["id"] as? String)
            let listed = try await client.get("/api/v1/beneficiaries/\(id)/documents")
            #expect((try APITestClient.object(listed)["items"] as? [[String: Any]])?.count == 1)
            let content = try await client.get("/api/v1/documents/\(documentID)/content")
            #expect(content.status == .ok)
            #expect(content.bytes.isEmpty ? Array(content.body.utf8) == apiPDFBytes : content.bytes == apiPDFBytes)
            #expect(try await t.auditEntries(action: "document.downloaded").count == 1)
        }
    }

    @Test("catalogs answer any valid token, in its language")
    func catalogs() async throws {
        try await withLamasat { t in
            var (client, _) = try await t.apiClient(scopes: [.relationsWrite])
            client.language = "en"
            for path in ["categories", "support-types", "document-types"] {
                let page = try await client.get("/api/v1/catalogs/\(path)")
                #expect(page.status == .ok)
                #expect(!((try APITestClient.object(page)["items"] as? [Any]) ?? []).isEmpty, "\(path)")
            }
        }
    }

    @Test("another branch's file is 404 and the probe is audited; an all-branches token reaches it")
    func otherBranch() async throws {
        try await withLamasat { t in
            let (hq, _) = try await t.apiClient("المقر", scopes: [.filesWrite])
            let (id, _) = try await hq.createFile(try await apiFileJSON(t))
            let jeddah = try await t.makeBranch("JED")
            let (jed, _) = try await t.apiClient("جدة", scopes: [.filesWrite], branch: jeddah)
            let page = try await jed.get("/api/v1/beneficiaries/\(id)")
            #expect(page.status == .notFound)
            #expect(try await t.auditEntries(action: "access.outOfScope").contains { $0.recordID == id })
            #expect((try APITestClient.object(try await jed.get("/api/v1/beneficiaries"))["items"] as? [Any])?.isEmpty == true)
            let (wide, _) = try await t.apiClient("كل الفروع", scopes: [.filesRead], branch: jeddah, scope: .allBranches)
            #expect(try await wide.get("/api/v1/beneficiaries/\(id)").status == .ok)
        }
    }
}
