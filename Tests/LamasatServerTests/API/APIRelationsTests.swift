import Fluent
import Foundation
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Inquiries and complaints from another system, and the status look-up, through the API.
@Suite("The API's inquiries, complaints and status look-up")
struct APIRelationsTests {
    static func category(_ t: TestContext, _ code: String) async throws -> String {
        try #require(try await CaseCategory.query(on: t.db).filter(\.$code == code).first()).id!.uuidString
    }

    static func inquiryJSON(_ category: String, file: UUID? = nil) -> String {
        let who = file.map { #""beneficiaryId":"\#($0)""# } ?? #""contactName":"سارة","contactPhone":"0551234567""#
        return #"{\#(who),"channel":"website","categoryId":"\#(category)","question":"متى يصدر قرار طلب الدعم؟"}"#
    }

    static func complaintJSON(_ category: String, file: UUID, confidential: Bool = false) -> String {
        #"{"kind":"complaint","beneficiaryId":"\#(file)","channel":"website","categoryId":"\#(category)","severity":"high","description":"تأخر الرد على طلبي","confidential":\#(confidential)}"#
    }

    @Test("an inquiry from the website is registered with its number, shown on the staff pages and audited as the integration")
    func inquiry() async throws {
        try await withLamasat { t in
            let (client, token) = try await t.apiClient("موقع الجمعية")
            let actor = try await APIRequestsTests.account(t, token)
            let created = try await client.call(.POST, "/api/v1/inquiries", json: Self.inquiryJSON(try await Self.category(t, "request_status")))
            #expect(created.status == .created)
            let body = try APITestClient.object(created)
            let id = try #require(body["id"] as? String)
            #expect((body["number"] as? String)?.hasPrefix("Q-") == true)
            #expect(body["status"] as? String == "new")
            #expect(body["channel"] as? String == "website")
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            let page = try await officer.get("/inquiries/\(id)")
            #expect(page.status == .ok && page.contains("متى يصدر قرار طلب الدعم؟"))
            #expect(try await officer.get("/inquiries").contains(try #require(body["number"] as? String)))
            #expect(try await client.get("/api/v1/inquiries/\(id)").status == .ok)
            let audits = try await t.auditEntries()
            #expect(audits.contains { $0.action == "inquiry.created" && $0.actorName == actor })
            #expect(audits.contains { $0.action == "view" && $0.recordType == "inquiry" && $0.actorName == actor })
        }
    }

    @Test("a complaint about her file is registered on the file's branch and shown on the staff page; a confidential one stays hidden from the integration")
    func complaint() async throws {
        try await withLamasat { t in
            let (file, _) = try await APIRequestsTests.fileAndRent(t)
            let (client, token) = try await t.apiClient("تطبيق الجوال")
            let actor = try await APIRequestsTests.account(t, token)
            let category = try await Self.category(t, "delay")
            let created = try await client.call(.POST, "/api/v1/complaints", json: Self.complaintJSON(category, file: file))
            #expect(created.status == .created)
            let body = try APITestClient.object(created)
            let id = try #require(body["id"] as? String)
            #expect(body["beneficiaryId"] as? String == file.uuidString)
            #expect((body["contactName"] as? String)?.contains("أميرة") == true)
            let (officer, _) = try await t.signedIn(as: .relationsOfficer)
            #expect(try await officer.get("/complaints/\(id)").contains("تأخر الرد على طلبي"))
            #expect(try await t.auditEntries(action: "complaint.created").first?.actorName == actor)
            let confidential = try APITestClient.object(try await client.call(.POST, "/api/v1/complaints", json: Self.complaintJSON(category, file: file, confidential: true)))
            let hidden = try #require(confidential["id"] as? String)
            #expect(try await client.get("/api/v1/complaints/\(hidden)").status == .notFound)
            let (manager, _) = try await t.signedIn(as: .manager)
            #expect(try await manager.get("/complaints/\(hidden)").status == .ok)
        }
    }

    @Test("the staff forms' rules refuse bad input with a 422 naming the fields, and nothing is created")
    func validation() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient()
            let missing = try await client.call(.POST, "/api/v1/inquiries", json: #"{"channel":"phone","categoryId":"","question":""}"#)
            #expect(missing.status == .unprocessableEntity)
            let errors = try #require(try APITestClient.object(missing)["errors"] as? [String: String])
            #expect(Set(errors.keys) == ["contactName", "contactPhone", "categoryId", "question"])
            // An inquiry category is not a complaint category.
            let wrongKind = try await client.call(.POST, "/api/v1/complaints", json: #"{"kind":"complaint","contactName":"سارة","contactPhone":"0551234567","channel":"phone","categoryId":"\#(try await Self.category(t, "request_status"))","severity":"low","description":"x"}"#)
            #expect(wrongKind.status == .unprocessableEntity)
            #expect(try await Inquiry.query(on: t.db).count() == 0)
            #expect(try await Complaint.query(on: t.db).count() == 0)
        }
    }

    @Test("a token with only files.read cannot create an inquiry or a complaint (403)")
    func scopes() async throws {
        try await withLamasat { t in
            let (client, _) = try await t.apiClient(scopes: [.filesRead])
            #expect(try await client.call(.POST, "/api/v1/inquiries", json: Self.inquiryJSON(try await Self.category(t, "request_status"))).status == .forbidden)
            #expect(try await client.call(.POST, "/api/v1/complaints", json: "{}").status == .forbidden)
            #expect(try await Inquiry.query(on: t.db).count() == 0)
        }
    }

    @Test("another branch's token finds no head-office inquiry, complaint or file: 404, audited as out of scope")
    func otherBranch() async throws {
        try await withLamasat { t in
            let (file, _) = try await APIRequestsTests.fileAndRent(t)
            let (hq, _) = try await t.apiClient()
            let inquiry = try #require(try APITestClient.object(try await hq.call(.POST, "/api/v1/inquiries", json: Self.inquiryJSON(try await Self.category(t, "request_status"))))["id"] as? String)
            let complaint = try #require(try APITestClient.object(try await hq.call(.POST, "/api/v1/complaints", json: Self.complaintJSON(try await Self.category(t, "delay"), file: file)))["id"] as? String)
            let (other, otherToken) = try await t.apiClient("جدة", branch: try await t.makeBranch("JED"))
            let otherActor = try await APIRequestsTests.account(t, otherToken)
            #expect(try await other.get("/api/v1/inquiries/\(inquiry)").status == .notFound)
            #expect(try await other.get("/api/v1/complaints/\(complaint)").status == .notFound)
            #expect(try await other.call(.POST, "/api/v1/inquiries", json: Self.inquiryJSON(try await Self.category(t, "request_status"), file: file)).status == .notFound)
            let probes = try await t.auditEntries(action: "access.outOfScope").filter { $0.actorName == otherActor }
            #expect(Set(probes.compactMap(\.recordType)) == ["inquiries", "complaints", "beneficiaries"])
            #expect(try await Inquiry.query(on: t.db).count() == 1)
        }
    }

    @Test("the status look-up answers as the public page: the state and expected date, only with the matching mobile, and no personal data")
    func status() async throws {
        try await withLamasat { t in
            let (file, rent) = try await APIRequestsTests.fileAndRent(t)
            let (client, _) = try await t.apiClient()
            let id = try #require(try APITestClient.object(try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: APIRequestsTests.draftJSON(rent)))["id"] as? String)
            let tracking = try #require(try APITestClient.object(try await client.call(.POST, "/api/v1/requests/\(id)/submit"))["trackingNumber"] as? String)
            let (reader, _) = try await t.apiClient("متابعة", scopes: [.filesRead])
            let found = try await reader.get("/api/v1/status/\(tracking)?mobile=0501234567")
            #expect(found.status == .ok)
            let body = try APITestClient.object(found)
            #expect(body["kind"] as? String == "request" && body["status"] as? String == "submitted")
            #expect(body["statusLabel"] as? String == t.app.lamasat.localizer.text("portal.status.submitted", .ar))
            #expect(body["expectedDecisionAt"] is String)
            #expect(!found.body.contains("أميرة") && !found.body.contains(file.uuidString))
            #expect(try await reader.get("/api/v1/status/\(tracking)?mobile=0509999999").status == .notFound)
            #expect(try await reader.get("/api/v1/status/R-1?mobile=0501234567").status == .unprocessableEntity)
            let inquiry = try APITestClient.object(try await client.call(.POST, "/api/v1/inquiries", json: Self.inquiryJSON(try await Self.category(t, "request_status"))))
            let number = try #require(inquiry["number"] as? String)
            let answer = try APITestClient.object(try await reader.get("/api/v1/status/\(number)?mobile=0551234567"))
            #expect(answer["kind"] as? String == "inquiry" && answer["status"] as? String == "new")
        }
    }
}
