import Fluent
import LamasatCore
import Vapor

/// One meeting: its members, and for each request on the agenda the research summary, the votes so far, the
/// signed-in member's vote form and the chair's decision form.
enum CommitteeMeetingPage {
    struct Item: Encodable {
        let requestID: String
        let tracking: String
        let name: String
        let supportType: String
        let requested: String
        let recommendation: String
        let recommended: String
        let tally: String
        let quorumReached: Bool
        let myVote: String?
        /// The signed-in member's vote form, while she may vote on it.
        let vote: [FormField]?
        /// The decision form, for whoever presides over the item.
        let decide: [FormField]?
        let decision: String?
        /// For an appeal: which decision it appeals and her reasons.
        let appeal: String?
        let amountRequired: Bool
        let actingChair: String?
        /// Naming who presides when the chair declared a conflict; nil otherwise.
        let acting: [FormField]?
    }
    struct Member: Encodable { let name: String; let chair: Bool }

    struct View: Encodable {
        let page: PageContext
        let id: String
        let number: String
        let when: String
        let location: String
        let quorum: Int
        let closed: Bool
        let members: [Member]
        let items: [Item]?
        let canOrganize: Bool
        let library: [LibraryLink]?
        let error: String?
    }

    /// `redo` is an item's form sent back with what was typed: its key is "vote-", "decide-" or "acting-" and the request's id.
    static func show(req: Request, error: String? = nil, status: HTTPStatus = .ok, redo: RequestPage.Redo? = nil) async throws -> Response {
        let staff = try req.requireStaff()
        let meeting = try await CommitteeController.reachableMeeting(req)
        let id = try meeting.requireID()
        try await req.auditView("committee_meeting", id: id.uuidString)
        let formatter = DualCalendarFormatter(language: req.language)
        let money = { (halalas: Int64) in halalas == 0 ? "—" : Money(halalas: halalas).formatted(req.language) }
        let members = try await CommitteeMember.query(on: req.db).filter(\.$meetingID == id).all()
        let users = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db).filter(\.$id ~~ members.map(\.userID)).all().map { (try $0.requireID(), $0) })
        let me = members.first { $0.userID == staff.userID }
        let agenda = try await AgendaItem.query(on: req.db).filter(\.$meetingID == id).sort(\.$position).all()
        // A request whose file moved to a branch out of her reach is not shown.
        let requests = try await SupportRequest.query(on: req.db).filter(\.$id ~~ agenda.map(\.requestID)).withinReach(of: staff, \.$branchID)
            .with(\.$supportType).with(\.$beneficiary).all()
        let byID = Dictionary(uniqueKeysWithValues: try requests.map { (try $0.requireID(), $0) })
        let votes = try await MemberVote.query(on: req.db).filter(\.$meetingID == id).all()
        let reports = Dictionary(uniqueKeysWithValues: try await ResearchReport.query(on: req.db).filter(\.$requestID ~~ agenda.map(\.requestID)).all().map { ($0.requestID, $0) })
        let decisions = Dictionary(uniqueKeysWithValues: try await RequestDecision.query(on: req.db).filter(\.$requestID ~~ agenda.map(\.requestID)).all().map { ($0.requestID, $0) })
        let appeals = Dictionary(uniqueKeysWithValues: try await RequestAppeal.query(on: req.db).filter(\.$id ~~ agenda.compactMap(\.appealID)).all().map { (try $0.requireID(), $0) })
        let chair = members.first(where: \.isChair)
        var presidingBy: [UUID: UUID?] = [:]
        for entry in agenda { presidingBy[entry.requestID] = try await CommitteeVotingController.presiding(entry, chair: chair, on: req.db) }
        let reasons = try await RejectionReason.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let funds = try await req.application.requestFundLinks.choices(selected: "", req: req)
        /// The form sent back on an error, or the empty one.
        func form(_ key: String, _ empty: () -> [FormField]) -> [FormField] {
            redo.flatMap { $0.key == key ? $0.fields : nil } ?? empty()
        }
        let items: [Item] = agenda.compactMap { entry in
            guard let request = byID[entry.requestID] else { return nil }
            let cast = votes.filter { $0.requestID == entry.requestID }
            let tally = CommitteeTally(votes: cast.compactMap(\.vote))
            let mine = cast.first { $0.memberID == staff.userID }
            let appeal = entry.appealID.flatMap { appeals[$0] }
            let open = !meeting.isClosed && (entry.appealID == nil ? request.status == .committeeReview : appeal?.status == .lodged)
            let report = reports[entry.requestID]
            let key = entry.requestID.uuidString
            let canVote = open && me != nil && staff.can(.voteInCommittee) && mine?.hasConflict != true
            let canDecide = open && me != nil && (presidingBy[entry.requestID] ?? nil) == me?.userID && staff.can(.voteInCommittee)
            let ceiling = request.supportType.maximumAmount > 0 ? money(request.supportType.maximumAmount) : nil
            let mayNameActing = open && staff.can(.organizeCommittee) && chair.map { c in cast.contains { $0.memberID == c.userID && $0.hasConflict } } == true
            return Item(
                requestID: entry.requestID.uuidString, tracking: request.trackingNumber ?? "—", name: request.beneficiary.name.full,
                supportType: request.supportType.name(in: req.language), requested: money(request.requestedAmount),
                recommendation: report.map { req.t($0.recommendation.localizationKey) } ?? "—", recommended: money(report?.recommendedAmount ?? 0),
                tally: req.t("committee.tally", String(tally.approvals), String(tally.rejections), String(tally.abstentions),
                             String(cast.filter(\.hasConflict).count)),
                quorumReached: tally.quorumReached(meeting.quorum),
                myVote: mine.map { $0.hasConflict ? req.t("committee.conflictDeclared") : req.t($0.vote?.localizationKey ?? "") },
                vote: canVote ? form("vote-" + key) { VoteForm().fields(req, errors: [:], key: key) } : nil,
                decide: canDecide ? form("decide-" + key) { DecisionForm().fields(req, errors: [:], key: key, ceiling: ceiling, reasons: reasons,
                                                                                                 funds: request.supportType.kind == .financial ? funds : nil) } : nil,
                decision: entry.appealID == nil ? decisions[entry.requestID].map { req.t($0.outcome.localizationKey) + " · " + $0.letterNumber }
                    : appeal.flatMap { $0.status == .lodged ? nil : req.t($0.status.localizationKey) + " · " + $0.letterNumber },
                appeal: appeal.map { req.t("committee.appealOf", decisions[entry.requestID]?.letterNumber ?? "—") + " — " + $0.reasons },
                amountRequired: request.supportType.kind == .financial,
                actingChair: entry.actingChairID.flatMap { users[$0]?.fullName },
                acting: mayNameActing ? form("acting-" + key) { ActingChairForm().fields(req, errors: [:], key: key, choices: actingChoices(entry, members: members, cast: cast, names: users.mapValues(\.fullName))) } : nil)
        }
        let view = View(
            page: PageContext(req, title: req.t("committee.meetingTitle", meeting.number)), id: id.uuidString, number: meeting.number,
            when: formatter.dateTime(meeting.scheduledAt).combined, location: meeting.location, quorum: meeting.quorum, closed: meeting.isClosed,
            members: members.sorted { ($0.isChair ? 0 : 1, users[$0.userID]?.fullName ?? "") < ($1.isChair ? 0 : 1, users[$1.userID]?.fullName ?? "") }
                .map { Member(name: users[$0.userID]?.fullName ?? "—", chair: $0.isChair) },
            items: items.nonEmpty, canOrganize: staff.can(.organizeCommittee) && !meeting.isClosed,
            library: try await LibraryLink.for("committee", req: req), error: error)
        return try await req.render("committee/meeting", view).encodeResponse(status: status, for: req)
    }

    /// Who may preside over an item in the chair's place: members other than the chair with no conflict in it.
    static func actingChoices(_ entry: AgendaItem, members: [CommitteeMember], cast: [MemberVote], names: [UUID: String]) -> [FormField.Option] {
        members.filter { m in !m.isChair && !cast.contains { $0.memberID == m.userID && $0.hasConflict } }
            .map { FormField.Option(value: $0.userID.uuidString, label: names[$0.userID] ?? "—", selected: $0.userID == entry.actingChairID) }
    }
}
