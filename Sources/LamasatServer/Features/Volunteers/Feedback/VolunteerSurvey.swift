import Fluent
import LamasatCore
import Vapor

/// The short survey after an assignment (issue 17): how it went (1–5), whether she felt safe and prepared, and a
/// comment. One per assignment, answered once, through a link sent by SMS whose code is stored only as a hash (as
/// the satisfaction survey's links are).
final class VolunteerSurvey: Model, @unchecked Sendable {
    static let schema = "volunteer_surveys"

    @ID(key: .id) var id: UUID?
    @Field(key: "assignment_id") var assignmentID: UUID
    @Field(key: "volunteer_id") var volunteerID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "rating") var rating: Int?
    @OptionalField(key: "felt_safe") var feltSafe: Bool?
    @OptionalField(key: "felt_prepared") var feltPrepared: Bool?
    @Field(key: "comment") var comment: String

    init() {}
}

enum VolunteerSurveys {
    static let inviteArabic = "جمعية لمسات: شكرًا لمشاركتك يا {0}. كيف كانت تجربتك في «{1}»؟ دقيقة واحدة: {2}"

    static func url(_ token: String, baseURL: String) -> String { "\(baseURL)/vs/\(token)" }

    /// Creates her survey for a completed assignment and queues its SMS, in the caller's transaction; a second call
    /// for the same assignment does nothing. Called when her hours are approved; part B's completion may call it too.
    @discardableResult
    static func invite(_ assignment: VolunteerAssignment, volunteer: Volunteer, now: Date, baseURL: String, on db: any Database) async throws -> String? {
        let assignmentID = try assignment.requireID()
        guard try await VolunteerSurvey.query(on: db).filter(\.$assignmentID == assignmentID).count() == 0,
              let opportunity = try await VolunteerOpportunity.find(assignment.opportunityID, on: db) else { return nil }
        let token = SurveyToken.generate()
        let survey = VolunteerSurvey()
        survey.assignmentID = assignmentID
        survey.volunteerID = assignment.volunteerID
        survey.branchID = assignment.branchID
        survey.tokenHash = SessionTokens.hash(token)
        survey.createdAt = now
        survey.expiresAt = now.addingTimeInterval(Double(SurveyToken.lifetimeDays) * 86_400)
        survey.comment = ""
        try await survey.create(on: db)
        let body = inviteArabic.replacingOccurrences(of: "{0}", with: volunteer.firstName).replacingOccurrences(of: "{1}", with: opportunity.title)
            .replacingOccurrences(of: "{2}", with: url(token, baseURL: baseURL))
        _ = try await Outbox.enqueue(Outbox.Draft(
            channel: .sms, recipient: volunteer.mobile, subject: "volunteer-survey:\(opportunity.number)", body: body,
            idempotencyKey: "volunteer-survey:\(assignmentID.uuidString)", relatedType: "volunteer_survey", relatedID: try survey.requireID().uuidString,
            branchID: assignment.branchID), now: now, on: db)
        return token
    }

    enum Lookup { case open(VolunteerSurvey), answered, expired, unknown }

    static func lookup(_ typed: String, now: Date, on db: any Database) async throws -> Lookup {
        guard let token = SurveyToken.canonical(typed),
              let survey = try await VolunteerSurvey.query(on: db).filter(\.$tokenHash == SessionTokens.hash(token)).first() else { return .unknown }
        if survey.answeredAt != nil { return .answered }
        if survey.expiresAt <= now { return .expired }
        return .open(survey)
    }
}
