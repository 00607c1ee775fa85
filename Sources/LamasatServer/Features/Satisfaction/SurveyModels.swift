import Fluent
import Foundation
import LamasatCore
import Vapor

/// A set of questions sent after a service. One template is the default that invitations use.
final class SurveyTemplate: Model, @unchecked Sendable {
    static let schema = "survey_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "is_default") var isDefault: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class SurveyQuestion: Model, @unchecked Sendable {
    static let schema = "survey_questions"

    @ID(key: .id) var id: UUID?
    @Field(key: "template_id") var templateID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: SurveyQuestionKind
    @Field(key: "aspect") var aspect: SurveyAspect
    @Field(key: "text_ar") var textArabic: String
    @Field(key: "text_en") var textEnglish: String
    /// One choice per line.
    @Field(key: "choices_ar") var choicesArabic: String
    @Field(key: "choices_en") var choicesEnglish: String
    @Field(key: "is_required") var isRequired: Bool
    /// A question that has answers is retired rather than deleted, so old results keep their meaning.
    @Field(key: "is_active") var isActive: Bool

    init() {}

    func text(in language: Language) -> String { language == .en && !textEnglish.isEmpty ? textEnglish : textArabic }

    func choices(in language: Language) -> [String] {
        let arabic = Self.lines(choicesArabic)
        let english = Self.lines(choicesEnglish)
        return language == .en && english.count == arabic.count ? english : arabic
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// An answer to this question in words: "4 — راضية" (or "4" for a spreadsheet), "نعم", the choice, the text.
    func answerText(_ answer: SurveyAnswer, req: Request, scaleWords: Bool) -> String {
        switch kind {
        case .scale: answer.score.map { scaleWords ? "\($0) — " + req.t("survey.scale.\($0)") : String($0) } ?? ""
        case .yesNo: answer.score.map { req.t($0 == 1 ? "survey.yes" : "survey.no") } ?? ""
        case .choice: answer.score.flatMap { choices(in: req.language).dropFirst($0).first } ?? ""
        case .text: answer.text
        }
    }
}

/// The invitation to evaluate one service (a final delivery, a closed inquiry or complaint). It knows whom it was
/// for, so that the reminder and the response rate work; the answer itself is stored apart and, when she answers
/// anonymously, without any way back to this row.
final class SurveyInvitation: Model, @unchecked Sendable {
    static let schema = "survey_invitations"

    enum Source: String, Codable, CaseIterable, Sendable {
        case delivery, inquiry, complaint
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "template_id") var templateID: UUID
    @Field(key: "source_type") var source: Source
    @Field(key: "source_id") var sourceID: UUID
    /// The number she knows the service by (R-…, Q-…, S-…).
    @Field(key: "reference") var reference: String
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    /// The support type's code, or "inquiry" / "complaint".
    @Field(key: "service_type") var serviceType: String
    /// The channel the case came through.
    @Field(key: "service_channel") var serviceChannel: String
    /// Who served her: only ever shown in aggregate, from five answers, to managers.
    @OptionalField(key: "staff_id") var staffID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    /// Answered, without when: the time would pair an anonymous answer with its invitation.
    @Field(key: "is_answered") var isAnswered: Bool
    @OptionalField(key: "reminded_at") var remindedAt: Date?

    init() {}
}

/// One way into an invitation: the link in the message, the reminder's, or the code printed on the receipt.
final class SurveyLink: Model, @unchecked Sendable {
    static let schema = "survey_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "invitation_id") var invitationID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "medium") var medium: String
    @Field(key: "created_at") var createdAt: Date
    /// A printed code's confirmation by SMS (see `SurveyPaperCode`): wrong codes typed, codes sent, the one out.
    @Field(key: "tries") var tries: Int
    @Field(key: "confirm_sent") var confirmSent: Int
    @OptionalField(key: "confirm_hash") var confirmHash: String?
    @OptionalField(key: "confirm_expires_at") var confirmExpiresAt: Date?

    init() {}
}

/// An answered survey. Anonymous: only the template, service type, branch and month are kept.
final class SurveyResponse: Model, @unchecked Sendable {
    static let schema = "survey_responses"

    @ID(key: .id) var id: UUID?
    @Field(key: "template_id") var templateID: UUID
    @Field(key: "month") var month: String
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "service_type") var serviceType: String
    @Field(key: "is_anonymous") var isAnonymous: Bool
    @OptionalField(key: "invitation_id") var invitationID: UUID?
    @OptionalField(key: "channel") var channel: String?
    @OptionalField(key: "staff_id") var staffID: UUID?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @Field(key: "contact_consent") var contactConsent: Bool

    init() {}
}

extension SurveyResponse {
    /// Where this answer would be read: its month, branch, service and channel (anonymous: a channel of its own).
    var cell: SurveyCell { SurveyCell(month: month, branch: branchID.uuidString, service: serviceType, channel: channel) }
}

final class SurveyAnswer: Model, @unchecked Sendable {
    static let schema = "survey_answers"

    @ID(key: .id) var id: UUID?
    @Field(key: "response_id") var responseID: UUID
    @Field(key: "question_id") var questionID: UUID
    @OptionalField(key: "score") var score: Int?
    @Field(key: "text") var text: String

    init() {}
}

/// Service recovery: a low score from someone who agreed to be contacted, for a manager of her branch.
final class SurveyFollowUp: Model, @unchecked Sendable {
    static let schema = "survey_followups"

    @ID(key: .id) var id: UUID?
    @Field(key: "response_id") var responseID: UUID
    @Field(key: "invitation_id") var invitationID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "is_done") var isDone: Bool
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_by") var doneBy: UUID?
    @OptionalField(key: "done_at") var doneAt: Date?

    init() {}

    init(response: SurveyResponse, invitation: SurveyInvitation, at: Date) throws {
        responseID = try response.requireID()
        invitationID = try invitation.requireID()
        beneficiaryID = invitation.beneficiaryID
        branchID = invitation.branchID
        isDone = false
        note = ""
        createdAt = at
    }
}
