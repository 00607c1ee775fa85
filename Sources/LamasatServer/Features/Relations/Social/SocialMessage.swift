import Fluent
import Foundation
import LamasatCore

/// A message from a social-media platform, pasted or forwarded by an officer into her branch's inbox ([P-16]
/// channel 3), until it becomes a contact or a case (`outcome`) or is dismissed with a reason.
final class SocialMessage: Model, @unchecked Sendable {
    static let schema = "social_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "platform") var platform: SocialPlatform
    @Field(key: "handle") var handle: String
    @Field(key: "text") var text: String
    /// "" when none was given.
    @Field(key: "link") var link: String
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "fingerprint") var fingerprint: String
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "status") var status: SocialMessageStatus
    @OptionalField(key: "outcome_kind") var outcomeKind: SocialOutcome?
    @OptionalField(key: "outcome_id") var outcomeID: UUID?
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    @Field(key: "entered_by") var enteredBy: UUID
    @Field(key: "entered_at") var enteredAt: Date
    @OptionalField(key: "handled_by") var handledBy: UUID?
    @OptionalField(key: "handled_at") var handledAt: Date?
    @Field(key: "dismiss_reason") var dismissReason: String

    init() {}

    /// A new message waiting in the inbox of `branchID`.
    init(platform: SocialPlatform, handle: String, text: String, link: String, receivedAt: Date, branchID: UUID, enteredBy: UUID, at now: Date) {
        id = UUID()
        self.platform = platform
        self.handle = handle
        self.text = text
        self.link = link
        self.receivedAt = receivedAt
        fingerprint = Self.fingerprint(platform: platform, handle: handle, text: text, link: link)
        self.branchID = branchID
        status = .new
        self.enteredBy = enteredBy
        enteredAt = now
        dismissReason = ""
    }

    /// The hash of what makes two pastes the same message (`SocialMessageRules.fingerprint`).
    static func fingerprint(platform: SocialPlatform, handle: String, text: String, link: String) -> String {
        let key = SocialMessageRules.fingerprint(platform: platform, handle: handle, text: text, link: link)
        return sha256Hex(Data(key.utf8))
    }

    /// "@handle" as people write it; a name with spaces (Facebook) stays as typed.
    var displayHandle: String { handle.hasPrefix("@") || handle.contains(" ") ? handle : "@" + handle }

    /// The page of the record it became.
    var outcomePath: String? {
        guard let outcomeKind, let outcomeID else { return nil }
        return switch outcomeKind {
        case .contact: beneficiaryID.map { "/beneficiaries/\($0.uuidString)?tab=interactions" } ?? "/contacts"
        case .inquiry: "/inquiries/\(outcomeID.uuidString)"
        case .complaint, .suggestion: "/complaints/\(outcomeID.uuidString)"
        }
    }
}

extension SocialMessageStatus {
    /// The stylesheet's colour for the status: waiting, done, set aside.
    var tagClass: String {
        switch self {
        case .new: "pending"
        case .handled: "ok"
        case .dismissed: "closed"
        }
    }
}
