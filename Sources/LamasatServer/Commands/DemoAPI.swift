import Fluent
import Foundation
import LamasatCore
import Vapor

/// Issue 19's demo: the association's website as an integration with an active token, an old mobile-app token that
/// was revoked, and a few of the website's calls on the audit trail. Added once; the active token's secret is printed
/// that one time, like the demo users' password.
enum DemoAPI {
    static let website = "موقع الجمعية"

    /// A line for the console, or "" when the tokens were added before.
    static func load(branches: [String: UUID], now: Date, on app: Application) async throws -> String {
        guard try await APIToken.query(on: app.db).filter(\.$name == website).count() == 0,
              let hq = branches["HQ"],
              let admin = try await StaffUser.query(on: app.db).filter(\.$username == "demo.admin").first()?.id
        else { return "" }
        let day = 86_400.0
        let site = try await APITokenIssuer.issue(name: website, branchID: hq, scope: .allBranches, scopes: [.filesRead, .requestsRead, .requestsWrite, .relationsWrite],
                                                  expiresAt: now.addingTimeInterval(90 * day), createdBy: admin, now: now.addingTimeInterval(-20 * day), on: app.db)
        let mobile = try await APITokenIssuer.issue(name: "تطبيق الجوال (تجريبي)", branchID: hq, scope: .ownBranch, scopes: [.filesRead],
                                                  expiresAt: now.addingTimeInterval(30 * day), createdBy: admin, now: now.addingTimeInterval(-60 * day), on: app.db)
        try await APITokenIssuer.revoke(mobile.token, by: admin, now: now.addingTimeInterval(-30 * day), on: app.db)
        site.token.lastUsedAt = now.addingTimeInterval(-3_600)
        try await site.token.save(on: app.db)
        let key = app.lamasat.secrets.audit
        let account = site.token.userID
        var events: [(event: AuditChain.Event, time: Date)] = [
            (.init(actorID: admin, actorName: "demo.admin", action: "api.tokenCreated", recordType: "api_token", recordID: site.token.id?.uuidString,
                   outcome: .success, detail: "prefix=\(site.token.prefix)"), now.addingTimeInterval(-20 * day)),
            (.init(actorID: admin, actorName: "demo.admin", action: "api.tokenRevoked", recordType: "api_token", recordID: mobile.token.id?.uuidString,
                   outcome: .success, detail: "prefix=\(mobile.token.prefix)"), now.addingTimeInterval(-30 * day)),
        ]
        // The website's usual calls: its catalogs, a status look-up and an inquiry, as the integration.
        for (offset, action) in [(5.0, "beneficiary.listed"), (3.0, "inquiry.created"), (1.0, "beneficiary.listed")] {
            events.append((.init(actorID: account, actorName: website, actorBranchID: hq, action: action, outcome: .success,
                                 detail: action == "beneficiary.listed" ? "results=0 kind=list page=1" : "via api"),
                           now.addingTimeInterval(-offset * day)))
        }
        try await AuditChain.append(events.sorted { $0.time < $1.time }, key: key, on: app.db)
        return "API tokens: \"\(website)\" (active; its secret, shown once: \(site.secret)) and one revoked (/admin/api-tokens, /api/v1/docs)"
    }
}
