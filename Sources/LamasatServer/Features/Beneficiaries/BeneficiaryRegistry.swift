import Fluent
import FluentSQL
import Foundation
import LamasatCore
import SQLKit

/// Numbering, the name index, search and duplicate checks of beneficiary files.
enum BeneficiaryRegistry {
    /// The next file number, taken inside the caller's transaction so a rolled-back file does not use one up.
    static func nextFileSequence(on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let value: Int64 }
        guard let row = try await db.sql.raw(
            "UPDATE counters SET value = value + 1 WHERE name = 'beneficiary_file' RETURNING value"
        ).first(decoding: Row.self) else { throw FluentError.noResults }
        return row.value
    }

    /// Keeps the SQLite name index in step with the file (PostgreSQL indexes the column itself).
    static func indexName(_ beneficiary: Beneficiary, on db: any Database) async throws {
        guard !db.isPostgres else { return }
        try await db.sql.raw("DELETE FROM beneficiary_names WHERE rowid = \(bind: beneficiary.fileSequence)").run()
        try await db.sql.raw(
            "INSERT INTO beneficiary_names (rowid, name) VALUES (\(bind: beneficiary.fileSequence), \(bind: beneficiary.nameNormalized))"
        ).run()
    }

    struct Query {
        enum Sort: String, CaseIterable { case newest, name, fileNumber }
        var text = ""
        var categoryID: UUID?
        var status: BeneficiaryStatus?
        var branchID: UUID?
        var city = ""
        var schoolAgeChildren = false
        var sort = Sort.newest
        var page = 1
    }

    /// What the search box was understood as.
    enum Term: Equatable {
        case none
        case nationalID(String)
        case mobile(String)
        case fileNumber(Int64)
        case name([String])
    }

    static func interpret(_ text: String) -> Term {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .none }
        if let id = try? NationalID(trimmed) { return .nationalID(id.value) }
        if let mobile = try? SaudiMobile(trimmed) { return .mobile(mobile.e164) }
        let upper = ArabicDigits.westernized(trimmed).uppercased()
        let fileDigits = upper.hasPrefix("LMS") ? ArabicSearch.digits(upper) : upper
        if !fileDigits.isEmpty, fileDigits.count <= 9, fileDigits.allSatisfy({ ("0"..."9").contains($0) }), let number = Int64(fileDigits) {
            return .fileNumber(number)
        }
        let words = ArabicSearch.normalize(trimmed).split(separator: " ").map(String.init).filter { !$0.isEmpty }
        return words.isEmpty ? .none : .name(words)
    }

    static func likePattern(_ word: String) -> String {
        "%" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// The files matching `query` that `staff` may see, one page of them, and how many there are.
    static func search(_ query: Query, staff: StaffContext, today: Date, pageSize: Int = Paging.defaultSize,
                       on db: any Database) async throws -> (items: [Beneficiary], total: Int) {
        let builder = Beneficiary.query(on: db).with(\.$category).with(\.$branch)
        if staff.user.scope == .ownBranch { builder.filter(\.$branch.$id == staff.user.$branch.id) }
        switch interpret(query.text) {
        case .none: break
        case .nationalID(let id): builder.filter(\.$nationalID == id)
        case .mobile(let mobile): builder.filter(\.$mobile == mobile)
        case .fileNumber(let number): builder.filter(\.$fileSequence == number)
        case .name(let words):
            for word in words {
                let pattern = likePattern(word)
                if !db.isPostgres && word.count >= 3 {
                    builder.filter(.sql(SQLQueryString(
                        "file_sequence IN (SELECT rowid FROM beneficiary_names WHERE name LIKE \(bind: pattern) ESCAPE '\\')")))
                } else {
                    builder.filter(.sql(SQLQueryString("name_normalized LIKE \(bind: pattern) ESCAPE '\\'")))
                }
            }
        }
        if let category = query.categoryID { builder.filter(\.$category.$id == category) }
        if let status = query.status { builder.filter(\.$status == status) }
        if let branch = query.branchID { builder.filter(\.$branch.$id == branch) }
        if !query.city.isEmpty { builder.filter(\.$addressCity == query.city) }
        if query.schoolAgeChildren {
            let (oldest, youngest) = schoolAgeBirthRange(today: today)
            builder.filter(.sql(SQLQueryString(
                "id IN (SELECT beneficiary_id FROM family_members WHERE birth_date >= \(bind: oldest) AND birth_date <= \(bind: youngest))")))
        }
        switch query.sort {
        case .newest: builder.sort(\.$createdAt, .descending)
        case .name: builder.sort(\.$nameNormalized)
        case .fileNumber: builder.sort(\.$fileSequence)
        }
        return try await builder.page(query.page, size: pageSize)
    }

    /// Birth dates (yyyy-mm-dd) of children who are of school age today.
    static func schoolAgeBirthRange(today: Date) -> (oldest: String, youngest: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let upper = Household.schoolAges.upperBound + 1, lower = Household.schoolAges.lowerBound
        let oldest = calendar.date(byAdding: DateComponents(year: -upper, day: 1), to: today)!
        let youngest = calendar.date(byAdding: DateComponents(year: -lower), to: today)!
        func day(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return BirthDate(gregorianYear: parts.year!, month: parts.month!, day: parts.day!).description
        }
        return (day(oldest), day(youngest))
    }

    /// Files that look like the same woman: the same mobile, or the same normalized name and birth date.
    static func similar(to candidate: Beneficiary, on db: any Database) async throws -> [(Beneficiary, String)] {
        var found: [(Beneficiary, String)] = []
        let sameMobile = try await Beneficiary.query(on: db).with(\.$branch).filter(\.$mobile == candidate.mobile)
            .filter(\.$id != candidate.id ?? UUID()).limit(5).all()
        found += sameMobile.map { ($0, "mobile") }
        let sameName = try await Beneficiary.query(on: db).with(\.$branch).filter(\.$nameNormalized == candidate.nameNormalized)
            .filter(\.$birthDate == candidate.birthDate).filter(\.$id != candidate.id ?? UUID()).limit(5).all()
        for match in sameName where !found.contains(where: { $0.0.id == match.id }) { found.append((match, "nameAndBirthDate")) }
        return found
    }
}
