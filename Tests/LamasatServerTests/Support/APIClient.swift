import Fluent
import Foundation
import LamasatCore
import Vapor
@testable import LamasatServer

/// Calls the JSON API in process with a bearer token, as another system would.
struct APITestClient {
    let browser: Browser
    let secret: String
    var language = "ar"

    func call(_ method: HTTPMethod, _ path: String, json: String? = nil, headers extra: HTTPHeaders = [:]) async throws -> Browser.Page {
        var headers = extra
        headers.replaceOrAdd(name: .authorization, value: "Bearer \(secret)")
        headers.replaceOrAdd(name: .acceptLanguage, value: language)
        if json != nil { headers.replaceOrAdd(name: .contentType, value: "application/json") }
        return try await browser.send(method, path, headers: headers, body: json)
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Browser.Page { try await call(.GET, path, headers: headers) }

    /// The body as a JSON object.
    static func object(_ page: Browser.Page) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any] ?? [:]
    }
}

extension TestContext {
    /// A token for an integration of `branch` (HQ by default), issued as an administrator would.
    func apiClient(_ name: String = "موقع الجمعية", scopes: Set<APIScope> = Set(APIScope.allCases), branch: Branch? = nil,
                   scope: BranchScope = .ownBranch, expiresIn: TimeInterval = 86_400 * 90) async throws -> (APITestClient, APIToken) {
        let home: Branch
        if let branch { home = branch } else { home = try await headOffice() }
        var admin = try await StaffUser.query(on: db).filter(\StaffUser.$role == Role.admin).first()
        if admin == nil { admin = try await makeUser("api.admin.\(UUID().uuidString.prefix(6).lowercased())", role: .admin) }
        guard let admin else { throw Abort(.internalServerError) }
        let issued = try await APITokenIssuer.issue(name: name, branchID: home.requireID(), scope: scope, scopes: scopes,
                                                    expiresAt: clock.now().addingTimeInterval(expiresIn),
                                                    createdBy: admin.requireID(), now: clock.now(), on: db)
        return (APITestClient(browser: browser(), secret: issued.secret), issued.token)
    }
}
