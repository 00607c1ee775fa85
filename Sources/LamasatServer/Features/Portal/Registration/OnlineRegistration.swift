import Fluent
import Foundation
import LamasatCore

/// A new applicant's start on the website: her national ID and the mobile she typed, the code that proved the mobile
/// is hers, and what her form became. Never a registered file: an applicant's file in the officers' queue, or — when a
/// file already has her ID — her answers kept for an officer to call her, without telling the website anything.
final class OnlineRegistration: Model, @unchecked Sendable {
    static let schema = "online_registrations"

    enum Status: String, Codable, CaseIterable, Sendable {
        /// A code was sent to the mobile she typed.
        case codeSent
        /// The code proved the mobile; she is filling the form.
        case verified
        /// Her applicant's file was made and waits for an officer.
        case submitted
        /// A file already has her ID: her answers wait for an officer to call her.
        case conflict
        /// An officer matched the file against her documents and the national records.
        case reviewed
        /// An officer settled a conflict with her (the note says how).
        case resolved

        var localizationKey: String { "registration.status.\(rawValue)" }
        /// In the officers' queue: what she sent and nobody has looked at yet.
        static let waiting: [Status] = [.submitted, .conflict]
        /// What staff may open: the rows she finished.
        static let sent: [Status] = [.submitted, .conflict, .reviewed, .resolved]
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "status") var status: Status
    @Field(key: "national_id") var nationalID: String
    /// E.164, as typed and proved by the code.
    @Field(key: "mobile") var mobile: String
    /// Her form's cookie, from the code until she submits (an hour at most).
    @OptionalField(key: "token_hash") var tokenHash: String?
    @OptionalField(key: "token_expires_at") var tokenExpiresAt: Date?
    @OptionalField(key: "branch_id") var branchID: UUID?
    @OptionalField(key: "beneficiary_id") var beneficiaryID: UUID?
    /// The file that already had her ID (a conflict).
    @OptionalField(key: "existing_beneficiary_id") var existingBeneficiaryID: UUID?
    /// A conflict's form as she typed it (JSON), for the officer who calls her; empty otherwise (the file holds it).
    @Field(key: "answers") var answers: String
    /// Her full name typed under the declaration that her data is true.
    @Field(key: "typed_name") var typedName: String
    @OptionalField(key: "declaration_version") var declarationVersion: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "verified_at") var verifiedAt: Date?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "reviewed_by") var reviewedBy: UUID?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @Field(key: "review_note") var reviewNote: String

    init() {}

    init(nationalID: String, mobile: String, now: Date) {
        self.id = UUID()
        self.status = .codeSent
        self.nationalID = nationalID
        self.mobile = mobile
        self.answers = ""
        self.typedName = ""
        self.reviewNote = ""
        self.createdAt = now
    }

    var answerValues: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(answers.utf8))) ?? [:]
    }
}
