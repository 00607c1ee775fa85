import Fluent
import LamasatCore
import Vapor

/// The committee's final answer to an appeal, under a first decision's rules: accepting it approves the request (an
/// amount within the ceiling, a fund for cash) and completes an applicant's registration as a first approval would;
/// refusing it keeps the rejection, with a reason. Either way a letter number and her message; the first decision
/// stays as it was.
enum AppealDecision {
    struct Chosen {
        let approve: Bool
        let amount: Money
        let reason: RejectionReason?
        let note: String
        let fundID: String
    }

    static func decide(_ appeal: RequestAppeal, chosen: Chosen, facts: SupportRequestFacts, meeting: CommitteeMeeting, request: SupportRequest,
                       file: Beneficiary, member: CommitteeMember, req: Request,
                       refusedPage: @escaping @Sendable (String) async throws -> Response) async throws -> Response {
        guard let first = try await RequestDecision.query(on: req.db).filter(\.$requestID == request.requireID()).first() else { throw Abort(.notFound) }
        let registration = chosen.approve && file.status == .applicant ? try await DocumentRequirements.evaluate(file, today: req.now, on: req.db) : nil
        let fundLinks = req.application.requestFundLinks
        let needsFund = chosen.approve && request.supportType.kind == .financial && chosen.amount.halalas > 0 && fundLinks.isRegistered
        let now = req.now
        let note = [chosen.reason?.name(in: .ar), chosen.note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — ")
        let action: SupportRequestAction = chosen.approve ? .overturn : .reject
        return try await RequestPage.perform(action, on: request, req: req, refusedPage: refusedPage) { db in
            if chosen.approve {
                if let refusal = try await RequestWorkflow.apply(.overturn, to: request, facts: facts, note: note, req: req, on: db) { return refusal }
            } else if let refusal = AppealRules.refusalOfAppeal(facts: facts) {
                return refusal
            }
            // Once: only a lodged appeal is answered.
            let claimed = try await db.sql.raw("""
                UPDATE request_appeals SET status = \(bind: (chosen.approve ? AppealStatus.accepted : .refused).rawValue)
                WHERE id = \(bind: try appeal.requireID()) AND status = 'lodged' RETURNING id
                """).all()
            guard claimed.count == 1 else { return .notAllowed }
            appeal.status = chosen.approve ? .accepted : .refused
            appeal.meetingID = try meeting.requireID()
            appeal.approvedAmount = chosen.approve ? chosen.amount.halalas : 0
            appeal.reasonID = chosen.approve ? nil : chosen.reason?.id
            appeal.decisionNote = String(chosen.note.prefix(1000))
            appeal.letterNumber = ReferenceNumber("L", sequence: try await Counters.next("outgoing_letter", on: db), at: now).description
            appeal.decidedBy = member.userID
            appeal.decidedAt = now
            if needsFund { appeal.fundID = try fundLinks.chosen(chosen.fundID, req: req) }
            try await appeal.save(on: db)
            guard let decision = appeal.asDecision(replacing: first) else { return .notAllowed }
            if needsFund { try await fundLinks.commit(decision, request: request, file: file, req: req, on: db) }
            try await Registration.complete(file, after: registration, req: req, on: db)
            try await req.audit("appeal.\(appeal.status.rawValue)", record: ("support_request", try request.requireID().uuidString),
                                detail: "\(meeting.number) \(appeal.letterNumber)", on: db)
            try await Outbox.enqueue(try await message(appeal, decision: decision, request: request, file: file, reason: chosen.reason, on: db), now: now, on: db)
            return nil
        }
    }

    /// Her message of the final answer, in the words the association set (`appeal.accepted`, `appeal.refused`).
    static func message(_ appeal: RequestAppeal, decision: RequestDecision, request: SupportRequest, file: Beneficiary, reason: RejectionReason?,
                        on db: any Database) async throws -> Outbox.Draft {
        let tracking = request.trackingNumber ?? ""
        let english = try await MessageTemplate.language(for: file.id, on: db) == .en
        let amount = decision.approvedAmount > 0 ? (english ? "of " : "بمبلغ ") + Money(halalas: decision.approvedAmount).formatted(english ? .en : .ar) : ""
        let body = try await MessageTemplate.text(appeal.status == .accepted ? "appeal.accepted" : "appeal.refused", for: file.id, values: [
            "name": file.nameFirst, "tracking": tracking, "amount": amount, "letter": appeal.letterNumber,
            "reason": english ? (reason?.nameEnglish ?? appeal.decisionNote) : (reason?.nameArabic ?? appeal.decisionNote)], on: db)
        return Outbox.Draft(channel: .sms, recipient: file.mobile, subject: "قرار تظلم \(tracking)", body: body,
                            idempotencyKey: "appeal-decision:\(try appeal.requireID().uuidString)", relatedType: "support_request",
                            relatedID: try request.requireID().uuidString, branchID: request.branchID, beneficiaryID: file.id)
    }
}
