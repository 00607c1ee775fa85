import Fluent
import Foundation
import LamasatCore
import Vapor
@testable import LamasatServer

/// A valid file as the API's JSON: the registration form of the pages' tests, with her consent as a boolean.
func apiFileJSON(_ t: TestContext, id: String = "1045789326", mobile: String = "0501234567", first: String = "أميرة",
                 changes: [String: Any] = [:]) async throws -> String {
    var form = try await fileForm(t, id: id, mobile: mobile, first: first)
    form.removeValue(forKey: "consentGiven")
    form.removeValue(forKey: "branch")
    var object: [String: Any] = form
    object["consentGiven"] = true
    object.merge(changes) { $1 }
    return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

/// The smallest body the content check takes for a PDF.
let apiPDFBytes: [UInt8] = Array("%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

extension APITestClient {
    /// A raw upload, as a system sends a scanned document.
    func upload(_ path: String, bytes: [UInt8]) async throws -> Browser.Page {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .authorization, value: "Bearer \(secret)")
        headers.replaceOrAdd(name: .acceptLanguage, value: language)
        headers.replaceOrAdd(name: .contentType, value: "application/octet-stream")
        return try await browser.send(.POST, path, headers: headers, bytes: bytes)
    }

    /// Creates a file through the API and returns its id and ETag.
    func createFile(_ json: String) async throws -> (id: String, etag: String) {
        let page = try await call(.POST, "/api/v1/beneficiaries", json: json)
        guard page.status == .created, let id = try Self.object(page)["id"] as? String, let etag = page.headers.first(name: .eTag) else {
            throw Abort(.internalServerError, reason: "create failed: \(page.status) \(page.body)")
        }
        return (id, etag)
    }
}
