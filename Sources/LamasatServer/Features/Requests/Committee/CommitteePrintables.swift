import Fluent
import LamasatCore
import Vapor

/// The papers the committee signs and files: the meeting's minutes and each request's decision letter, with Hijri
/// and Gregorian dates ([P-22], [P-16] letters).
struct CommitteePrintables: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("committee", ":meetingID", "minutes") { try await self.minutes(req: $0) }.requires(.viewCommittee)
        routes.get("requests", ":requestID", "letter") { try await self.letter(req: $0) }.requires(.viewBeneficiaries)
    }

    struct MinutesView: Encodable {
        struct Line: Encodable { let tracking: String; let name: String; let supportType: String; let votes: String; let decision: String; let detail: String }
        struct Person: Encodable { let name: String; let chair: Bool; let present: Bool }
        let page: PageContext
        let id: String
        let organization: OrganizationProfile
        let number: String
        let when: String
        let location: String
        let quorum: Int
        let members: [Person]
        let lines: [Line]
        let printed: String
    }

    /// Members present are those who took part: voted, or declared a conflict, on any request of the meeting.
    func minutes(req: Request) async throws -> View {
        req.printLanguage()
        let meeting = try await CommitteeController.reachableMeeting(req)
        let id = try meeting.requireID()
        let formatter = DualCalendarFormatter(language: req.language)
        let members = try await CommitteeMember.query(on: req.db).filter(\.$meetingID == id).all()
        let users = try await StaffUser.names(Set(members.map(\.userID)), on: req.db)
        let votes = try await MemberVote.query(on: req.db).filter(\.$meetingID == id).all()
        let agenda = try await AgendaItem.query(on: req.db).filter(\.$meetingID == id).sort(\.$position).all()
        var decisions = Dictionary(uniqueKeysWithValues: try await RequestDecision.query(on: req.db).filter(\.$meetingID == id).all().map { ($0.requestID, $0) })
        // Appeals this meeting answered: their decisions, under the first decision's id.
        let firsts = try await RequestDecision.query(on: req.db).filter(\.$requestID ~~ agenda.filter { $0.appealID != nil }.map(\.requestID)).all()
        for appeal in try await RequestAppeal.query(on: req.db).filter(\.$meetingID == id).all() {
            if let first = firsts.first(where: { $0.requestID == appeal.requestID }) { decisions[appeal.requestID] = appeal.asDecision(replacing: first) }
        }
        // The minutes keep what the meeting decided, even for a file that moved since; an item still open whose file
        // moved out of reach is left out.
        let requests = Dictionary(uniqueKeysWithValues: try await SupportRequest.query(on: req.db).filter(\.$id ~~ agenda.map(\.requestID))
            .with(\.$supportType).with(\.$beneficiary).all()
            .filter { decisions[try $0.requireID()] != nil || (try? req.requireStaff().mayReach(branch: $0.branchID)) == true }.map { (try $0.requireID(), $0) })
        let reasons = Dictionary(uniqueKeysWithValues: try await RejectionReason.query(on: req.db).all().map { (try $0.requireID(), $0) })
        let present = Set(votes.map(\.memberID))
        try await req.audit("committee.minutesPrinted", record: ("committee_meeting", id.uuidString))
        return try await req.render("committee/minutes", MinutesView(
            page: PageContext(req, title: req.t("committee.minutes")), id: id.uuidString,
            organization: try await req.organization(), number: meeting.number,
            when: formatter.dateTime(meeting.scheduledAt).combined, location: meeting.location, quorum: meeting.quorum,
            members: members.sorted { ($0.isChair ? 0 : 1, users[$0.userID] ?? "") < ($1.isChair ? 0 : 1, users[$1.userID] ?? "") }.map { MinutesView.Person(name: users[$0.userID] ?? "—", chair: $0.isChair, present: present.contains($0.userID)) },
            lines: agenda.compactMap { entry in
                guard let request = requests[entry.requestID] else { return nil }
                let cast = votes.filter { $0.requestID == entry.requestID }
                let tally = CommitteeTally(votes: cast.compactMap(\.vote))
                let decision = decisions[entry.requestID]
                var detail = ""
                if let decision {
                    detail = decision.outcome == .approved
                        ? (decision.approvedAmount > 0 ? Money(halalas: decision.approvedAmount).formatted(req.language) : "")
                        : (decision.reasonID.flatMap { reasons[$0]?.name(in: req.language) } ?? "")
                    if !decision.note.isEmpty { detail += (detail.isEmpty ? "" : " — ") + decision.note }
                }
                if let acting = entry.actingChairID.flatMap({ users[$0] }) {
                    detail += (detail.isEmpty ? "" : " — ") + req.t("committee.minutes.actingChair", acting)
                }
                if entry.appealID != nil { detail = req.t("committee.appealTag") + (detail.isEmpty ? "" : " — ") + detail }
                return MinutesView.Line(
                    tracking: request.trackingNumber ?? "—", name: request.beneficiary.name.full, supportType: request.supportType.name(in: req.language),
                    votes: req.t("committee.tally", String(tally.approvals), String(tally.rejections), String(tally.abstentions), String(cast.filter(\.hasConflict).count)),
                    decision: decision.map { req.t($0.outcome.localizationKey) + " (" + $0.letterNumber + ")" } ?? req.t("committee.deferred"),
                    detail: detail)
            },
            printed: formatter.date(req.now).combined))
    }

    struct LetterView: Encodable {
        let page: PageContext
        let id: String
        let organization: OrganizationProfile
        let number: String
        let date: String
        let name: String
        let tracking: String
        let supportType: String
        let approved: Bool
        let amount: String?
        let reason: String?
        let note: String?
        let meeting: String
        /// The committee's final answer to her appeal, not its first decision.
        let appeal: Bool
    }

    /// The decision letter, addressed to her, with its outgoing number.
    func letter(req: Request) async throws -> View {
        let (request, file) = try await req.reachableRequest()
        guard let decision = try await RequestDecision.query(on: req.db).filter(\.$requestID == request.requireID()).first() else { throw Abort(.notFound) }
        return try await Self.letter(decision, appeal: false, request: request, file: file, req: req)
    }

    /// The letter of a decision: the first, or — `appeal` — the final answer to her appeal.
    static func letter(_ decision: RequestDecision, appeal: Bool, request: SupportRequest, file: Beneficiary, req: Request) async throws -> View {
        req.printLanguage()
        let reason = try await decision.reasonID.asyncMap { try await RejectionReason.find($0, on: req.db) } ?? nil
        let meeting = try await CommitteeMeeting.find(decision.meetingID, on: req.db)
        try await req.audit("request.letterPrinted", record: ("support_request", try request.requireID().uuidString), detail: decision.letterNumber)
        return try await req.render("requests/letter", LetterView(
            page: PageContext(req, title: req.t(appeal ? "letter.appealTitle" : "letter.title")), id: try request.requireID().uuidString,
            organization: try await req.organization(), number: decision.letterNumber,
            date: DualCalendarFormatter(language: req.language).date(decision.decidedAt).combined, name: file.name.full,
            tracking: request.trackingNumber ?? "—", supportType: request.supportType.name(in: req.language),
            approved: decision.outcome == .approved,
            amount: decision.approvedAmount > 0 ? Money(halalas: decision.approvedAmount).formatted(req.language) : nil,
            reason: reason?.name(in: req.language), note: decision.note.isEmpty ? nil : decision.note, meeting: meeting?.number ?? "—", appeal: appeal))
    }
}
