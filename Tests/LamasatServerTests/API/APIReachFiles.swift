import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Head-office records for the API route walk (`APIBranchReachTests`): the files part's path parameters.
extension APIReach {
    static func filesRecords(_ t: TestContext) async throws -> [String: (value: String, id: UUID)] {
        let (client, _) = try await t.apiClient("أرشيف المقر", scopes: [.filesWrite])
        let (file, _) = try await client.createFile(try await apiFileJSON(t, id: NationalID.make(kind: .citizen, body: 31_415_926).value,
                                                                          mobile: "0507777777", first: "لطيفة"))
        let fileID = try #require(UUID(uuidString: file))
        let type = try #require(try await DocumentType.query(on: t.db).filter(\.$hasExpiry == false).filter(\.$isActive == true).first())
        let uploaded = try await client.upload("/api/v1/beneficiaries/\(file)/documents?type=\(type.id!.uuidString)", bytes: apiPDFBytes)
        let document = try #require(try APITestClient.object(uploaded)["id"] as? String)
        // A document's refusal is audited against its file, whose branch it is.
        return ["beneficiaryId": (file, fileID), "documentId": (document, fileID)]
    }

    /// What the walk sends to the files part's operations, so that the contract's decoding passes and the branch
    /// rule is what answers. An operation not named here gets an empty JSON object.
    static func filesProbes(_ t: TestContext) async throws -> [String: (query: String, body: String)] {
        let type = try #require(try await DocumentType.query(on: t.db).first())
        return [
            "PUT /beneficiaries/{beneficiaryId}": ("", try await apiFileJSON(t)),
            "POST /beneficiaries/{beneficiaryId}/family": ("", #"{"relation":"son","fullName":"محمد","birthDate":"2015-01-01","sex":"male"}"#),
            "POST /beneficiaries/{beneficiaryId}/documents": ("?type=\(type.id!.uuidString)", "%PDF-1.4"),
        ]
    }
}
