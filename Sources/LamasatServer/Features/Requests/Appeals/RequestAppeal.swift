import Fluent
import Foundation
import LamasatCore

/// Her appeal (تظلم) of a rejection, and the committee's final answer to it. The first decision stays as it was in
/// `request_decisions` (the reports count it); an accepted appeal's decision is the one in force (`RequestDecision.inForce`).
final class RequestAppeal: Model, @unchecked Sendable {
    static let schema = "request_appeals"

    enum Source: String, Codable, CaseIterable, Sendable {
        case portal, staff
        var localizationKey: String { "appeal.source.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "beneficiary_id") var beneficiaryID: UUID
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "status") var status: AppealStatus
    @Field(key: "reasons") var reasons: String
    @Field(key: "source") var source: Source
    /// The officer who recorded it, or her file when she lodged it from her portal.
    @Field(key: "lodged_by") var lodgedBy: UUID
    @Field(key: "lodged_at") var lodgedAt: Date
    @OptionalField(key: "meeting_id") var meetingID: UUID?
    @Field(key: "approved_amount") var approvedAmount: Int64
    @OptionalField(key: "fund_id") var fundID: UUID?
    @OptionalField(key: "reason_id") var reasonID: UUID?
    @Field(key: "decision_note") var decisionNote: String
    @Field(key: "letter_number") var letterNumber: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    init(request: SupportRequest, reasons: String, source: Source, by lodgedBy: UUID, at now: Date) throws {
        self.id = UUID()
        self.requestID = try request.requireID()
        self.beneficiaryID = request.$beneficiary.id
        self.branchID = request.branchID
        self.status = .lodged
        self.reasons = reasons
        self.source = source
        self.lodgedBy = lodgedBy
        self.lodgedAt = now
        self.approvedAmount = 0
        self.decisionNote = ""
        self.letterNumber = ""
    }

    /// The committee's answer as a decision, under the first decision's id (a fund's hold names that id).
    func asDecision(replacing first: RequestDecision) -> RequestDecision? {
        guard status != .lodged, let meetingID, let decidedBy, let decidedAt else { return nil }
        let decision = RequestDecision()
        decision.id = first.id
        decision.requestID = requestID
        decision.meetingID = meetingID
        decision.outcome = status == .accepted ? .approved : .rejected
        decision.approvedAmount = approvedAmount
        decision.fundID = fundID
        decision.reasonID = reasonID
        decision.note = decisionNote
        decision.letterNumber = letterNumber
        decision.decidedBy = decidedBy
        decision.decidedAt = decidedAt
        return decision
    }
}

extension RequestDecision {
    /// The decisions in force for these requests: the committee's first, or the accepted appeal's that replaced it.
    static func inForce(_ requestIDs: some Collection<UUID>, on db: any Database) async throws -> [UUID: RequestDecision] {
        let ids = Array(Set(requestIDs))
        guard !ids.isEmpty else { return [:] }
        var decisions = Dictionary(try await RequestDecision.query(on: db).filter(\.$requestID ~~ ids).all().map { ($0.requestID, $0) }) { a, _ in a }
        for appeal in try await RequestAppeal.query(on: db).filter(\.$requestID ~~ ids).filter(\.$status == .accepted).all() {
            if let first = decisions[appeal.requestID], let replaced = appeal.asDecision(replacing: first) { decisions[appeal.requestID] = replaced }
        }
        return decisions
    }

    static func inForce(_ requestID: UUID, on db: any Database) async throws -> RequestDecision? {
        try await inForce([requestID], on: db)[requestID]
    }
}
