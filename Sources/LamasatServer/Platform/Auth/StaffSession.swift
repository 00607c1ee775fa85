import Fluent
import Foundation

/// A signed-in browser. Only the SHA-256 of the cookie's token is stored, so a copy of the database cannot be used
/// to take over a session. Kept in the database so several server instances share them.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: StaffUser
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "address") var address: String?
    /// The password was right but the second factor is still to come: the session opens no page but its check.
    @Field(key: "second_factor_pending") var secondFactorPending: Bool

    init() {}

    init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, address: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.address = address
        secondFactorPending = false
    }
}

/// One failed sign-in, kept for the lockout window. `key` is the SHA-256 of "account:<username>" or "address:<ip>".
final class SignInFailure: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(key: String, failedAt: Date) {
        self.key = key
        self.failedAt = failedAt
    }
}

/// A one-time link that lets the first administrator choose her password. Only its hash is stored.
final class SetupToken: Model, @unchecked Sendable {
    static let schema = "setup_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(tokenHash: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
