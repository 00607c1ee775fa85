import Fluent
import LamasatCore
import SQLKit
import Vapor

/// `/rights`: the queue of rights requests within her reach, the overdue and nearest deadlines first, searchable by
/// reference, ID, file number or name; and `/rights/report`: deadlines met, by kind, for the year.
struct RightsQueueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("rights") { try await self.index(req: $0) }.requires(.handleRightsRequests)
        routes.get("rights", "report") { try await self.report(req: $0) }.requires(.handleRightsRequests)
    }

    struct Row: Encodable {
        let id: String; let reference: String; let name: String; let kind: String; let received: String; let deadline: String
        let clock: String; let clockCode: String; let status: String; let statusCode: String
    }

    static let filterNames = ["q", "state", "kind", "branch"]

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let typed = req.listFilters(Self.filterNames)
        let branches = try await req.formBranches()
        let query = RightsRequest.query(on: req.db).withinReach(of: staff, \.$branchID)
        if let files = try await Self.files(matching: typed["q"]!, on: req.db) {
            let number = Int64(ArabicDigits.westernized(typed["q"]!).split(separator: "-").last.map(String.init) ?? "")
            query.group(.or) { group in
                group.filter(\.$beneficiaryID ~~ files)
                if let number, typed["q"]!.uppercased().hasPrefix("PD") || files.isEmpty { group.filter(\.$number == number) }
            }
        }
        switch typed["state"] {
        case "open": query.filter(\.$status != .answered)
        case "overdue": query.filter(\.$status != .answered).group(.or) { late in
            late.group(.and) { $0.filter(\.$extendedDueAt == nil).filter(\.$dueAt < req.now) }.filter(\.$extendedDueAt < req.now)
        }
        case let state?: if let status = RightsRequestStatus(rawValue: state) { query.filter(\.$status == status) }
        case nil: break
        }
        if let kind = RightsRequestKind(rawValue: typed["kind"]!) { query.filter(\.$kind == kind) }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        // Open ones by their deadline, then the answered, newest first.
        query.sort(\.$answeredAt).sort(\.$dueAt).sort(\.$receivedAt, .descending)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("rights.list.searchHint")),
            FormField.filter(req, name: "state", label: req.t("rights.list.state"), selected: typed["state"]!,
                             choices: [("open", req.t("rights.list.open")), ("overdue", req.t("rights.list.overdue"))]
                                + RightsRequestStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "kind", label: req.t("rights.field.kind"), selected: typed["kind"]!,
                             choices: RightsRequestKind.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ]
        if branches.count > 1 { filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: typed["branch"]!, records: branches)) }
        try await req.audit("view", record: ("rights_requests", "list"), detail: typed["q"]!.isEmpty ? nil : "searched")
        return try await req.render("privacy/rights", FilteredList(
            page: PageContext(req, title: req.t("rights.title")), filters: filters, rows: try await Self.rows(items, req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/rights", filters: typed)))
    }

    /// The files a search names: a national ID or file number exactly, or a name by its words; nil for no search.
    static func files(matching typed: String, on db: any Database) async throws -> [UUID]? {
        let q = ArabicDigits.westernized(typed).trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { return nil }
        let query = Beneficiary.query(on: db).field(\.$id).limit(500)
        if q.allSatisfy(\.isNumber) && q.count == 10 {
            query.filter(\.$nationalID == q)
        } else if q.uppercased().hasPrefix("LMS-"), let sequence = Int64(q.dropFirst(4)) {
            query.filter(\.$fileSequence == sequence)
        } else if q.uppercased().hasPrefix("PD") || q.allSatisfy(\.isNumber) {
            return []
        } else {
            query.filter(\.$nameNormalized, .custom("LIKE"), "%\(ArabicSearch.normalize(q))%")
        }
        return try await query.all().compactMap(\.id)
    }

    static func rows(_ items: [RightsRequest], _ req: Request) async throws -> [Row] {
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ Set(items.map(\.beneficiaryID))).all()
        let names = Dictionary(uniqueKeysWithValues: files.map { ($0.id!, $0.name.full) })
        let calendar = try await Holiday.calendar(on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        return items.map { r in
            let clock = RightsPage.clock(r, req, calendar: calendar)
            return Row(id: r.id!.uuidString, reference: r.reference, name: names[r.beneficiaryID] ?? "—", kind: req.t(r.kind.localizationKey),
                       received: formatter.date(r.receivedAt).combined, deadline: formatter.date(r.deadline).combined, clock: clock.text,
                       clockCode: clock.code, status: req.t(r.status.localizationKey), statusCode: r.status.rawValue)
        }
    }

    // MARK: report

    struct ReportRow: Encodable { let kind: String; let received: Int; let inTime: Int; let late: Int; let openOverdue: Int; let open: Int; let rate: String }
    struct ReportView: Encodable { let page: PageContext; let years: [FormField]; let rows: [ReportRow]; let total: ReportRow }

    /// Deadlines met by kind, for the requests received in a year (Riyadh), within her reach: answered in time,
    /// answered late, still open past the deadline, still open within it, and the share answered in time.
    func report(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let thisYear = ReferenceNumber.riyadhYear(req.now)
        let year = ArabicDigits.parseInt(req.query[String.self, at: "year"] ?? "").flatMap { (2020...thisYear).contains($0) ? $0 : nil } ?? thisYear
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!, end = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1))!
        let items = try await RightsRequest.query(on: req.db).withinReach(of: staff, \.$branchID)
            .filter(\.$receivedAt >= start).filter(\.$receivedAt < end).all()
        func row(_ label: String, _ rs: [RightsRequest]) -> ReportRow {
            let inTime = rs.filter { $0.answeredInTime == true }.count, late = rs.filter { $0.answeredInTime == false }.count
            let overdue = rs.filter { $0.isOverdue(now: req.now) }.count
            let decided = inTime + late + overdue
            return ReportRow(kind: label, received: rs.count, inTime: inTime, late: late, openOverdue: overdue, open: rs.count - inTime - late - overdue,
                             rate: decided == 0 ? "—" : "\(Int((Double(inTime) * 100 / Double(decided)).rounded()))%")
        }
        let rows = RightsRequestKind.allCases.map { kind in row(req.t(kind.localizationKey), items.filter { $0.kind == kind }) }
        try await req.audit("view", record: ("rights_requests", "report"), detail: "year=\(year)")
        return try await req.render("privacy/rights-report", ReportView(
            page: PageContext(req, title: req.t("rights.report.title")),
            years: [FormField.filter(req, name: "year", label: req.t("rights.report.year"), selected: String(year),
                                     choices: (max(2020, thisYear - 4)...thisYear).reversed().map { (String($0), String($0)) })],
            rows: rows, total: row(req.t("rights.report.total"), items)))
    }
}
