import Fluent
import Foundation
import Testing
@testable import LamasatServer

/// Head-office records for the API route walk (`APIBranchReachTests`): the requests and relations part's path parameters.
/// The status look-up is not per branch (the public page answers it to anyone with the number and mobile), so it has none.
extension APIReach {
    static func requestsRecords(_ t: TestContext) async throws -> [String: (value: String, id: UUID)] {
        let (file, rent) = try await APIRequestsTests.fileAndRent(t, officer: "reach.requests", nationalID: "2000000006", mobile: "0557654321")
        let (client, _) = try await t.apiClient("سجلات المقر")
        func created(_ path: String, _ json: String) async throws -> UUID {
            let body = try APITestClient.object(try await client.call(.POST, path, json: json))
            guard let id = (body["id"] as? String).flatMap(UUID.init(uuidString:)) else { throw APIReachError.notCreated(path) }
            return id
        }
        let request = try await created("/api/v1/beneficiaries/\(file)/requests", APIRequestsTests.draftJSON(rent))
        let inquiry = try await created("/api/v1/inquiries", APIRelationsTests.inquiryJSON(try await APIRelationsTests.category(t, "request_status")))
        let complaint = try await created("/api/v1/complaints", APIRelationsTests.complaintJSON(try await APIRelationsTests.category(t, "delay"), file: file))
        return [
            "requestId": (request.uuidString, request),
            "inquiryId": (inquiry.uuidString, inquiry),
            "complaintId": (complaint.uuidString, complaint),
        ]
    }

    /// What the walk sends to the requests part's operations, so that the contract's decoding passes and the branch
    /// rule is what answers.
    static func requestsProbes(_ t: TestContext) async throws -> [String: (query: String, body: String)] {
        let rent = try #require(try await SupportType.query(on: t.db).filter(\.$code == "rent").first())
        return ["POST /beneficiaries/{beneficiaryId}/requests": ("", APIRequestsTests.draftJSON(rent))]
    }

    /// Path parameters that name no branch's record: the status look-up answers anyone holding the tracking number
    /// and the mobile, as the public page does.
    static let notBranchRecords: Set<String> = ["trackingNumber"]

    enum APIReachError: Error { case notCreated(String) }
}
