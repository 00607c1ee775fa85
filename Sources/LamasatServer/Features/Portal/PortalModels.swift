import Fluent
import Foundation

/// One sign-in attempt of the portal: the ticket in the address of the code page, the hash of the code sent, and
/// the tries left. It is created the same way whether or not the ID belongs to a file; for an unknown ID there is no
/// file and no code can ever match.
final class PortalChallenge: Model, @unchecked Sendable {
    static let schema = "portal_challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "ticket_hash") var ticketHash: String
    @Field(key: "identity_hash") var identityHash: String
    @Field(key: "address_hash") var addressHash: String
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "tries") var tries: Int
    @Field(key: "is_used") var isUsed: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A beneficiary's signed-in session: its own table and cookie, never a staff session.
final class PortalSession: Model, @unchecked Sendable {
    static let schema = "portal_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}
}

/// A public look-up (the status of a request by tracking number and mobile), counted per address to slow guessing.
final class PublicLookup: Model, @unchecked Sendable {
    static let schema = "public_lookups"

    @ID(key: .id) var id: UUID?
    @Field(key: "address_hash") var addressHash: String
    @Field(key: "at") var at: Date

    init() {}
}
