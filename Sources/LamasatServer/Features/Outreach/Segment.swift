import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Which files a campaign reaches: filters over the registry, always limited to files that consented and did not
/// stop messages, and to the branches of the staff member who builds it.
struct Segment: Codable, Equatable, Sendable {
    var categoryID: UUID?
    var branchID: UUID?
    var city = ""
    var status: BeneficiaryStatus?
    var minimumHousehold = 0
    var schoolAgeChildren = false
    var documentsIncomplete = false
    /// Files with no contact logged for this many days (0: any).
    var noContactDays = 0
    /// Households with a child of this age range (years; 0 and 0 mean any).
    var childMinimumAge = 0
    var childMaximumAge = 0

    /// The WHERE clause over `beneficiaries b`; `ownBranch` is the staff member's branch when her scope is her own.
    func condition(ownBranch: UUID?, today: Date) -> SQLQueryString {
        var parts: [SQLQueryString] = [
            "b.consent_given = \(bind: true)",
            "NOT EXISTS (SELECT 1 FROM message_preferences p WHERE p.beneficiary_id = b.id AND p.opted_out = \(bind: true))",
        ]
        if let ownBranch { parts.append("b.branch_id = \(bind: ownBranch)") }
        if let categoryID { parts.append("b.category_id = \(bind: categoryID)") }
        if let branchID { parts.append("b.branch_id = \(bind: branchID)") }
        if !city.isEmpty { parts.append("b.address_city = \(bind: city)") }
        if let status { parts.append("b.status = \(bind: status.rawValue)") }
        if minimumHousehold > 1 {
            parts.append("(SELECT COUNT(*) FROM family_members m WHERE m.beneficiary_id = b.id) + 1 >= \(bind: minimumHousehold)")
        }
        if schoolAgeChildren {
            let (oldest, youngest) = BeneficiaryRegistry.schoolAgeBirthRange(today: today)
            parts.append("b.id IN (SELECT beneficiary_id FROM family_members WHERE birth_date >= \(bind: oldest) AND birth_date <= \(bind: youngest))")
        }
        if childMaximumAge > 0 {
            // Born between the day they turn `childMaximumAge + 1` and the day they turn `childMinimumAge`.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = DualCalendarFormatter.riyadh
            let oldest = CalendarDay.today(calendar.date(byAdding: .year, value: -(childMaximumAge + 1), to: today)!.addingTimeInterval(86_400)).description
            let youngest = CalendarDay.today(calendar.date(byAdding: .year, value: -childMinimumAge, to: today)!).description
            parts.append("""
                b.id IN (SELECT beneficiary_id FROM family_members WHERE relation IN ('son', 'daughter')
                    AND birth_date >= \(bind: oldest) AND birth_date <= \(bind: youngest))
                """)
        }
        if documentsIncomplete { parts.append(BeneficiaryRegistry.incompleteDocumentsCondition(today: CalendarDay.today(today).description)) }
        if noContactDays > 0 {
            let since = today.addingTimeInterval(-Double(noContactDays) * 86_400)
            parts.append("NOT EXISTS (SELECT 1 FROM contacts c WHERE c.beneficiary_id = b.id AND c.at >= \(bind: since))")
        }
        var sql = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            sql.appendInterpolation(unsafeRaw: index == 0 ? "" : " AND ")
            sql.appendInterpolation(part)
        }
        return sql
    }

    struct Row: Decodable { let id: UUID; let name_first: String; let mobile: String; let branch_id: UUID }
    struct CountRow: Decodable { let n: Int }

    func count(ownBranch: UUID?, today: Date, on db: any Database) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM beneficiaries b WHERE \(condition(ownBranch: ownBranch, today: today))")
            .first(decoding: CountRow.self)?.n ?? 0
    }

    func members(ownBranch: UUID?, today: Date, limit: Int? = nil, on db: any Database) async throws -> [Row] {
        var sql: SQLQueryString = "SELECT b.id, b.name_first, b.mobile, b.branch_id FROM beneficiaries b WHERE \(condition(ownBranch: ownBranch, today: today)) ORDER BY b.file_sequence"
        if let limit { sql.appendInterpolation(unsafeRaw: " LIMIT \(limit)") }
        return try await db.sql.raw(sql).all(decoding: Row.self)
    }
}
