import Fluent
import LamasatCore
import Vapor

/// Votes and the chair's decision. A member first declares she has no conflict of interest in the request, or
/// declares one and stays out of its vote; the chair's decision needs the quorum and follows the majority ([P-22]).
struct CommitteeVotingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let item = routes.grouped("committee", ":meetingID", "requests", ":requestID")
        item.post("vote") { try await self.vote(req: $0) }.requires(.voteInCommittee)
        item.post("decide") { try await self.decide(req: $0) }.requires(.voteInCommittee)
        item.post("acting-chair") { try await self.nameActingChair(req: $0) }.requires(.organizeCommittee)
    }

    /// Who presides over one item: the chair, unless she declared a conflict of interest in it; then the acting
    /// chair the meeting named — unless she too declared one — or nobody until one is named.
    static func presiding(_ item: AgendaItem, chair: CommitteeMember?, on db: any Database) async throws -> UUID? {
        guard let chair else { return nil }
        let conflicted = Set(try await MemberVote.query(on: db).filter(\.$meetingID == item.meetingID).filter(\.$requestID == item.requestID)
            .filter(\.$hasConflict == true).all().map(\.memberID))
        guard conflicted.contains(chair.userID) else { return chair.userID }
        return item.actingChairID.flatMap { conflicted.contains($0) ? nil : $0 }
    }

    /// Whether an item still waits for its answer: a request in committee review, or an appeal still lodged.
    static func isOpen(_ item: AgendaItem, request: SupportRequest, on db: any Database) async throws -> Bool {
        guard let appealID = item.appealID else { return request.status == .committeeReview }
        return try await RequestAppeal.find(appealID, on: db)?.status == .lodged
    }

    /// The organiser names a member without a conflict in the item to preside over it in the chair's place.
    func nameActingChair(req: Request) async throws -> Response {
        let meeting = try await CommitteeController.reachableMeeting(req)
        let (request, _) = try await req.reachableRequest()
        guard let item = try await AgendaItem.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID()).first()
        else { throw Abort(.notFound) }
        let back = { (error: String, status: HTTPStatus) in try await CommitteeMeetingPage.show(req: req, error: error, status: status) }
        guard !meeting.isClosed, try await Self.isOpen(item, request: request, on: req.db) else { return try await back(req.t("committee.error.closed"), .conflict) }
        let members = try await CommitteeMember.query(on: req.db).filter(\.$meetingID == meeting.requireID()).all()
        let votes = try await MemberVote.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID()).all()
        let conflicted = Set(votes.filter(\.hasConflict).map(\.memberID))
        guard let chair = members.first(where: \.isChair), conflicted.contains(chair.userID) else {
            return try await back(req.t("committee.error.chairPresides"), .conflict)
        }
        let form = ActingChairForm(request: req)
        let (valid, errors) = form.validate(req, members: members, conflicted: conflicted)
        guard let chosen = valid else {
            let key = try request.requireID().uuidString
            let choices = CommitteeMeetingPage.actingChoices(item, members: members, cast: votes,
                                                             names: try await StaffUser.names(Set(members.map(\.userID)), on: req.db))
            return try await CommitteeMeetingPage.show(req: req, status: .unprocessableEntity,
                                                       redo: .init(key: "acting-" + key, fields: form.fields(req, errors: errors, key: key, choices: choices)))
        }
        item.actingChairID = chosen.userID
        try await req.db.writeTransaction { db in
            try await item.save(on: db)
            try await req.audit("committee.actingChair", record: ("support_request", try request.requireID().uuidString),
                                detail: "\(meeting.number) member=\(chosen.userID.uuidString)", on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=actingChairNamed")
    }

    /// The meeting, the request on its agenda, and the signed-in member's seat; anything else is refused.
    private func seat(_ req: Request) async throws -> (CommitteeMeeting, SupportRequest, Beneficiary, CommitteeMember) {
        let staff = try req.requireStaff()
        let meeting = try await CommitteeController.reachableMeeting(req)
        let (request, file) = try await req.reachableRequest()
        guard try await AgendaItem.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID()).count() == 1
        else { throw Abort(.notFound) }
        guard let member = try await CommitteeMember.query(on: req.db).filter(\.$meetingID == meeting.requireID())
            .filter(\.$userID == staff.userID).first()
        else { throw Abort(.forbidden) }
        return (meeting, request, file, member)
    }

    func vote(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let (meeting, request, _, _) = try await seat(req)
        let back = { (error: String, status: HTTPStatus) in try await CommitteeMeetingPage.show(req: req, error: error, status: status) }
        let item = try await AgendaItem.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID()).first()
        guard !meeting.isClosed, let item, try await Self.isOpen(item, request: request, on: req.db) else { return try await back(req.t("committee.error.closed"), .conflict) }
        let form = VoteForm(request: req)
        let (valid, errors) = form.validate(req)
        guard let valid else {
            let key = try request.requireID().uuidString
            return try await CommitteeMeetingPage.show(req: req, status: .unprocessableEntity,
                                                       redo: .init(key: "vote-" + key, fields: form.fields(req, errors: errors, key: key)))
        }
        let conflict = valid.conflict
        let existing = try await MemberVote.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID())
            .filter(\.$memberID == staff.userID).first()
        // A declared conflict is final for this request: she may not vote on it afterwards.
        if existing?.hasConflict == true { return try await back(req.t("committee.error.conflictFinal"), .conflict) }
        let row = existing ?? MemberVote()
        row.meetingID = try meeting.requireID()
        row.requestID = try request.requireID()
        row.memberID = staff.userID
        row.hasConflict = conflict
        row.vote = valid.vote
        row.note = valid.note
        row.at = req.now
        try await req.db.writeTransaction { db in
            try await row.save(on: db)
            try await req.audit(conflict ? "committee.conflict" : "committee.vote", record: ("support_request", try request.requireID().uuidString),
                                detail: "\(meeting.number) \(row.vote?.rawValue ?? "conflict")", on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=voteRecorded")
    }

    func decide(req: Request) async throws -> Response {
        let (meeting, request, file, member) = try await seat(req)
        guard !meeting.isClosed else { return try await CommitteeMeetingPage.show(req: req, error: req.t("committee.error.closed"), status: .conflict) }
        // A chair with a conflict of interest in this request neither decides it nor breaks its tie.
        let chair = try await CommitteeMember.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$isChair == true).first()
        guard let item = try await AgendaItem.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID()).first()
        else { throw Abort(.notFound) }
        guard let presiding = try await Self.presiding(item, chair: chair, on: req.db) else {
            return try await CommitteeMeetingPage.show(req: req, error: req.t("committee.error.chairConflict"), status: .conflict)
        }
        guard presiding == member.userID else {
            try await req.audit("committee.decideRefused", record: ("support_request", try request.requireID().uuidString), outcome: .denied,
                                detail: meeting.number)
            throw Abort(.forbidden)
        }
        let form = DecisionForm(request: req)
        let (valid, errors) = try await form.validate(req)
        let redo: (FieldErrors, String?) async throws -> Response = { errors, error in
            let key = try request.requireID().uuidString
            let ceiling = request.supportType.maximumAmount > 0 ? Money(halalas: request.supportType.maximumAmount).formatted(req.language) : nil
            let reasons = try await RejectionReason.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
            let funds = request.supportType.kind == .financial ? try await req.application.requestFundLinks.choices(selected: form.fundID, req: req) : nil
            return try await CommitteeMeetingPage.show(req: req, error: error, status: .unprocessableEntity, redo: .init(
                key: "decide-" + key, fields: form.fields(req, errors: errors, key: key, ceiling: ceiling, reasons: reasons, funds: funds)))
        }
        guard let valid else { return try await redo(errors, nil) }
        let (action, amount, reason, note) = (valid.action, valid.amount, valid.reason, valid.note)
        let votes = try await MemberVote.query(on: req.db).filter(\.$meetingID == meeting.requireID()).filter(\.$requestID == request.requireID()).all()
        let tally = CommitteeTally(votes: votes.compactMap(\.vote))
        var facts = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        facts.quorumReached = tally.quorumReached(meeting.quorum)
        facts.approvals = tally.approvals
        facts.rejections = tally.rejections
        facts.amountRequired = request.supportType.kind == .financial
        facts.amountCeilingHalalas = request.supportType.maximumAmount
        facts.approvedAmountHalalas = amount.halalas
        // The catalog reason is the rejection's reason; the note adds to it.
        facts.reason = action == .reject ? (reason.map { $0.code == "other" ? note : $0.nameArabic } ?? "") : note
        let registration = action == .approve && file.status == .applicant
            ? try await DocumentRequirements.evaluate(file, today: req.now, on: req.db) : nil
        let decision = RequestDecision()
        decision.requestID = try request.requireID()
        decision.meetingID = try meeting.requireID()
        decision.outcome = action == .approve ? .approved : .rejected
        decision.approvedAmount = amount.halalas
        decision.reasonID = reason?.id
        decision.note = String(note.prefix(1000))
        decision.decidedBy = member.userID
        decision.decidedAt = req.now
        let decided = facts
        // An approved financial amount is paid from a fund the chair names, checked and held in the decision's transaction.
        let fundLinks = req.application.requestFundLinks
        let needsFund = action == .approve && request.supportType.kind == .financial && amount.halalas > 0 && fundLinks.isRegistered
        let chosenFund = form.fundID
        let response: Response
        let refusedPage: @Sendable (String) async throws -> Response = { message in
            try await CommitteeMeetingPage.show(req: req, error: message, status: .conflict)
        }
        do {
            if let appeal = try await RequestAppeal.find(item.appealID, on: req.db) {
                response = try await AppealDecision.decide(
                    appeal, chosen: .init(approve: action == .approve, amount: amount, reason: reason, note: note, fundID: chosenFund), facts: decided,
                    meeting: meeting, request: request, file: file, member: member, req: req, refusedPage: refusedPage)
            } else {
            response = try await RequestPage.perform(action, on: request, req: req, refusedPage: refusedPage) { db in
                if let refusal = try await RequestWorkflow.apply(action, to: request, facts: decided, note: [reason?.name(in: .ar), note].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — "), req: req, on: db) {
                    return refusal
                }
                let number = try await Counters.next("outgoing_letter", on: db)
                decision.letterNumber = ReferenceNumber("L", sequence: number, at: req.now).description
                if needsFund { decision.fundID = try fundLinks.chosen(chosenFund, req: req) }
                try await decision.create(on: db)
                if needsFund { try await fundLinks.commit(decision, request: request, file: file, req: req, on: db) }
                try await Registration.complete(file, after: registration, req: req, on: db)
                try await Outbox.enqueue(try await DecisionMessage.draft(decision, request: request, file: file, reason: reason, on: db), now: req.now, on: db)
                return nil
            }
            }
        } catch let refused as FundRefused {
            try await req.audit("money.commitment.refused", record: ("support_request", try request.requireID().uuidString), outcome: .denied,
                                detail: "\(meeting.number) fund=\(chosenFund) \(amount.halalas)")
            return try await redo(["fundID": refused.message], refused.message)
        }
        // The chair stays on the meeting page, where the next request waits.
        return response.status == .seeOther ? req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=decisionRecorded") : response
    }
}

/// [P-23] The first approval of an applicant whose required documents are all verified completes her registration;
/// otherwise her file keeps saying what blocks it.
enum Registration {
    static func complete(_ file: Beneficiary, after requirements: DocumentRequirements?, req: Request, on db: any Database) async throws {
        guard let requirements else { return }
        guard requirements.isComplete else {
            let missing = requirements.items.filter { $0.state != .satisfied }.map(\.type.code).joined(separator: ",")
            try await req.audit("beneficiary.registrationBlocked", record: ("beneficiary", try file.requireID().uuidString), detail: missing, on: db)
            return
        }
        // The status alone changes; the file's version stays, so no officer's open edit is overturned.
        try await Beneficiary.query(on: db).filter(\.$id == file.requireID()).filter(\.$status == .applicant)
            .set(\.$status, to: .registered).set(\.$statusReason, to: "").update()
        try await req.audit("beneficiary.registered", record: ("beneficiary", try file.requireID().uuidString), detail: "first approval", on: db)
    }
}

/// The message that tells her the committee's answer, in plain words, with the letter's number.
enum DecisionMessage {
    static func draft(_ decision: RequestDecision, request: SupportRequest, file: Beneficiary, reason: RejectionReason?,
                      on db: any Database) async throws -> Outbox.Draft {
        let tracking = request.trackingNumber ?? ""
        let approved = decision.outcome == .approved
        let english = try await MessageTemplate.language(for: file.id, on: db) == .en
        let amount = decision.approvedAmount > 0
            ? (english ? "of " : "بمبلغ ") + Money(halalas: decision.approvedAmount).formatted(english ? .en : .ar) : ""
        let body = try await MessageTemplate.text(approved ? "request.approved" : "request.rejected", for: file.id, values: [
            "name": file.nameFirst, "tracking": tracking, "amount": amount, "letter": decision.letterNumber,
            "reason": english ? (reason?.nameEnglish ?? decision.note) : (reason?.nameArabic ?? decision.note)], on: db)
        return Outbox.Draft(channel: .sms, recipient: file.mobile, subject: "قرار طلب \(tracking)", body: body,
                            idempotencyKey: "request-decision:\(try request.requireID().uuidString)", relatedType: "support_request",
                            relatedID: try request.requireID().uuidString, branchID: request.branchID, beneficiaryID: file.id)
    }
}
