import Fluent
import LamasatCore
import Foundation
import Vapor

/// One sign-in attempt of the portal: the ticket in the address of the code page, the hash of the code sent, and
/// the tries left. It is created the same way whether or not the ID belongs to a file; for an unknown ID there is no
/// file and no code can ever match.
final class PortalChallenge: Model, @unchecked Sendable {
    static let schema = "portal_challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "ticket_hash") var ticketHash: String
    @Field(key: "identity_hash") var identityHash: String
    @Field(key: "address_hash") var addressHash: String
    /// Whom the code signs in: the portal (a beneficiary) or the volunteer area (a volunteer).
    @Field(key: "audience") var audience: CodeAudience
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @OptionalField(key: "volunteer_id") var volunteerID: UUID?
    @OptionalField(key: "registration_id") var registrationID: UUID?
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "tries") var tries: Int
    @Field(key: "is_used") var isUsed: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    /// The file or record the right code signs in to; nil for an identity nobody has.
    var subjectID: UUID? {
        get {
            switch audience {
            case .portal: beneficiaryID
            case .volunteer: volunteerID
            case .registration: registrationID
            }
        }
        set {
            switch audience {
            case .portal: beneficiaryID = newValue
            case .volunteer: volunteerID = newValue
            case .registration: registrationID = newValue
            }
        }
    }
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

/// One use of a public form from an address (a status look-up, a case or a volunteer offer), counted per hour so that
/// numbers cannot be tried one after another and forms cannot be flooded. The address is kept only as a hash.
final class PublicLookup: Model, @unchecked Sendable {
    static let schema = "public_lookups"

    @ID(key: .id) var id: UUID?
    @Field(key: "address_hash") var addressHash: String
    @Field(key: "at") var at: Date

    init() {}
}

extension PublicLookup {
    private static func key(_ purpose: String, _ req: Request) -> String { req.pseudonym("public-\(purpose)", req.clientAddress ?? "unknown") }

    /// Takes one of this address's `limit` uses for `purpose` in this hour, in one conditional update (as the portal's
    /// code counter does): of any number of requests sent together exactly `limit` pass. The use is also kept as a
    /// row, for the housekeeping that removes them after a day.
    static func take(_ purpose: String, limit: Int, req: Request) async throws -> Bool {
        let window = OneTimeCodePolicy.standard.windowIndex(req.now)
        let address = key(purpose, req)
        guard try await RateCounter.take("public:\(address):\(window)", window: window, limit: limit, on: req.db) else { return false }
        let use = PublicLookup()
        use.addressHash = address
        use.at = req.now
        try await use.create(on: req.db)
        return true
    }
}
