import Fluent
import Foundation
import LamasatCore
import Vapor

/// `lamasat api-token create --name "…" --scopes files.read,requests.write [--branch HQ] [--all-branches] [--days 90]`
/// prints a new integration's token once; `lamasat api-token revoke --prefix lms_abcdef` revokes one. For operators
/// and scripted set-ups; administrators do the same at /admin/api-tokens. Both are on the audit trail as the console.
struct APITokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create or revoke") var action: String
        @Option(name: "name", help: "the integration's name") var name: String?
        @Option(name: "scopes", help: "comma-separated: \(APIScope.allCases.map(\.rawValue).joined(separator: ","))") var scopes: String?
        @Option(name: "branch", help: "branch code (default HQ)") var branch: String?
        @Flag(name: "all-branches", help: "reach the records of every branch, not only its own") var allBranches: Bool
        @Option(name: "days", help: "days until it expires (default 90; fractions allowed)") var days: String?
        @Option(name: "prefix", help: "for revoke: the token's first characters, as listed at /admin/api-tokens") var prefix: String?
        init() {}
    }

    var help: String { "Creates an API token for a named integration (printed once), or revokes one." }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "create": try await create(context, signature)
        case "revoke": try await revoke(context, signature)
        default: throw CommandProblem("action must be create or revoke")
        }
    }

    private func create(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        guard let name = signature.name?.trimmingWhitespace(), (1...120).contains(name.count) else { throw CommandProblem("--name is required (up to 120 characters)") }
        let names = (signature.scopes ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let scopes = Set(names.compactMap(APIScope.init(rawValue:)))
        guard !scopes.isEmpty, scopes.count == names.count else {
            throw CommandProblem("--scopes must name one or more of \(APIScope.allCases.map(\.rawValue).joined(separator: ","))")
        }
        guard let days = Double(signature.days ?? "90"), days > 0, days <= 3650 else { throw CommandProblem("--days must be more than 0 and at most 3650") }
        let code = (signature.branch ?? "HQ").uppercased()
        guard let branch = try await Branch.query(on: app.db).filter(\.$code == code).first() else { throw CommandProblem("--branch: no branch with code \(code)") }
        // The token names who created it: the first administrator, as the console acts for the administration.
        guard let admin = try await StaffUser.query(on: app.db).filter(\.$role == .admin).filter(\.$isActive == true).sort(\.$createdAt).first()
        else { throw CommandProblem("no administrator yet: create one first with `lamasat user`") }
        let now = app.lamasat.clock.now()
        let issued = try await APITokenIssuer.issue(name: name, branchID: try branch.requireID(), scope: signature.allBranches ? .allBranches : .ownBranch,
                                                    scopes: scopes, expiresAt: now.addingTimeInterval(days * 86_400),
                                                    createdBy: try admin.requireID(), now: now, on: app.db)
        try await AuditChain.append(.init(actorName: "console", action: "apiToken.created", recordType: "api_token",
                                          recordID: try issued.token.requireID().uuidString, outcome: .success, detail: name),
                                    at: now, key: app.lamasat.secrets.audit, on: app.db)
        context.console.print(issued.secret)
    }

    private func revoke(_ context: CommandContext, _ signature: Signature) async throws {
        let app = context.application
        guard let prefix = signature.prefix, prefix.count >= 6 else { throw CommandProblem("--prefix is required (at least 6 characters)") }
        let matching = try await APIToken.query(on: app.db).filter(\.$revokedAt == nil).all().filter { $0.prefix.hasPrefix(prefix) || prefix.hasPrefix($0.prefix) }
        guard matching.count == 1, let token = matching.first else {
            throw CommandProblem(matching.isEmpty ? "no active token starts with \(prefix)" : "\(matching.count) tokens start with \(prefix): give more characters")
        }
        guard let admin = try await StaffUser.query(on: app.db).filter(\.$role == .admin).filter(\.$isActive == true).sort(\.$createdAt).first()
        else { throw CommandProblem("no administrator yet") }
        let now = app.lamasat.clock.now()
        try await APITokenIssuer.revoke(token, by: try admin.requireID(), now: now, on: app.db)
        try await AuditChain.append(.init(actorName: "console", action: "apiToken.revoked", recordType: "api_token",
                                          recordID: try token.requireID().uuidString, outcome: .success, detail: token.name),
                                    at: now, key: app.lamasat.secrets.audit, on: app.db)
        context.console.print("Revoked the token \(token.prefix)… of \(token.name).")
    }
}
