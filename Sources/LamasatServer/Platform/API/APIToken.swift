import Fluent
import Foundation
import LamasatCore

/// A token of one named integration. The secret is shown once at creation; only its SHA-256 is kept.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "prefix") var prefix: String
    /// The integration's own staff account: its branch and scope are the token's, and the audit trail names it.
    @Field(key: "user_id") var userID: UUID
    @Field(key: "scopes") var storedScopes: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(name: String, tokenHash: String, prefix: String, userID: UUID, scopes: Set<APIScope>, expiresAt: Date,
         createdBy: UUID, now: Date) {
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.userID = userID
        self.storedScopes = APIScope.stored(scopes)
        self.expiresAt = expiresAt
        self.createdBy = createdBy
        self.createdAt = now
    }

    var scopes: Set<APIScope> { APIScope.parse(storedScopes) }

    func isUsable(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

/// The integration calling the API in this request, set by `APIMiddleware` from its bearer token.
struct APIClient: Sendable {
    let tokenID: UUID
    let name: String
    let scopes: Set<APIScope>
    let expiresAt: Date
}
