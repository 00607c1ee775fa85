import Fluent
import LamasatCore
import Vapor

/// [P-22] The research committee's meetings: called by a manager with its members, chair and quorum; the agenda
/// gathers the branch's requests waiting for review; the meeting page is where members vote and the chair decides.
struct CommitteeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let committee = routes.grouped("committee")
        committee.get { try await self.index(req: $0) }.requires(.viewCommittee)
        committee.get("new") { try await self.new(req: $0, errors: [:], status: .ok) }.requires(.organizeCommittee)
        committee.post { try await self.create(req: $0) }.requires(.organizeCommittee)
        let meeting = committee.grouped(":meetingID")
        meeting.get { try await CommitteeMeetingPage.show(req: $0) }.requires(.viewCommittee)
        meeting.post("agenda") { try await self.fillAgenda(req: $0) }.requires(.organizeCommittee)
        meeting.post("close") { try await self.close(req: $0) }.requires(.organizeCommittee)
    }

    struct IndexView: Encodable {
        struct Row: Encodable { let id: String; let number: String; let when: String; let branch: String; let items: Int; let closed: Bool; let mine: Bool }
        let page: PageContext
        let rows: [Row]?
        let paging: Paging
        let canOrganize: Bool
        let waiting: Int
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let query = CommitteeMeeting.query(on: req.db).sort(\.$scheduledAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        let page = Paging.requestedPage(req)
        let (meetings, total) = try await query.page(page)
        let ids = meetings.compactMap(\.id)
        let agenda = try await AgendaItem.query(on: req.db).filter(\.$meetingID ~~ ids).all()
        let mine = Set(try await CommitteeMember.query(on: req.db).filter(\.$meetingID ~~ ids).filter(\.$userID == staff.userID).all().map(\.meetingID))
        let branches = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().map { ($0.id!, $0.name(in: req.language)) })
        let formatter = DualCalendarFormatter(language: req.language)
        let waiting = try await Self.waitingRequests(branches: staff.ownBranchOnly.map { [$0] }, on: req.db).count
        return try await req.render("committee/index", IndexView(
            page: PageContext(req, title: req.t("committee.title")),
            rows: meetings.map { m in
                IndexView.Row(id: try m.requireID().uuidString, number: m.number, when: formatter.dateTime(m.scheduledAt).combined,
                              branch: branches[m.branchID] ?? "—", items: agenda.filter { $0.meetingID == m.id }.count,
                              closed: m.isClosed, mine: mine.contains(try m.requireID()))
            }.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/committee", filters: [:]),
            canOrganize: staff.can(.organizeCommittee), waiting: waiting))
    }

    /// Requests in committee review that are on no open meeting's agenda; `branches` nil means every branch.
    static func waitingRequests(branches: [UUID]?, on db: any Database) async throws -> [SupportRequest] {
        let query = SupportRequest.query(on: db).filter(\.$status == .committeeReview).sort(\.$submittedAt)
        if let branches { query.filter(\.$branchID ~~ branches) }
        let requests = try await query.all()
        let open = try await CommitteeMeeting.query(on: db).filter(\.$isClosed == false).all().compactMap(\.id)
        let scheduled = Set(try await AgendaItem.query(on: db).filter(\.$meetingID ~~ open).all().map(\.requestID))
        return requests.filter { !scheduled.contains($0.id!) }
    }

    static func members(for branchID: UUID, on db: any Database) async throws -> [StaffUser] {
        try await StaffUser.active(.committeeMember, reaching: branchID, on: db)
    }

    struct NewView: Encodable {
        struct Member: Encodable { let id: String; let name: String; let checked: Bool }
        let page: PageContext
        let fields: [FormField]
        let members: [Member]
        let membersError: String?
    }

    func new(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let branches = try await req.formBranches()
        func typed(_ name: String) -> String { req.method == .POST ? req.formText(name) : "" }
        let branchID = UUID(uuidString: typed("branch")) ?? req.staff?.user.$branch.id ?? branches.first?.id
        let candidates = try await branchID.asyncMap { try await Self.members(for: $0, on: req.db) } ?? []
        let chosen = Set(req.method == .POST ? ((try? req.content.get([String].self, at: "members")) ?? []) : candidates.map { $0.id!.uuidString })
        let fields = [
            FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
                      options: branches.map { FormField.Option(value: $0.id!.uuidString, label: $0.name(in: req.language), selected: $0.id == branchID) }),
            FormField(name: "date", label: req.t("committee.date"), kind: "date", value: typed("date"), error: errors["date"], required: true, dir: "ltr"),
            FormField(name: "time", label: req.t("committee.time"), kind: "time", value: typed("time").isEmpty ? "10:00" : typed("time"), error: errors["time"], required: true, dir: "ltr"),
            FormField(name: "location", label: req.t("committee.location"), value: typed("location"), error: errors["location"], required: true, maxlength: 200),
            FormField(name: "chair", label: req.t("committee.chair"), kind: "select", error: errors["chair"], required: true,
                      options: [FormField.Option(value: "", label: req.t("form.choose"), selected: typed("chair").isEmpty)]
                        + candidates.map { FormField.Option(value: $0.id!.uuidString, label: $0.fullName, selected: typed("chair") == $0.id!.uuidString) }),
            FormField(name: "quorum", label: req.t("committee.quorum"), value: typed("quorum").isEmpty ? String(CommitteeQuorum.suggested(members: max(candidates.count, 3))) : typed("quorum"),
                      hint: req.t("committee.quorumHint"), error: errors["quorum"], required: true, inputmode: "numeric", dir: "ltr", maxlength: 2),
        ].prepared()
        return try await req.render("committee/new", NewView(
            page: PageContext(req, title: req.t("committee.new")), fields: fields,
            members: candidates.map { NewView.Member(id: $0.id!.uuidString, name: $0.fullName, checked: chosen.contains($0.id!.uuidString)) },
            membersError: errors["members"])).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        var errors: FieldErrors = [:]
        let branch = try await req.formBranches().first { $0.id?.uuidString == req.formText("branch") }
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        let when = ResearchController.moment(day: req.formText("date"), time: req.formText("time"))
        if when == nil || when! < WorkingCalendar.startOfDay(CalendarDay.today(req.now)) || when! > req.now.addingTimeInterval(366 * 86_400) {
            errors["date"] = req.t("committee.error.date")
        }
        let location = req.formText("location")
        if location.count < 2 { errors["location"] = req.t("validation.required") }
        let candidates = try await branch.asyncMap { try await Self.members(for: $0.id!, on: req.db) } ?? []
        let picked = Set((try? req.content.get([String].self, at: "members")) ?? [])
        let members = candidates.filter { picked.contains($0.id!.uuidString) }
        if members.count < CommitteeQuorum.minimum { errors["members"] = req.t("committee.error.members") }
        let chair = members.first { $0.id?.uuidString == req.formText("chair") }
        if chair == nil { errors["chair"] = req.t("committee.error.chair") }
        let quorum = ArabicDigits.parseInt(req.formText("quorum")) ?? 0
        if !CommitteeQuorum.isValid(quorum, members: max(members.count, CommitteeQuorum.minimum)) || quorum > members.count {
            errors["quorum"] = req.t("committee.error.quorum", String(CommitteeQuorum.minimum), String(members.count))
        }
        guard errors.isEmpty, let branch, let when, let chair else { return try await new(req: req, errors: errors, status: .unprocessableEntity) }
        let meeting = CommitteeMeeting()
        meeting.id = UUID()
        meeting.branchID = try branch.requireID()
        meeting.scheduledAt = when
        meeting.location = String(location.prefix(200))
        meeting.quorum = quorum
        meeting.isClosed = false
        meeting.createdBy = staff.userID
        meeting.createdAt = req.now
        try await req.db.transaction { db in
            let number = try await Counters.next("committee_meeting", on: db)
            meeting.number = ReferenceNumber("C", sequence: number, at: when, width: 4).description
            try await meeting.create(on: db)
            for member in members {
                try await CommitteeMember(meetingID: try meeting.requireID(), userID: try member.requireID(), isChair: member.id == chair.id).create(on: db)
            }
            try await Self.addWaiting(to: meeting, on: db)
            try await req.audit("committee.meetingCreated", record: ("committee_meeting", try meeting.requireID().uuidString), detail: meeting.number, on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=meetingCreated")
    }

    static func addWaiting(to meeting: CommitteeMeeting, on db: any Database) async throws {
        let waiting = try await waitingRequests(branches: [meeting.branchID], on: db)
        let position = try await AgendaItem.query(on: db).filter(\.$meetingID == meeting.id!).count()
        for (index, request) in waiting.enumerated() {
            try await AgendaItem(meetingID: try meeting.requireID(), requestID: try request.requireID(), position: position + index + 1).create(on: db)
        }
    }

    /// The meeting in the URL, within the staff member's branches.
    static func reachableMeeting(_ req: Request) async throws -> CommitteeMeeting {
        try await req.scoped(CommitteeMeeting.self, id: req.parameters.get("meetingID"), branch: \.$branchID)
    }

    func fillAgenda(req: Request) async throws -> Response {
        let meeting = try await Self.reachableMeeting(req)
        guard !meeting.isClosed else { return try await CommitteeMeetingPage.show(req: req, error: req.t("committee.error.closed"), status: .conflict) }
        try await req.db.transaction { db in
            try await Self.addWaiting(to: meeting, on: db)
            try await req.audit("committee.agendaFilled", record: ("committee_meeting", try meeting.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=agendaFilled")
    }

    /// Closing ends voting; undecided requests go back to waiting for the next meeting.
    func close(req: Request) async throws -> Response {
        let meeting = try await Self.reachableMeeting(req)
        guard !meeting.isClosed else { return try await CommitteeMeetingPage.show(req: req, error: req.t("committee.error.closed"), status: .conflict) }
        try await req.db.transaction { db in
            meeting.isClosed = true
            try await meeting.save(on: db)
            try await req.audit("committee.meetingClosed", record: ("committee_meeting", try meeting.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=meetingClosed")
    }
}
