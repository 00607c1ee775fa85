import Fluent
import FluentSQL
import Foundation
import LamasatCore
import SQLKit

/// Numbering, the name index, search and duplicate checks of beneficiary files.
enum BeneficiaryRegistry {
    /// The next file number (see `Counters`).
    static func nextFileSequence(on db: any Database) async throws -> Int64 {
        try await Counters.next("beneficiary_file", on: db)
    }

    /// Keeps the SQLite name indexes (trigrams and words) in step with the file (PostgreSQL indexes the column itself).
    static func indexName(_ beneficiary: Beneficiary, on db: any Database) async throws {
        guard !db.isPostgres else { return }
        try await db.sql.raw("DELETE FROM beneficiary_names WHERE rowid = \(bind: beneficiary.fileSequence)").run()
        try await db.sql.raw(
            "INSERT INTO beneficiary_names (rowid, name) VALUES (\(bind: beneficiary.fileSequence), \(bind: beneficiary.nameNormalized))"
        ).run()
        try await NameWordIndex.index(sequence: beneficiary.fileSequence, name: beneficiary.nameNormalized, on: db.sql)
    }

    /// File numbers for `count` new files at once (an import's batch), in order.
    static func nextFileSequences(_ count: Int, on db: any Database) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let last = try await Counters.take(count, of: "beneficiary_file", on: db)
        return Array((last - Int64(count) + 1)...last)
    }

    /// `indexName` for many files just created, in a few statements: an import writes its rows by the hundred.
    static func indexNewNames(_ files: [Beneficiary], on db: any Database) async throws {
        guard !db.isPostgres, !files.isEmpty else { return }
        for start in stride(from: 0, to: files.count, by: 200) {
            let rows = files[start..<min(start + 200, files.count)].map {
                SQLGroupExpression([SQLBind($0.fileSequence), SQLBind($0.nameNormalized)]) as any SQLExpression
            }
            try await db.sql.raw("INSERT INTO beneficiary_names (rowid, name) VALUES \(SQLList(rows))").run()
            try await db.sql.raw("INSERT INTO beneficiary_names_words (rowid, name) VALUES \(SQLList(rows))").run()
        }
        try await NameWordIndex.remember(Array(Set(files.flatMap { NameWordIndex.words(of: $0.nameNormalized) })).sorted(), on: db.sql)
    }

    struct Query {
        enum Sort: String, CaseIterable { case newest, name, fileNumber }
        var text = ""
        var categoryID: UUID?
        var status: BeneficiaryStatus?
        var branchID: UUID?
        var city = ""
        var schoolAgeChildren = false
        var documentsIncomplete = false
        /// From a report's figure (issue 15): files opened in a period, or whose status became one in it.
        var change: FileChange?
        var sort = Sort.newest
        var page = 1
        /// The API's paging (`APICursor`): newest created first, by keyset, after the row of this id when there is one.
        var keyset = false
        var after: (date: Date, id: UUID)?
    }

    /// What the search box was understood as.
    enum Term: Equatable, Sendable {
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
        // LIKE's wildcards never occur in names; dropping them lets the patterns go without an ESCAPE clause, which
        // SQLite's FTS5 cannot pass to its trigram index (with one, every search read the whole name table).
        let words = ArabicSearch.normalize(trimmed).filter { !"%_\\".contains($0) }
            .split(separator: " ").map(String.init).filter { !$0.isEmpty }
        return words.isEmpty ? .none : .name(words)
    }

    /// Words reach here without LIKE wildcards (see `interpret`).
    static func likePattern(_ word: String) -> String { "%" + word + "%" }

    /// Counting stops here: "more than 1,000" is all a person needs, and a common first name among a million files
    /// would otherwise be counted in full on every search.
    static let countCap = 1_000

    /// What a list shows of a file, read in the same statement that finds the page.
    struct ListRow: Decodable, Sendable {
        let id: UUID
        let file_sequence: Int64
        let national_id: String
        let name_first: String
        let name_father: String
        let name_grandfather: String
        let name_family: String
        let mobile: String
        let status: String
        let address_city: String
        let created_at: Date
        let category_ar: String
        let category_en: String
        let branch_ar: String
        let branch_en: String

        var name: ArabicName { ArabicName(first: name_first, father: name_father, grandfather: name_grandfather, family: name_family) }
    }

    struct Page {
        let rows: [ListRow]
        /// Exact up to `countCap`; `capped` says there are more.
        let total: Int
        let capped: Bool
    }

    /// The two statements of a search: one page of rows, and the count capped at `countCap` + 1.
    struct Statements {
        let page: SQLQueryString
        let count: SQLQueryString
        let offset: Int
        let pageSize: Int

        /// A first page that is not full already tells the count.
        func needsCount(rowsOnPage: Int) -> Bool { offset > 0 || rowsOnPage == pageSize }
    }

    /// The files matching `query` that `staff` may see, one page of them, and how many there are. On SQLite, name
    /// words drive the FTS5 word index (or, when every word is inside too many indexed words, the trigram index)
    /// newest-first, so a page stops after 25 matches.
    static func search(_ query: Query, staff: StaffContext, today: Date, pageSize: Int = Paging.defaultSize,
                       on db: any Database) async throws -> Page {
        struct CountRow: Decodable { let n: Int }
        let sql = try await statements(query, staff: staff, today: today, pageSize: pageSize, on: db)
        let rows = try await db.sql.raw(sql.page).all(decoding: ListRow.self)
        var total = sql.offset + rows.count
        if sql.needsCount(rowsOnPage: rows.count) {
            total = max(total, try await db.sql.raw(sql.count).first(decoding: CountRow.self)?.n ?? 0)
        }
        return Page(rows: rows, total: min(total, countCap), capped: total > countCap)
    }

    /// The statements of `query`, with its name words first expanded through the SQLite word index.
    static func statements(_ query: Query, staff: StaffContext, today: Date, pageSize: Int, on db: any Database) async throws -> Statements {
        var expansions: [String: [String]] = [:]
        if !db.isPostgres, case .name(let words) = interpret(query.text) {
            expansions = try await NameWordIndex.expansions(of: words, on: db.sql)
        }
        return statements(query, staff: staff, today: today, pageSize: pageSize, isPostgres: db.isPostgres, expansions: expansions)
    }

    /// `expansions` (SQLite only): typed words and the indexed name words containing them (`NameWordIndex`). When
    /// there are some, the word index drives the search, and every typed word is checked with LIKE unless the index
    /// is exact for them, so the matches are the same as before; otherwise the trigram index drives it, as before.
    static func statements(_ query: Query, staff: StaffContext, today: Date, pageSize: Int, isPostgres: Bool,
                           expansions: [String: [String]] = [:]) -> Statements {
        var wordsOnly: SQLQueryString?  // the word index's MATCH, when it alone decides which files match
        var conditions: [SQLQueryString] = []
        var nameIndex: String?  // the FTS5 table, as f, that drives a name search
        if let reach = staff.reachCondition("b.branch_id") { conditions.append(reach) }
        switch interpret(query.text) {
        case .none: break
        case .nationalID(let id): conditions.append("b.national_id = \(bind: id)")
        case .mobile(let mobile): conditions.append("b.mobile = \(bind: mobile)")
        case .fileNumber(let number): conditions.append("b.file_sequence = \(bind: number)")
        case .name where !isPostgres && expansions.values.contains(where: \.isEmpty):
            conditions.append("0 = 1")  // a typed word is inside no indexed name word: no file has it
        case .name(let words) where !isPostgres && !expansions.isEmpty:
            nameIndex = "beneficiary_names_words"
            let match: SQLQueryString = "f.name MATCH \(bind: NameWordIndex.matchExpression(expansions))"
            conditions.append(match)
            if NameWordIndex.isExact(words, expansions) {
                wordsOnly = match
            } else {
                for word in words { conditions.append("b.name_normalized LIKE \(bind: likePattern(word))") }
            }
        case .name(let words):
            for word in words {
                let pattern = likePattern(word)
                if !isPostgres && word.count >= 3 {
                    nameIndex = "beneficiary_names"
                    conditions.append("f.name LIKE \(bind: pattern)")
                } else {
                    conditions.append("b.name_normalized LIKE \(bind: pattern)")
                }
            }
        }
        if let category = query.categoryID { conditions.append("b.category_id = \(bind: category)") }
        if let status = query.status { conditions.append("b.status = \(bind: status.rawValue)") }
        if let branch = query.branchID { conditions.append("b.branch_id = \(bind: branch)") }
        if !query.city.isEmpty { conditions.append("b.address_city = \(bind: query.city)") }
        if query.schoolAgeChildren {
            let (oldest, youngest) = schoolAgeBirthRange(today: today)
            conditions.append(
                "b.id IN (SELECT beneficiary_id FROM family_members WHERE birth_date >= \(bind: oldest) AND birth_date <= \(bind: youngest))")
        }
        if query.documentsIncomplete { conditions.append(incompleteDocumentsCondition(today: CalendarDay.today(today).description)) }
        if let change = query.change { conditions.append(change.condition) }
        if query.keyset, let after = query.after {
            // The row's own stored time, so that the cursor's rounding of it never skips or repeats a row.
            let time: SQLQueryString = "COALESCE((SELECT k.created_at FROM beneficiaries k WHERE k.id = \(bind: after.id)), \(bind: after.date))"
            conditions.append("(b.created_at < \(time) OR (b.created_at = \(time) AND b.id < \(bind: after.id)))")
        }
        let filter = SQLQueryString.whereClause(conditions)
        let source = nameIndex.map { "\($0) f JOIN beneficiaries b ON b.file_sequence = f.rowid" } ?? "beneficiaries b"
        let sequence = nameIndex == nil ? "b.file_sequence" : "f.rowid"
        let sorted = switch query.sort {
        case .newest: "\(sequence) DESC"
        case .fileNumber: sequence
        case .name: "b.name_normalized, \(sequence)"
        }
        let order = query.keyset ? "b.created_at DESC, b.id DESC" : sorted
        let offset = query.keyset ? 0 : (query.page - 1) * pageSize
        let page: SQLQueryString = """
            SELECT b.id, b.file_sequence, b.national_id, b.name_first, b.name_father, b.name_grandfather, b.name_family,
                b.mobile, b.status, b.address_city, b.created_at, c.name_ar AS category_ar, c.name_en AS category_en,
                r.name_ar AS branch_ar, r.name_en AS branch_en
            FROM \(unsafeRaw: source) JOIN beneficiary_categories c ON c.id = b.category_id JOIN branches r ON r.id = b.branch_id
            \(filter) ORDER BY \(unsafeRaw: order) LIMIT \(unsafeRaw: String(pageSize)) OFFSET \(unsafeRaw: String(offset))
            """
        // Names alone are counted in the word index, without reading a row of beneficiaries.
        let counted: SQLQueryString = if let wordsOnly, conditions.count == 1 { "beneficiary_names_words f WHERE \(wordsOnly)" }
            else { "\(unsafeRaw: source)\(filter)" }
        let count: SQLQueryString = """
            SELECT count(*) AS n FROM (SELECT 1 FROM \(counted) LIMIT \(unsafeRaw: String(countCap + 1))) AS capped
            """
        return Statements(page: page, count: count, offset: offset, pageSize: pageSize)
    }

    /// A file lacks a required document when some active type required for its category has no matched,
    /// unexpired document — the rule of `DocumentRequirements`, in SQL.
    static func incompleteDocumentsCondition(today: String) -> SQLQueryString {
        """
        EXISTS (SELECT 1 FROM document_types t JOIN beneficiary_categories c ON c.id = b.category_id
            WHERE t.is_active = \(bind: true)
              AND (t.required_for = '*' OR (',' || t.required_for || ',') LIKE ('%,' || c.code || ',%'))
              AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.beneficiary_id = b.id AND d.type_id = t.id
                  AND d.verification = 'matched' AND (d.expiry_date = '' OR d.expiry_date >= \(bind: today))))
        """
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
            return CalendarDay(gregorianYear: parts.year!, month: parts.month!, day: parts.day!).description
        }
        return (day(oldest), day(youngest))
    }

    /// Files that look like the same woman: the same mobile, or the same normalized name and birth date. Anonymised
    /// files (retention) are nobody any more, and look like no one.
    static func similar(to candidate: Beneficiary, on db: any Database) async throws -> [(Beneficiary, String)] {
        var found: [(Beneficiary, String)] = []
        guard candidate.anonymisedAt == nil else { return found }
        let sameMobile = try await Beneficiary.query(on: db).with(\.$branch).filter(\.$mobile == candidate.mobile)
            .filter(\.$id != candidate.id ?? UUID()).filter(\.$anonymisedAt == nil).limit(5).all()
        found += sameMobile.map { ($0, "mobile") }
        let sameName = try await Beneficiary.query(on: db).with(\.$branch).filter(\.$nameNormalized == candidate.nameNormalized)
            .filter(\.$birthDate == candidate.birthDate).filter(\.$id != candidate.id ?? UUID()).filter(\.$anonymisedAt == nil).limit(5).all()
        for match in sameName where !found.contains(where: { $0.0.id == match.id }) { found.append((match, "nameAndBirthDate")) }
        return found
    }
}
