import Fluent
import LamasatCore
import Vapor

/// "My work" for each role ([P-18]–[P-24]) and the full request list with filters, overdue first when asked.
struct RequestListController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("requests") { try await self.list(req: $0) }.requires(.viewBeneficiaries)
        routes.exportsList("requests", requires: .viewBeneficiaries, title: "nav.requests") { try await Self.export($0, limit: $1) }
        routes.get("work") { try await self.work(req: $0) }.requires(.viewBeneficiaries)
    }

    struct ListView: Encodable {
        let page: PageContext
        let filters: [FormField]
        /// What a report's figure counted, when the list was opened from one.
        let fromReport: String?
        /// One queue, so the list and "my work" share the table.
        let queues: [Queue]
        let paging: Paging
    }

    /// The list's filter as the page and its export read it: the rows' filter, its address parameters, and what
    /// kind of search was typed (for the trail, which never holds the number itself).
    struct ListFilter {
        let status: SupportRequestStatus?, type: UUID?, overdue: Bool, open: Bool, raw: String
        let report: RequestListReportFilter
        var rows = RequestRow.Filter()

        init(_ req: Request) {
            status = SupportRequestStatus(rawValue: req.query[String.self, at: "status"] ?? "")
            type = UUID(uuidString: req.query[String.self, at: "type"] ?? "")
            overdue = req.query[String.self, at: "overdue"] == "1"
            // The manager's "awaiting a decision" tile opens this: every status that still waits for the committee.
            open = req.query[String.self, at: "open"] == "1"
            // Tracking or file number only: names stay out of addresses and logs (search names under beneficiaries).
            raw = ArabicDigits.westernized(req.query[String.self, at: "q"] ?? "").trimmingWhitespace().uppercased()
            if let status { rows.statuses = [status] } else if open { rows.statuses = SupportRequestStatus.allCases.filter(\.awaitsDecision) }
            rows.supportType = type
            if overdue { rows.overdueAt = req.now }
            if !raw.isEmpty {
                if raw.hasPrefix("LMS-") {
                    // A file number that is not one matches nothing.
                    rows.fileSequence = Int64(raw.dropFirst(4)) ?? -1
                } else {
                    rows.tracking = raw
                }
            }
            report = RequestListReportFilter.read(req)
            report.apply(to: &rows)
        }

        var kind: String { raw.isEmpty ? "list" : (raw.hasPrefix("LMS-") ? "fileNumber" : "tracking") }

        var parameters: [String: String] {
            ["status": status?.rawValue ?? "", "type": type?.uuidString ?? "", "overdue": overdue ? "1" : "", "open": open ? "1" : "", "q": raw]
                .merging(report.parameters) { first, _ in first }
        }
    }

    /// Every request of the filter, as the list shows them.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let filter = ListFilter(req)
        let (rows, _) = try await RequestRow.page(filter.rows, order: .expectedThenNewest, limit: limit, req: req)
        var audited = filter.parameters
        audited["q"] = filter.raw.isEmpty ? "" : filter.kind
        return ListExport.Table(
            columns: ["listExport.column.tracking", "beneficiary.name", "beneficiary.fileNumber", "request.field.supportType", "request.status",
                      "listExport.column.elapsed", "listExport.column.expected"],
            rows: rows.map { [.text($0.tracking), .text($0.name), .text($0.fileNumber), .text($0.supportType), .text($0.status), .text($0.elapsed), .text($0.expected)] },
            filter: audited)
    }

    func list(req: Request) async throws -> View {
        let listFilter = ListFilter(req)
        let (status, type, overdue, report, filter) = (listFilter.status, listFilter.type, listFilter.overdue, listFilter.report, listFilter.rows)
        let page = Paging.requestedPage(req)
        let (rows, total) = try await RequestRow.page(filter, order: .expectedThenNewest, limit: Paging.defaultSize,
                                                      offset: (page - 1) * Paging.defaultSize, req: req)
        // The list read is on the trail: how many and by what kind of search, never the number typed.
        let kind = listFilter.kind
        try await req.audit("request.listed", detail: "results=\(total) kind=\(kind) page=\(page)")
        let types = try await SupportType.query(on: req.db).sort(\.$sortOrder).all()
        let filters = [
            FormField.search(req, value: req.query[String.self, at: "q"] ?? "", label: req.t("request.search.label"), hint: req.t("request.search.hint"),
                             dir: "ltr", maxlength: 40),
            FormField.filter(req, name: "status", label: req.t("request.status"), selected: status?.rawValue ?? "",
                             choices: SupportRequestStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "type", label: req.t("request.field.supportType"), selected: type?.uuidString ?? "",
                             records: types),
            FormField(name: "overdue", label: req.t("request.overdueOnly"), kind: "checkbox", value: "1", checked: overdue),
        ].prepared()
        return try await req.render("requests/index", ListView(
            page: PageContext(req, title: req.t("nav.requests")), filters: filters, fromReport: try await report.summary(req),
            queues: [Queue(title: "", rows: rows.nonEmpty, more: nil, link: nil)],
            paging: Paging(req, total: total, page: page, path: "/requests", filters: listFilter.parameters, exports: true)))
    }

    struct Queue: Encodable {
        let title: String
        let rows: [RequestRow]?
        let more: String?
        let link: String?
    }
    struct VisitRow: Encodable { let requestID: String; let tracking: String; let kind: String; let when: String; let address: String }
    struct MeetingRow: Encodable { let id: String; let number: String; let when: String; let pending: Int }

    struct WorkView: Encodable {
        let page: PageContext
        let queues: [Queue]
        let visits: [VisitRow]?
        let meetings: [MeetingRow]?
        let showVisits: Bool
        let showMeetings: Bool
        let cases: [CaseQueue]
    }

    static let queueSize = 10

    func work(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let formatter = DualCalendarFormatter(language: req.language)
        var queues: [Queue] = []
        func queue(_ title: String, _ filter: RequestRow.Filter, link: String?) async throws {
            let (rows, total) = try await RequestRow.page(filter, order: .expectedThenOldest, limit: Self.queueSize, req: req)
            queues.append(Queue(title: title, rows: rows.nonEmpty,
                                more: total > Self.queueSize ? req.t("work.more", String(total - Self.queueSize)) : nil, link: link))
        }
        if staff.can(.takeRequests) {
            try await queue(req.t("work.drafts"), .init(statuses: [.draft, .returnedToApplicant]), link: "/requests?status=draft")
        }
        if staff.can(.verifyDocuments) {
            try await queue(req.t("work.toVerify"), .init(statuses: [.submitted, .verification]), link: "/requests?status=submitted")
        }
        var visits: [VisitRow] = []
        if staff.can(.writeResearch) {
            try await queue(req.t("work.research"), .init(statuses: [.awaitingDeclaration, .socialResearch], researcher: staff.userID), link: nil)
            let upcoming = try await ResearchVisit.query(on: req.db).filter(\.$researcherID == staff.userID).filter(\.$status == .scheduled)
                .sort(\.$scheduledAt).limit(20).all()
            let tracking = Dictionary(uniqueKeysWithValues: try await SupportRequest.query(on: req.db).filter(\.$id ~~ upcoming.map(\.requestID)).all()
                .map { (try $0.requireID(), $0.trackingNumber ?? "—") })
            visits = upcoming.map { VisitRow(requestID: $0.requestID.uuidString, tracking: tracking[$0.requestID] ?? "—", kind: req.t($0.kind.localizationKey),
                                             when: formatter.dateTime($0.scheduledAt).combined, address: $0.address) }
        }
        var meetings: [MeetingRow] = []
        if staff.can(.voteInCommittee) {
            let seats = try await CommitteeMember.query(on: req.db).filter(\.$userID == staff.userID).all().map(\.meetingID)
            let open = try await CommitteeMeeting.query(on: req.db).filter(\.$id ~~ seats).filter(\.$isClosed == false).sort(\.$scheduledAt).all()
            // Three statements for all her open meetings: their agendas, which items still wait, and her votes.
            let meetingIDs = try open.map { try $0.requireID() }
            let agenda = try await AgendaItem.query(on: req.db).filter(\.$meetingID ~~ meetingIDs).all()
            let waiting = Set(try await SupportRequest.query(on: req.db).filter(\.$id ~~ Set(agenda.map(\.requestID)))
                .filter(\.$status == .committeeReview).field(\.$id).all().map { try $0.requireID() })
            let voted = try await MemberVote.query(on: req.db).filter(\.$meetingID ~~ meetingIDs).filter(\.$memberID == staff.userID).all()
            for meeting in open {
                let id = try meeting.requireID()
                let items = Set(agenda.filter { $0.meetingID == id }.map(\.requestID)).intersection(waiting)
                let done = Set(voted.filter { $0.meetingID == id }.map(\.requestID))
                meetings.append(MeetingRow(id: id.uuidString, number: meeting.number, when: formatter.dateTime(meeting.scheduledAt).combined,
                                           pending: items.subtracting(done).count))
            }
        }
        if staff.can(.organizeCommittee) {
            try await queue(req.t("work.committeeWaiting"), .init(statuses: [.committeeReview]), link: "/committee")
            try await queue(req.t("work.overdue"), .init(overdueAt: req.now), link: "/requests?overdue=1")
        }
        if staff.can(.deliverServices) {
            try await queue(req.t("work.toDeliver"), .init(statuses: [.approved, .inService]), link: "/requests?status=approved")
        }
        var cases = try await CaseQueue.all(req) + CaseQueue.surveyFollowUps(req) + CaseQueue.portalDocuments(req) + CaseQueue.contactChanges(req)
        cases += try await CaseQueue.onlineRegistrations(req)
        cases += try await CaseQueue.failedMessages(req)
        return try await req.render("requests/work", WorkView(
            page: PageContext(req, title: req.t("nav.work")), queues: queues, visits: visits.nonEmpty, meetings: meetings.nonEmpty,
            showVisits: staff.can(.writeResearch), showMeetings: staff.can(.voteInCommittee), cases: cases))
    }
}
