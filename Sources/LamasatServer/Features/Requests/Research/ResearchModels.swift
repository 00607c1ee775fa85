import Fluent
import Foundation
import LamasatCore

/// Which researcher studies a request ([P-20]); a reassignment keeps the earlier rows, no longer current.
final class ResearchAssignment: Model, @unchecked Sendable {
    static let schema = "research_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "researcher_id") var researcherID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "assigned_by") var assignedBy: UUID
    @Field(key: "assigned_at") var assignedAt: Date
    @Field(key: "is_current") var isCurrent: Bool

    init() {}

    static func current(of requestID: UUID, on db: any Database) async throws -> ResearchAssignment? {
        try await ResearchAssignment.query(on: db).filter(\.$requestID == requestID).filter(\.$isCurrent == true).first()
    }
}

/// A home visit, office interview, phone or video call of the research ([P-8]).
final class ResearchVisit: Model, @unchecked Sendable {
    static let schema = "research_visits"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "researcher_id") var researcherID: UUID
    @Field(key: "kind") var kind: ResearchVisitKind
    @Field(key: "scheduled_at") var scheduledAt: Date
    @Field(key: "address") var address: String
    @Field(key: "status") var status: ResearchVisitStatus
    @Field(key: "outcome") var outcome: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?

    init() {}
}

/// The social research report that lets a request reach the committee; only its researcher files it.
final class ResearchReport: Model, @unchecked Sendable {
    static let schema = "research_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "researcher_id") var researcherID: UUID
    @Field(key: "housing") var housing: String
    @Field(key: "income_check") var incomeCheck: String
    @Field(key: "needs") var needs: String
    @Field(key: "recommendation") var recommendation: ResearchRecommendation
    @Field(key: "recommended_amount") var recommendedAmount: Int64
    @Field(key: "filed_at") var filedAt: Date

    init() {}
}
