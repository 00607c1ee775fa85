import Fluent
import LamasatCore
import Vapor

/// [P-22] The research committee's meetings: called by a manager with its members, chair and quorum; the agenda
/// gathers the branch's requests waiting for review; the meeting page is where members vote and the chair decides.
struct CommitteeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let committee = routes.grouped("committee")
        committee.get { try await self.index(req: $0) }.requires(.viewCommittee)
        routes.exportsList("committee", requires: .viewCommittee, title: "committee.title") { try await Self.export($0, limit: $1) }
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

    /// The meetings within her reach, newest first, as the page and its export read them.
    static func listQuery(_ req: Request) throws -> QueryBuilder<CommitteeMeeting> {
        let query = CommitteeMeeting.query(on: req.db).sort(\.$scheduledAt, .descending)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        return query
    }

    static func rows(_ meetings: [CommitteeMeeting], req: Request) async throws -> [IndexView.Row] {
        let staff = try req.requireStaff()
        let ids = meetings.compactMap(\.id)
        let agenda = try await AgendaItem.query(on: req.db).filter(\.$meetingID ~~ ids).all()
        let mine = Set(try await CommitteeMember.query(on: req.db).filter(\.$meetingID ~~ ids).filter(\.$userID == staff.userID).all().map(\.meetingID))
        let branches = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().map { (try $0.requireID(), $0.name(in: req.language)) })
        let formatter = DualCalendarFormatter(language: req.language)
        return try meetings.map { m in
            IndexView.Row(id: try m.requireID().uuidString, number: m.number, when: formatter.dateTime(m.scheduledAt).combined,
                          branch: branches[m.branchID] ?? "—", items: agenda.filter { $0.meetingID == m.id }.count,
                          closed: m.isClosed, mine: mine.contains(try m.requireID()))
        }
    }

    /// Every meeting within her reach, as the list shows them.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let rows = try await rows(try listQuery(req).limit(limit).all(), req: req)
        return ListExport.Table(
            columns: ["listExport.column.number", "listExport.column.when", "user.branch", "listExport.column.items", "request.status"],
            rows: rows.map { r in
                [.text(r.number), .text(r.when), .text(r.branch), .number(r.items), .text(req.t(r.closed ? "listExport.closed" : "listExport.open"))]
            }, filter: [:])
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let page = Paging.requestedPage(req)
        let (meetings, total) = try await Self.listQuery(req).page(page)
        let branches = staff.ownBranchOnly.map { [$0] }
        let waiting = try await Self.waitingRequests(branches: branches, on: req.db).count + Self.waitingAppeals(branches: branches, on: req.db).count
        return try await req.render("committee/index", IndexView(
            page: PageContext(req, title: req.t("committee.title")),
            rows: try await Self.rows(meetings, req: req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/committee", filters: [:], exports: true),
            canOrganize: staff.can(.organizeCommittee), waiting: waiting))
    }

    /// Requests in committee review that are on no open meeting's agenda; `branches` nil means every branch.
    static func waitingRequests(branches: [UUID]?, on db: any Database) async throws -> [SupportRequest] {
        let query = SupportRequest.query(on: db).filter(\.$status == .committeeReview).sort(\.$submittedAt)
        if let branches { query.filter(\.$branchID ~~ branches) }
        let requests = try await query.all()
        let open = try await CommitteeMeeting.query(on: db).filter(\.$isClosed == false).all().compactMap(\.id)
        let scheduled = Set(try await AgendaItem.query(on: db).filter(\.$meetingID ~~ open).all().map(\.requestID))
        return requests.filter { $0.id.map { !scheduled.contains($0) } ?? false }
    }

    /// Appeals lodged and on no open meeting's agenda; `branches` nil means every branch.
    static func waitingAppeals(branches: [UUID]?, on db: any Database) async throws -> [RequestAppeal] {
        let query = RequestAppeal.query(on: db).filter(\.$status == .lodged).sort(\.$lodgedAt)
        if let branches { query.filter(\.$branchID ~~ branches) }
        let appeals = try await query.all()
        let open = try await CommitteeMeeting.query(on: db).filter(\.$isClosed == false).all().compactMap(\.id)
        let scheduled = Set(try await AgendaItem.query(on: db).filter(\.$meetingID ~~ open).filter(\.$appealID != nil).all().compactMap(\.appealID))
        return appeals.filter { $0.id.map { !scheduled.contains($0) } ?? false }
    }

    static func members(for branchID: UUID, on db: any Database) async throws -> [StaffUser] {
        try await StaffUser.active(.committeeMember, reaching: branchID, on: db)
    }

    struct NewView: Encodable {
        let page: PageContext
        let fields: [FormField]
    }

    func new(req: Request, form: CommitteeMeetingForm = .init(), errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let branches = try await req.formBranches()
        let branchID = UUID(uuidString: form.branch) ?? req.staff?.user.$branch.id ?? branches.first?.id
        let candidates = try await branchID.asyncMap { try await Self.members(for: $0, on: req.db) } ?? []
        return try await req.render("committee/new", NewView(
            page: PageContext(req, title: req.t("committee.new")),
            fields: form.fields(req, errors: errors, branches: branches, branchID: branchID, candidates: candidates))).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = CommitteeMeetingForm(request: req)
        let (valid, errors) = try await form.validate(req, branches: try await req.formBranches())
        guard let valid else { return try await new(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        let (when, members, chair) = (valid.when, valid.members, valid.chair)
        let meeting = CommitteeMeeting()
        meeting.id = UUID()
        meeting.branchID = try valid.branch.requireID()
        meeting.scheduledAt = when
        meeting.location = valid.location
        meeting.quorum = valid.quorum
        meeting.isClosed = false
        meeting.createdBy = staff.userID
        meeting.createdAt = req.now
        try await req.db.writeTransaction { db in
            let number = try await Counters.next("committee_meeting", on: db)
            meeting.number = ReferenceNumber("C", sequence: number, at: when, width: 4).description
            try await meeting.create(on: db)
            for member in members {
                try await CommitteeMember(meetingID: try meeting.requireID(), userID: try member.requireID(), isChair: member.id == chair.id).create(on: db)
            }
            try await Self.addWaiting(to: meeting, on: db)
            try await StaffNotifications.notify(
                .init(kind: .meetingCalled, reference: meeting.number, link: "/committee/\(try meeting.requireID().uuidString)", branchID: meeting.branchID,
                      key: "meeting:\(try meeting.requireID().uuidString):called"),
                users: members.compactMap(\.id), except: staff.userID, now: req.now, on: db)
            try await req.audit("committee.meetingCreated", record: ("committee_meeting", try meeting.requireID().uuidString), detail: meeting.number, on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=meetingCreated")
    }

    static func addWaiting(to meeting: CommitteeMeeting, on db: any Database) async throws {
        let waiting = try await waitingRequests(branches: [meeting.branchID], on: db)
        let position = try await AgendaItem.query(on: db).filter(\.$meetingID == meeting.requireID()).count()
        for (index, request) in waiting.enumerated() {
            try await AgendaItem(meetingID: try meeting.requireID(), requestID: try request.requireID(), position: position + index + 1).create(on: db)
        }
        // An appeal goes to another meeting than the one that decided the request (its votes are kept per meeting).
        let appeals = try await waitingAppeals(branches: [meeting.branchID], on: db)
        let firstMeetings = Dictionary(try await RequestDecision.query(on: db).filter(\.$requestID ~~ appeals.map(\.requestID)).all()
            .map { ($0.requestID, $0.meetingID) }) { a, _ in a }
        var next = position + waiting.count
        for appeal in appeals where firstMeetings[appeal.requestID] != meeting.id {
            next += 1
            try await AgendaItem(meetingID: try meeting.requireID(), requestID: appeal.requestID, position: next, appealID: try appeal.requireID()).create(on: db)
        }
    }

    /// The meeting in the URL, within the staff member's branches.
    static func reachableMeeting(_ req: Request) async throws -> CommitteeMeeting {
        try await req.scoped(CommitteeMeeting.self, id: req.parameters.get("meetingID"), branch: \.$branchID)
    }

    func fillAgenda(req: Request) async throws -> Response {
        let meeting = try await Self.reachableMeeting(req)
        guard !meeting.isClosed else { return try await CommitteeMeetingPage.show(req: req, error: req.t("committee.error.closed"), status: .conflict) }
        try await req.db.writeTransaction { db in
            try await Self.addWaiting(to: meeting, on: db)
            try await req.audit("committee.agendaFilled", record: ("committee_meeting", try meeting.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=agendaFilled")
    }

    /// Closing ends voting; undecided requests go back to waiting for the next meeting.
    func close(req: Request) async throws -> Response {
        let meeting = try await Self.reachableMeeting(req)
        guard !meeting.isClosed else { return try await CommitteeMeetingPage.show(req: req, error: req.t("committee.error.closed"), status: .conflict) }
        try await req.db.writeTransaction { db in
            meeting.isClosed = true
            try await meeting.save(on: db)
            try await req.audit("committee.meetingClosed", record: ("committee_meeting", try meeting.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/committee/\(try meeting.requireID().uuidString)?done=meetingClosed")
    }
}
