import Fluent
import Foundation
import LamasatCore
import Vapor

/// Creates an integration's token: its own staff account (a relations officer of the branch, never able to sign
/// in) and the token's hash, in one transaction. The secret is returned once, to be shown once.
enum APITokenIssuer {
    static let secretPrefix = "lms_"

    struct Issued: Sendable {
        let token: APIToken
        let secret: String
    }

    static func issue(name: String, branchID: UUID, scope: BranchScope, scopes: Set<APIScope>, expiresAt: Date,
                      createdBy: UUID, now: Date, on db: any Database) async throws -> Issued {
        let secret = secretPrefix + SessionTokens.make()
        let token = try await db.writeTransaction { db in
            let suffix = String(SessionTokens.make().lowercased().filter(\.isLetter).prefix(6))
            let user = StaffUser(username: "api.\(suffix)", fullName: name, email: nil, role: APIScope.integrationRole,
                                 scope: scope, branchID: branchID,
                                 // Not a hash any password can match: the account cannot sign in, and sign-in refuses it anyway.
                                 passwordHash: "!integration", mustChangePassword: false, now: now)
            user.isIntegration = true
            try await user.create(on: db)
            let token = APIToken(name: name, tokenHash: SessionTokens.hash(secret), prefix: String(secret.prefix(10)),
                                 userID: try user.requireID(), scopes: scopes, expiresAt: expiresAt, createdBy: createdBy, now: now)
            try await token.create(on: db)
            return token
        }
        return Issued(token: token, secret: secret)
    }

    /// Revoking takes effect on the next call; the token's account is disabled with it.
    static func revoke(_ token: APIToken, by userID: UUID, now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in
            token.revokedAt = now
            token.revokedBy = userID
            try await token.save(on: db)
            if let user = try await StaffUser.find(token.userID, on: db) {
                user.isActive = false
                user.updatedAt = now
                try await user.save(on: db)
            }
        }
    }
}
