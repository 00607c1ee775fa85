import Fluent
import Foundation
import LamasatCore
import SQLKit
import Vapor

/// `lamasat bench-data --count N [--queries FILE] [--requests M] [--staff]`: fills N invented files with families
/// straight through SQL, for the benchmarks, and writes the search benchmark's queries; with `--requests` also M
/// support requests, contacts and inquiries, with `--staff` the workload's staff (password on standard input).
/// Never in production; not part of the tests.
struct BenchmarkDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "count", help: "number of files (e.g. 100000 or 1000000)") var count: Int?
        @Option(name: "queries", help: "where to write the benchmark queries (one per line)") var queries: String?
        @Option(name: "requests", help: "also M support requests with their transitions, M/2 contacts and M/10 inquiries") var requests: Int?
        @Flag(name: "staff", help: "also staff bench.<role>.<branch> of each branch, password on standard input") var staff: Bool
        init() {}
    }

    var help: String { "Benchmark only: fills N invented files (and requests, contacts, inquiries, staff) through SQL." }

    static func person(_ index: Int) -> (first: String, father: String, grandfather: String, family: String) {
        let mix = (index &* 2_654_435_761) & 0x7FFF_FFFF
        let firsts = DemoFiles.firstNames, fathers = DemoFiles.fatherNames, families = DemoFiles.familyNames
        return (firsts[mix % firsts.count], fathers[(mix / 7) % fathers.count], fathers[(mix / 97) % fathers.count],
                families[(mix / 1_013) % families.count] + (index % 5 == 0 ? "" : String(families[(mix / 13) % families.count].suffix(3))))
    }

    static func nationalID(_ index: Int) -> NationalID { NationalID.make(kind: .citizen, body: 40_000_000 + index) }

    static func mobile(_ index: Int) -> String {
        let digits = String(index % 100_000_000)
        return "+9665" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.lamasat.config.environment != .production else { throw CommandProblem("benchmark data is refused in production") }
        guard let count = signature.count, count > 0 else { throw CommandProblem("--count N is required") }
        let password = signature.staff ? StandardInput.readSecret() : ""
        if signature.staff, let problem = PasswordPolicy.check(password, username: "bench.officer", common: app.lamasat.commonPasswords) {
            throw CommandProblem("password: \(problem.rawValue)")
        }
        let db = app.db.sql
        let categories = try await BeneficiaryCategory.query(on: app.db).all().map { try $0.requireID() }
        let branches = try await Branch.query(on: app.db).all().map { try $0.requireID() }
        let author = UUID()
        let now = Date()
        let started = ContinuousClock.now
        let batch = 400
        // After the files already there (demo data, an earlier run): file i has sequence i + 1.
        let offset = try await db.raw("SELECT coalesce(max(file_sequence), 0) AS n FROM beneficiaries").first()?.decode(column: "n", as: Int.self) ?? 0
        var index = offset
        while index < offset + count {
            let upper = min(index + 10_000, offset + count), first = index
            try await app.db.writeTransaction { tx in
                let sql = tx.sql
                var start = first
                while start < upper {
                    let end = min(start + batch, upper)
                    var rows: [any SQLExpression] = []
                    var names: [any SQLExpression] = []
                    var normalizedNames: [String] = []
                    for i in start..<end {
                        let p = Self.person(i)
                        let full = "\(p.first) \(p.father) \(p.grandfather) \(p.family)"
                        let normalized = ArabicSearch.normalize(full)
                        let birth = "19\(70 + i % 30)-\(String(format: "%02d", 1 + i % 12))-\(String(format: "%02d", 1 + i % 28))"
                        let values: [any Encodable & Sendable] = [
                            UUID(), Int64(i + 1), Self.nationalID(i).value, p.first, p.father, p.grandfather, p.family, "", normalized,
                            birth, "hijri", categories[i % categories.count], "سعودية", Self.mobile(i), "", "", String(1000 + i % 8999),
                            "", "", ["الرياض", "جدة", "الدمام", "أبها"][i % 4], String(10_000 + i % 89_999), "", "",
                            branches[i % branches.count], "secondary", "unemployed", Int64(0), "", "rented", Int64(150_000), "", false, "",
                            true, "signedPaper", BeneficiaryConsent.noticeVersion, now, author,
                            ["applicant", "registered", "registered", "suspended"][i % 4], "", 1, now.addingTimeInterval(Double(i)), now, author, author,
                        ]
                        rows.append(SQLGroupExpression(values.map { SQLBind($0) }))
                        names.append(SQLGroupExpression([SQLBind(Int64(i + 1)), SQLBind(normalized)]))
                        normalizedNames.append(normalized)
                    }
                    try await sql.raw("""
                        INSERT INTO beneficiaries (id, file_sequence, national_id, name_first, name_father, name_grandfather, name_family,
                        name_latin, name_normalized, birth_date, birth_calendar, category_id, nationality, mobile, alternate_phone, email,
                        address_building, address_street, address_district, address_city, address_postal_code, address_additional,
                        address_short, branch_id, education, employment, monthly_income, income_sources, housing, monthly_rent,
                        health_notes, has_disability, iban, consent_given, consent_method, consent_notice_version, consent_at, consent_by,
                        status, status_reason, version, created_at, updated_at, created_by, updated_by) VALUES \(SQLList(rows))
                        """).run()
                    if !tx.isPostgres {
                        try await sql.raw("INSERT INTO beneficiary_names (rowid, name) VALUES \(SQLList(names))").run()
                        try await sql.raw("INSERT INTO beneficiary_names_words (rowid, name) VALUES \(SQLList(names))").run()
                        try await NameWordIndex.remember(Array(Set(normalizedNames.flatMap(NameWordIndex.words(of:)))), on: sql)
                    }
                    start = end
                }
            }
            index = upper
            context.console.print("  \(index - offset) files")
        }
        // Children: 0–3 per file, pointing at the files just made.
        if app.db.isPostgres {
            try await db.raw("""
                INSERT INTO family_members (id, beneficiary_id, relation, full_name, national_id, birth_date, sex, schooling,
                    health_notes, monthly_income, is_dependant, created_at, updated_at)
                SELECT gen_random_uuid(), id, 'son', 'ولد', '', '2016-03-01', 'male', 'primary', '', 0, true, created_at, created_at
                FROM beneficiaries WHERE file_sequence % 4 IN (1, 2, 3) AND file_sequence > \(bind: offset)
                """).run()
        } else {
            try await db.raw("""
                INSERT INTO family_members (id, beneficiary_id, relation, full_name, national_id, birth_date, sex, schooling,
                    health_notes, monthly_income, is_dependant, created_at, updated_at)
                SELECT upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
                    id, 'son', 'ولد', '', '2016-03-01', 'male', 'primary', '', 0, 1, created_at, created_at
                FROM (SELECT lower(hex(randomblob(16))) AS h, id, created_at FROM beneficiaries WHERE file_sequence % 4 IN (1, 2, 3) AND file_sequence > \(bind: offset))
                """).run()
        }
        try await db.raw("UPDATE counters SET value = (SELECT max(file_sequence) FROM beneficiaries) WHERE name = 'beneficiary_file'").run()
        try await db.raw("ANALYZE").run()
        context.console.print("Generated \(count) files in \(ContinuousClock.now - started).")

        if let requests = signature.requests, requests > 0 {
            var actors: [UUID: UUID] = [:]
            if signature.staff { actors = try await BenchmarkWorkloadData.staff(password: password, app: app) }
            let files = try await db.raw("""
                SELECT id, branch_id, mobile, name_first, name_family FROM beneficiaries WHERE file_sequence > \(bind: offset)
                ORDER BY file_sequence LIMIT \(bind: min(count, requests))
                """).all().map { row in
                BenchmarkWorkloadData.File(id: try row.decode(column: "id", as: UUID.self), branch: try row.decode(column: "branch_id", as: UUID.self),
                                           mobile: try row.decode(column: "mobile", as: String.self),
                                           name: "\(try row.decode(column: "name_first", as: String.self)) \(try row.decode(column: "name_family", as: String.self))")
            }
            try await BenchmarkWorkloadData.fill(requests: requests, files: files, actors: actors, fallbackActor: author, app: app, console: context.console)
            try await RequestCounts.rebuild(on: app.db)
            try await db.raw("ANALYZE").run()
            context.console.print("Generated \(requests) requests, \(requests / 2) contacts, \(requests / 10) inquiries by \(ContinuousClock.now - started).")
        } else if signature.staff {
            _ = try await BenchmarkWorkloadData.staff(password: password, app: app)
        }

        if let path = signature.queries {
            try Self.queries(count: count, offset: offset).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            context.console.print("Queries written to \(path)")
        }
    }

    /// 240 varied queries: name fragments in other spellings, full IDs, mobiles in several forms.
    static func queries(count: Int, offset: Int = 0) -> [String] {
        var out: [String] = []
        func arabicDigits(_ text: String) -> String {
            String(text.map { c in c.isASCII && c.isNumber ? Character(Unicode.Scalar(0x0660 + Int(String(c))!)!) : c })
        }
        for k in 0..<80 {
            let p = person(offset + (k * 7_919) % count)
            let first = p.first.replacingOccurrences(of: "أ", with: "ا").replacingOccurrences(of: "إ", with: "ا")
                .replacingOccurrences(of: "ة", with: "ه")
            switch k % 4 {
            case 0: out.append(first)
            case 1: out.append("\(first) \(String(p.family.prefix(5)))")
            case 2: out.append(String(p.family.dropFirst(2).prefix(4)))
            default: out.append("\(p.first) \(p.father) \(p.family)".replacingOccurrences(of: "ة", with: "ه").replacingOccurrences(of: "ى", with: "ي"))
            }
        }
        for k in 0..<80 {
            let id = nationalID(offset + (k * 104_729) % count).value
            out.append(k % 3 == 0 ? arabicDigits(id) : id)
        }
        for k in 0..<80 {
            let national = String(mobile(offset + (k * 15_485_863) % count).dropFirst(4))
            switch k % 4 {
            case 0: out.append("0" + national)
            case 1: out.append("+966" + national)
            case 2: out.append("966" + national)
            default: out.append(arabicDigits("0" + national))
            }
        }
        return out
    }
}

/// `lamasat bench-search --queries FILE [--repeat R]`: times each query through the same search code the pages use,
/// and the raw SQL of that search alone, in this process. Prints one JSON object per line.
struct BenchmarkSearchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "queries", help: "queries, one per line") var queries: String?
        @Option(name: "repeat", help: "timed runs per query (default 3)") var repeats: Int?
        init() {}
    }

    var help: String { "Benchmark only: times searches in-process and as raw SQL." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let path = signature.queries, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandProblem("--queries FILE is required")
        }
        let queries = text.split(separator: "\n").map(String.init)
        let branch = try await Branch.query(on: app.db).first()!
        let user = StaffUser(username: "bench", fullName: "bench", email: nil, role: .manager, scope: .allBranches,
                             branchID: try branch.requireID(), passwordHash: "", mustChangePassword: false, now: Date())
        let staff = StaffContext(user: user, session: StaffSession(), branchName: "")
        let repeats = max(1, signature.repeats ?? 3)
        for query in queries {
            var search = BeneficiaryRegistry.Query()
            search.text = query
            _ = try await BeneficiaryRegistry.search(search, staff: staff, today: Date(), on: app.db)  // warm
            var inProcess: [Double] = [], raw: [Double] = []
            var found = 0
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                found = try await BeneficiaryRegistry.search(search, staff: staff, today: Date(), on: app.db).total
                inProcess.append(Self.ms(ContinuousClock.now - start))
                let rawStart = ContinuousClock.now
                try await Self.rawSearch(search, staff: staff, on: app.db)
                raw.append(Self.ms(ContinuousClock.now - rawStart))
            }
            let kind = switch BeneficiaryRegistry.interpret(query) {
            case .name: "name"
            case .nationalID: "id"
            case .mobile: "mobile"
            case .fileNumber: "file"
            case .none: "none"
            }
            let line = "{\"kind\":\"\(kind)\",\"found\":\(found),\"inProcess\":\(inProcess),\"raw\":\(raw)}"
            context.console.print(line)
        }
        let sample = try await app.db.sql.raw("SELECT id FROM beneficiaries ORDER BY file_sequence LIMIT 200").all()
        for row in sample { context.console.print("{\"file\":\"\(try row.decode(column: "id", as: UUID.self))\"}") }
    }

    static func ms(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The SQL the search issues — the word index's look-up of typed words, its page statement and, when needed,
    /// its capped count — executed and fetched, without decoding or anything after.
    static func rawSearch(_ search: BeneficiaryRegistry.Query, staff: StaffContext, on db: any Database) async throws {
        let sql = try await BeneficiaryRegistry.statements(search, staff: staff, today: Date(), pageSize: Paging.defaultSize, on: db)
        let rows = try await db.sql.raw(sql.page).all()
        if sql.needsCount(rowsOnPage: rows.count) { _ = try await db.sql.raw(sql.count).all() }
    }
}
