import Fluent
import Foundation

/// What a staff member is told about. Urgent kinds are e-mailed at once unless she chose otherwise; the rest wait
/// for the daily digest.
enum NotificationKind: String, CaseIterable, Codable, Sendable {
    case inquiryReferred, researchAssigned, complaintAssigned, complaintEscalated, requestToVerify, requestToDeliver, meetingCalled
    case decisionOverdue, contactChange, portalDocument, caseReply
    /// A volunteer accepted or declined an assignment (issue 17).
    case volunteerResponded
    /// A new applicant registered herself on the website (issue 20).
    case onlineRegistration
    /// She appealed a rejection; it waits for the committee (issue 20).
    case appealLodged
    /// The retention job proposes records to anonymise; an administrator approves (issue 20).
    case retentionProposed

    var isUrgent: Bool { self == .complaintEscalated || self == .decisionOverdue }
    var defaultEmail: EmailMode { isUrgent ? .immediate : .digest }
    var localizationKey: String { "notifications.kind.\(rawValue)" }
}

/// How a kind reaches her by e-mail, besides the bell.
enum EmailMode: String, CaseIterable, Codable, Sendable {
    case off, immediate, digest
    var localizationKey: String { "notifications.email.\(rawValue)" }
}

final class StaffNotification: Model, @unchecked Sendable {
    static let schema = "staff_notifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: NotificationKind
    /// A case or request number, never a name: it is shown in e-mails too.
    @Field(key: "reference") var reference: String
    @Field(key: "link") var link: String
    @OptionalField(key: "branch_id") var branchID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    @OptionalField(key: "emailed_at") var emailedAt: Date?
    @Field(key: "dedupe_key") var dedupeKey: String

    init() {}
}

final class NotificationPreference: Model, @unchecked Sendable {
    static let schema = "notification_preferences"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: NotificationKind
    @Field(key: "email") var email: EmailMode

    init() {}

    /// Her choice for each kind, the default where she made none.
    static func modes(of userID: UUID, on db: any Database) async throws -> [NotificationKind: EmailMode] {
        let chosen = try await query(on: db).filter(\.$userID == userID).all()
        return Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { kind in
            (kind, chosen.first { $0.kind == kind }?.email ?? kind.defaultEmail)
        })
    }
}
