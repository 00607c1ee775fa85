import Fluent
import LamasatCore
import SQLKit
import Vapor

/// One line of a request list or work queue: who, what, where it stands, and the days since submission against the
/// expected decision date ([P-22]).
struct RequestRow: Encodable {
    let id: String
    let tracking: String
    let name: String
    let fileNumber: String
    let supportType: String
    let status: String
    let statusCode: String
    let elapsed: String
    let expected: String
    let overdue: Bool

    /// Which requests a list or queue shows. The reader's branch reach is always applied.
    struct Filter {
        var statuses: [SupportRequestStatus] = []
        var supportType: UUID?
        /// Still waiting for a decision whose expected date is before this moment.
        var overdueAt: Date?
        var tracking: String?
        var fileSequence: Int64?
        /// Only the requests this researcher currently holds.
        var researcher: UUID?
        /// What a report's figure counted (issue 15): its branch, category, channel, and the event in its period.
        var branch: UUID?
        var category: UUID?
        var channel: String?
        var event: ReportEvent?
        /// Who she is, as the people-served report groups her: city, age band (on the event period's last day),
        /// household size, and first time (true) or returning (false) in the event's period.
        var city: String?
        var ageBand: ServedFile.AgeBand?
        var household: ServedFile.HouseholdBand?
        var firstTime: Bool?

        /// Whether a condition reads her file (`b`), so the count joins it.
        var readsFile: Bool { fileSequence != nil || category != nil || city != nil || ageBand != nil || household != nil || firstTime != nil }
    }

    /// The event a report counts a request by, in a period.
    enum ReportEvent {
        /// Submitted in the period; with `reached`, having also reached that status (the funnel).
        case submitted(ReportPeriod, reached: SupportRequestStatus?)
        /// Decided in the period with this outcome (and reason).
        case decided(ReportPeriod, outcome: SupportRequestStatus, reason: UUID?)
        /// Moved to this status in the period (returned to the applicant, withdrawn).
        case moved(ReportPeriod, to: SupportRequestStatus)
        /// At least one service delivered on a day of the period (at this place, when given).
        case delivered(ReportPeriod, place: DeliveryPlace?)

        var period: ReportPeriod {
            switch self {
            case .submitted(let period, _), .decided(let period, _, _), .moved(let period, _), .delivered(let period, _): period
            }
        }
    }

    enum Order { case expectedThenOldest, expectedThenNewest }

    /// What a row shows, read with her name and the support type in the statement that finds the page: a page of
    /// 25 costs two statements (rows and count) however long the list, and no model is hydrated.
    private struct Source: Decodable {
        let id: UUID
        let tracking_number: String?
        let status: String
        let submitted_at: Date?
        let expected_decision_at: Date?
        let file_sequence: Int64
        let name_first: String
        let name_father: String
        let name_grandfather: String
        let name_family: String
        let type_ar: String
        let type_en: String
    }

    /// One page of the filtered requests the reader may see, and how many there are in all.
    static func page(_ filter: Filter, order: Order, limit: Int, offset: Int = 0, req: Request) async throws -> (rows: [RequestRow], total: Int) {
        let staff = try req.requireStaff()
        var conditions: [SQLQueryString] = []
        if let reach = staff.reachCondition("r.branch_id") { conditions.append(reach) }
        if !filter.statuses.isEmpty {
            conditions.append("r.status IN (\(SQLQueryString.list(filter.statuses.map(\.rawValue))))")
        }
        if let type = filter.supportType { conditions.append("r.support_type_id = \(bind: type)") }
        if let moment = filter.overdueAt {
            conditions.append("r.status IN (\(SQLQueryString.list(SupportRequestStatus.allCases.filter(\.awaitsDecision).map(\.rawValue))))")
            conditions.append("r.expected_decision_at < \(bind: moment)")
        }
        if let tracking = filter.tracking { conditions.append("r.tracking_number = \(bind: tracking)") }
        if let sequence = filter.fileSequence { conditions.append("b.file_sequence = \(bind: sequence)") }
        if let researcher = filter.researcher {
            conditions.append("r.id IN (SELECT request_id FROM research_assignments WHERE researcher_id = \(bind: researcher) AND is_current = \(bind: true))")
        }
        conditions += reportConditions(filter)
        let whereClause = SQLQueryString.whereClause(conditions)
        let sort = switch order {
        case .expectedThenOldest: "r.expected_decision_at, r.created_at"
        case .expectedThenNewest: "r.expected_decision_at, r.created_at DESC"
        }
        // The page's requests are chosen on their own rows (her file joined only when a filter needs it), and only
        // those are joined to her name: a long list (35,000 overdue in one branch at 1M files) costs no lookup per row.
        let join: SQLQueryString = filter.readsFile ? " JOIN beneficiaries b ON b.id = r.beneficiary_id" : ""
        let sources = try await req.db.sql.raw("""
            SELECT r.id, r.tracking_number, r.status, r.submitted_at, r.expected_decision_at, b.file_sequence,
                b.name_first, b.name_father, b.name_grandfather, b.name_family, t.name_ar AS type_ar, t.name_en AS type_en
            FROM (SELECT r.id, r.tracking_number, r.status, r.submitted_at, r.expected_decision_at, r.created_at, r.beneficiary_id, r.support_type_id
                  FROM support_requests r\(join)\(whereClause) ORDER BY \(unsafeRaw: sort) LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))) r
            JOIN beneficiaries b ON b.id = r.beneficiary_id JOIN support_types t ON t.id = r.support_type_id
            ORDER BY \(unsafeRaw: sort)
            """).all(decoding: Source.self)
        var total = offset + sources.count
        if sources.count == limit || offset > 0 {
            struct Count: Decodable { let n: Int }
            total = try await req.db.sql.raw("SELECT count(*) AS n FROM support_requests r\(join)\(whereClause)").first(decoding: Count.self)?.n ?? total
        }
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = sources.map { r in
            let status = SupportRequestStatus(rawValue: r.status)
            let name = ArabicName(first: r.name_first, father: r.name_father, grandfather: r.name_grandfather, family: r.name_family)
            return RequestRow(
                id: r.id.uuidString, tracking: r.tracking_number ?? "—", name: name.full, fileNumber: Beneficiary.fileNumber(r.file_sequence),
                supportType: req.language == .en ? r.type_en : r.type_ar, status: status.map { req.t($0.localizationKey) } ?? r.status,
                statusCode: r.status,
                elapsed: r.submitted_at.map { req.t("request.days", String(RequestPage.days(from: $0, to: req.now))) } ?? "—",
                expected: r.expected_decision_at.map { formatter.date($0).combined } ?? "—",
                overdue: (status?.awaitsDecision ?? false) && (r.expected_decision_at.map { $0 < req.now } ?? false))
        }
        return (rows, total)
    }

    private static func reportConditions(_ filter: Filter) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let branch = filter.branch { conditions.append("r.branch_id = \(bind: branch)") }
        if let category = filter.category { conditions.append("b.category_id = \(bind: category)") }
        if let channel = filter.channel { conditions.append("r.channel = \(bind: channel)") }
        if let city = filter.city { conditions.append("b.address_city = \(bind: city)") }
        if let household = filter.household { conditions.append("\(ServedFile.householdBand) = \(bind: household.rawValue)") }
        if let period = filter.event?.period {
            if let band = filter.ageBand { conditions.append("\(ServedFile.ageBand(on: period.last)) = \(bind: band.rawValue)") }
            if let first = filter.firstTime { conditions.append(first ? "NOT \(ServedFile.servedBefore(period))" : ServedFile.servedBefore(period)) }
        }
        switch filter.event {
        case .submitted(let period, let reached):
            conditions.append("r.submitted_at >= \(bind: period.start) AND r.submitted_at < \(bind: period.end)")
            if let reached {
                conditions.append("EXISTS (SELECT 1 FROM request_transitions t WHERE t.request_id = r.id AND t.to_status = \(bind: reached.rawValue))")
            }
        case .decided(let period, let outcome, let reason):
            let because: SQLQueryString = reason.map { " AND d.reason_id = \(bind: $0)" as SQLQueryString } ?? ""
            conditions.append("""
                r.id IN (SELECT d.request_id FROM request_decisions d WHERE d.outcome = \(bind: outcome.rawValue) \
                AND d.decided_at >= \(bind: period.start) AND d.decided_at < \(bind: period.end)\(because))
                """)
        case .moved(let period, let status):
            conditions.append("""
                r.id IN (SELECT t.request_id FROM request_transitions t WHERE t.to_status = \(bind: status.rawValue) \
                AND t.at >= \(bind: period.start) AND t.at < \(bind: period.end))
                """)
        case .delivered(let period, let place):
            let there: SQLQueryString = place.map { " AND s.place = \(bind: $0.rawValue)" as SQLQueryString } ?? ""
            conditions.append("r.id IN (SELECT s.request_id FROM service_deliveries s WHERE \(period.holdsDay("s.delivered_on"))\(there))")
        case nil: break
        }
        return conditions
    }
}

extension ReportPeriod {
    /// A day column (stored as "YYYY-MM-DD", like delivery days) inside the period: plain text comparison, the same
    /// on both databases.
    func holdsDay(_ column: String) -> SQLQueryString {
        "\(unsafeRaw: column) >= \(bind: first.description) AND \(unsafeRaw: column) <= \(bind: last.description)"
    }
}

extension SQLQueryString {
    /// `a, b, c` as bound values, for `IN (…)`.
    static func list(_ values: [String]) -> SQLQueryString {
        var list = SQLQueryString("")
        for (index, value) in values.enumerated() {
            if index > 0 { list.appendInterpolation(unsafeRaw: ", ") }
            list.appendInterpolation(bind: value)
        }
        return list
    }

    /// ` WHERE a AND b …`, or nothing without conditions.
    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        var clause = SQLQueryString("")
        for (index, condition) in conditions.enumerated() {
            clause.appendInterpolation(unsafeRaw: index == 0 ? " WHERE " : " AND ")
            clause.appendInterpolation(condition)
        }
        return clause
    }
}

extension Request {
    /// Requests of the branches the signed-in staff member may reach.
    func scopedRequests() throws -> QueryBuilder<SupportRequest> {
        let staff = try requireStaff()
        let query = SupportRequest.query(on: db)
        query.withinReach(of: staff, \.$branchID)
        return query
    }
}
