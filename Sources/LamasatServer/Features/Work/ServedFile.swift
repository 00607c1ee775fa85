import LamasatCore
import SQLKit

/// Who she is, as the people-served report groups her (issue 15): her age band on a day, her household's size, and
/// whether she had received anything before a period. The report groups by these expressions and the requests
/// list filters by them, so a figure and the list behind it agree. Each reads her file as `b`.
enum ServedFile {
    enum AgeBand: String, CaseIterable, Sendable { case under30, from30, from45, from60 }
    enum HouseholdBand: String, CaseIterable, Sendable { case one, upTo3, upTo5, sixPlus }

    static let members: SQLQueryString = "(SELECT COUNT(*) FROM family_members f WHERE f.beneficiary_id = b.id)"

    /// Her age band on `day`: birth dates are "YYYY-MM-DD" text, compared with the days 30, 45 and 60 years before.
    static func ageBand(on day: CalendarDay) -> SQLQueryString {
        let cutoffs = [30, 45, 60].map { CalendarDay(gregorianYear: day.year - $0, month: day.month, day: day.day).description }
        return """
            CASE WHEN b.birth_date > \(bind: cutoffs[0]) THEN 'under30' WHEN b.birth_date > \(bind: cutoffs[1]) THEN 'from30' \
            WHEN b.birth_date > \(bind: cutoffs[2]) THEN 'from45' ELSE 'from60' END
            """
    }

    /// She and her household members: 1, 2–3, 4–5, 6 or more.
    static var householdBand: SQLQueryString {
        "CASE WHEN \(members) = 0 THEN 'one' WHEN \(members) <= 2 THEN 'upTo3' WHEN \(members) <= 4 THEN 'upTo5' ELSE 'sixPlus' END"
    }

    /// Whether she had a service delivered before the period began.
    static func servedBefore(_ period: ReportPeriod) -> SQLQueryString {
        "EXISTS (SELECT 1 FROM service_deliveries p WHERE p.beneficiary_id = b.id AND p.delivered_on < \(bind: period.first.description))"
    }
}
