import LamasatCore
import SQLKit

/// What the people-served report counts of files in a period (issue 15), as a filter of the files list so each of
/// those figures leads to its files: opened in the period, or whose status became `status` in it. A status change is
/// read from the audit trail, where every change of a file's status is written with its new status (the report counts
/// it the same way).
struct FileChange: Sendable {
    enum Event: Sendable, Equatable { case opened, became(BeneficiaryStatus) }
    let period: ReportPeriod
    let event: Event

    /// From the address (`period=…&opened=1` or `period=…&became=<status>`); nil when unreadable.
    init?(period: String, opened: String, became: String) {
        guard let period = try? ReportPeriod.parse(period) else { return nil }
        if opened == "1" {
            event = .opened
        } else if let status = BeneficiaryStatus(rawValue: became) {
            event = .became(status)
        } else {
            return nil
        }
        self.period = period
    }

    var condition: SQLQueryString {
        switch event {
        case .opened:
            return "b.created_at >= \(bind: period.start) AND b.created_at < \(bind: period.end)"
        case .became(let status):
            let registered: SQLQueryString = status == .registered ? "action = 'beneficiary.registered' OR " : ""
            // Record ids are kept as upper-case text; PostgreSQL writes a uuid as lower case.
            return """
                UPPER(CAST(b.id AS TEXT)) IN (SELECT record_id FROM audit_entries WHERE outcome = 'success' \
                AND action IN ('beneficiary.status', 'beneficiary.registered') \
                AND occurred_at_ms >= \(bind: Int64(period.start.timeIntervalSince1970 * 1000)) \
                AND occurred_at_ms < \(bind: Int64(period.end.timeIntervalSince1970 * 1000)) \
                AND (\(registered)(action = 'beneficiary.status' AND detail LIKE \(bind: "%→" + status.rawValue))))
                """
        }
    }

    /// The address parameters that keep it on the list's pages.
    var parameters: [(name: String, value: String)] {
        switch event {
        case .opened: [("period", period.token), ("opened", "1")]
        case .became(let status): [("period", period.token), ("became", status.rawValue)]
        }
    }
}
