import Fluent
import Foundation
import LamasatAPI
import LamasatCore
import Testing
import Vapor
@testable import LamasatServer

/// Support requests through the API: the intake form's validation, the page's submit and timeline, the branch rule.
@Suite("The API's support requests")
struct APIRequestsTests {
    /// A widow's file in head office, registered by an officer on the pages; and the rent support type.
    static func fileAndRent(_ t: TestContext, officer username: String = "hq.officer", nationalID: String = "1045789326",
                            mobile: String = "0501234567") async throws -> (file: UUID, rent: SupportType) {
        let (officer, _) = try await t.signedIn(as: .relationsOfficer, username: username)
        let file = try await registerFile(officer, try await fileForm(t, id: nationalID, mobile: mobile))
        return (file, try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first()))
    }

    /// The sign-in name of a token's own account: the audit trail names the integration by it.
    static func account(_ t: TestContext, _ token: APIToken) async throws -> String {
        try #require(try await StaffUser.find(token.userID, on: t.db)).username
    }

    static func draftJSON(_ rent: SupportType, amount: String = "2000") -> String {
        #"{"supportTypeId":"\#(rent.id!.uuidString)","channel":"website","description":"متأخرة في سداد الإيجار","requestedAmount":"\#(amount)"}"#
    }

    @Test("an integration creates a draft, submits it as the page does, and reads its timeline; all audited as the integration")
    func draftSubmitTimeline() async throws {
        try await withLamasat { t in
            let (file, rent) = try await Self.fileAndRent(t)
            let (client, token) = try await t.apiClient("بوابة الموقع")
            let actor = try await Self.account(t, token)
            let created = try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent))
            #expect(created.status == .created)
            let draft = try APITestClient.object(created)
            #expect(draft["status"] as? String == "draft")
            #expect(draft["channel"] as? String == "website")
            #expect(draft["requestedAmountHalalas"] as? Int == 200_000)
            #expect(draft["trackingNumber"] == nil)
            let id = try #require(draft["id"] as? String)

            let submitted = try await client.call(.POST, "/api/v1/requests/\(id)/submit")
            #expect(submitted.status == .ok)
            let body = try APITestClient.object(submitted)
            #expect(body["status"] as? String == "submitted")
            #expect((body["trackingNumber"] as? String)?.hasPrefix("R-") == true)
            #expect(body["expectedDecisionAt"] is String)
            // The page's submission sends her the acknowledgement; so does the API's, which is the same code.
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "request-ack:\(id.uppercased())").count() == 1)

            let timeline = try await client.get("/api/v1/requests/\(id)/timeline")
            #expect(timeline.status == .ok)
            let items = try #require(try APITestClient.object(timeline)["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.map { $0["actor"] as? String } == ["بوابة الموقع", "بوابة الموقع"])
            #expect(items.first?["note"] as? String == t.app.lamasat.localizer.text(ContactChannel.website.localizationKey, .ar))

            let read = try await client.get("/api/v1/requests/\(id)")
            #expect(try APITestClient.object(read)["status"] as? String == "submitted")
            let audits = try await t.auditEntries()
            #expect(audits.contains { $0.action == "request.created" && $0.actorName == actor })
            #expect(audits.contains { $0.action == "request.submit" && $0.actorName == actor })
            #expect(audits.filter { $0.action == "view" && $0.recordID == id.uppercased() && $0.actorName == actor }.count == 2)
            // The staff page shows the same request with the same history.
            let (officer, _) = try await t.signedIn(as: .relationsOfficer, username: "hq.reader")
            #expect(try await officer.get("/requests/\(id)").contains(try #require(body["trackingNumber"] as? String)))
        }
    }

    @Test("the intake form's rules refuse bad input with a 422 naming the field, and nothing is created")
    func validation() async throws {
        try await withLamasat { t in
            let (file, rent) = try await Self.fileAndRent(t)
            let (client, _) = try await t.apiClient()
            let above = try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent, amount: "٢٠٠٠٠"))
            #expect(above.status == .unprocessableEntity)
            #expect(above.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let errors = try #require(try APITestClient.object(above)["errors"] as? [String: String])
            #expect(errors["requestedAmount"]?.contains("أعلى من الحد الأعلى") == true)
            let unknownType = try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests",
                                                    json: #"{"supportTypeId":"nope","channel":"phone","description":""}"#)
            #expect(unknownType.status == .unprocessableEntity)
            let fields = try #require(try APITestClient.object(unknownType)["errors"] as? [String: String])
            #expect(Set(fields.keys) == ["supportTypeId", "description"])
            let badChannel = try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests",
                                                   json: #"{"supportTypeId":"\#(rent.id!.uuidString)","channel":"fax","description":"x"}"#)
            #expect(badChannel.status == .badRequest)
            #expect(try await SupportRequest.query(on: t.db).count() == 0)
        }
    }

    @Test("submitting twice is refused with 409 and the page's reason; nothing changes")
    func submitTwice() async throws {
        try await withLamasat { t in
            let (file, rent) = try await Self.fileAndRent(t)
            let (client, _) = try await t.apiClient()
            let id = try #require(try APITestClient.object(try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent)))["id"] as? String)
            #expect(try await client.call(.POST, "/api/v1/requests/\(id)/submit").status == .ok)
            let again = try await client.call(.POST, "/api/v1/requests/\(id)/submit")
            #expect(again.status == .conflict)
            #expect(try APITestClient.object(again)["detail"] as? String == t.app.lamasat.localizer.text(SupportRequestRefusal.notAllowed.localizationKey, .ar))
            #expect(try await RequestTransition.query(on: t.db).count() == 2)
            #expect(try await t.auditEntries(action: "request.refused").count == 1)
        }
    }

    @Test("a token with requests.read reads but cannot create or submit (403)")
    func readScopeCannotWrite() async throws {
        try await withLamasat { t in
            let (file, rent) = try await Self.fileAndRent(t)
            let (reader, _) = try await t.apiClient("قارئ", scopes: [.requestsRead])
            #expect(try await reader.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent)).status == .forbidden)
            let (writer, _) = try await t.apiClient("كاتب", scopes: [.requestsWrite])
            let id = try #require(try APITestClient.object(try await writer.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent)))["id"] as? String)
            #expect(try await reader.call(.POST, "/api/v1/requests/\(id)/submit").status == .forbidden)
            #expect(try await reader.get("/api/v1/requests/\(id)").status == .ok)
            let (relations, _) = try await t.apiClient("علاقات", scopes: [.relationsWrite])
            #expect(try await relations.get("/api/v1/requests/\(id)/timeline").status == .forbidden)
            #expect(try await relations.get("/api/v1/requests").status == .forbidden)
        }
    }

    @Test("another branch's token finds none of head office's requests: 404 for each operation, audited as out of scope")
    func otherBranch() async throws {
        try await withLamasat { t in
            let (file, rent) = try await Self.fileAndRent(t)
            let (hq, _) = try await t.apiClient()
            let id = try #require(try APITestClient.object(try await hq.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent)))["id"] as? String)
            let jeddah = try await t.makeBranch("JED")
            let (other, otherToken) = try await t.apiClient("جدة", branch: jeddah)
            let otherActor = try await Self.account(t, otherToken)
            #expect(try await other.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent)).status == .notFound)
            #expect(try await other.get("/api/v1/requests/\(id)").status == .notFound)
            #expect(try await other.call(.POST, "/api/v1/requests/\(id)/submit").status == .notFound)
            #expect(try await other.get("/api/v1/requests/\(id)/timeline").status == .notFound)
            let list = try APITestClient.object(try await other.get("/api/v1/requests"))
            #expect((list["items"] as? [Any])?.isEmpty == true)
            let probes = try await t.auditEntries(action: "access.outOfScope")
            #expect(probes.filter { $0.recordID == id.uppercased() }.count == 3)
            #expect(probes.contains { $0.recordType == "beneficiaries" && $0.actorName == otherActor })
            #expect(try await SupportRequest.find(UUID(uuidString: id), on: t.db)?.status == .draft)
        }
    }

    @Test("the list is paged by cursor, newest first, and filters by status and file")
    func cursorPaging() async throws {
        try await withLamasat { t in
            let (file, rent) = try await Self.fileAndRent(t)
            let (client, _) = try await t.apiClient()
            var ids: [String] = []
            for _ in 0..<3 {
                let page = try await client.call(.POST, "/api/v1/beneficiaries/\(file)/requests", json: Self.draftJSON(rent) .replacingOccurrences(of: "}", with: #","overrideFrequency":true}"#))
                ids.append(try #require(try APITestClient.object(page)["id"] as? String))
                t.clock.advance(by: 1)
            }
            #expect(try await client.call(.POST, "/api/v1/requests/\(ids[0])/submit").status == .ok)
            let first = try APITestClient.object(try await client.get("/api/v1/requests?limit=2"))
            #expect((first["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[2], ids[1]])
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try APITestClient.object(try await client.get("/api/v1/requests?limit=2&cursor=\(cursor)"))
            #expect((second["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
            #expect(second["nextCursor"] == nil)
            let submitted = try APITestClient.object(try await client.get("/api/v1/requests?status=submitted&beneficiaryId=\(file)"))
            #expect((submitted["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
            #expect(try await client.get("/api/v1/requests?cursor=not-a-cursor").status == .badRequest)
        }
    }

    /// A state the contract lacks would be published as a draft (the mapping's fallback), so the two lists must agree.
    @Test("every state of a request is a RequestStatus of the contract, and the contract names no other")
    func contractNamesEveryState() {
        let contract = Set(Components.Schemas.RequestStatus.allCases.map(\.rawValue))
        #expect(contract == Set(SupportRequestStatus.allCases.map(\.rawValue)))
    }
}
