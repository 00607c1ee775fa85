import Fluent
import Foundation
import LamasatCore
import SQLKit

/// The one code path of an import, for the page's dry run, its job and `lamasat import`: rows stream in batches,
/// each through `ImportRowReader` (the forms' validators), the file's own duplicates and the database's records.
/// A dry run only counts and reports; a write adds what is new, batch by batch, and stops between batches when
/// cancelled. A record already there (same national ID, or the member's natural key) is left alone, so importing
/// the same list again changes nothing.
struct ImportEngine {
    let run: ImportRun
    let db: any Database
    let today: Date
    /// The importer's branch when her scope stops at it: a branch column may name no other.
    let ownBranchOnly: UUID?
    var batchSize = 500
    /// The report keeps this many problems; the counts stay exact.
    static let problemLimit = 5_000

    struct Summary: Equatable {
        var total = 0, good = 0, bad = 0, existing = 0, written = 0
        var cancelled = false
    }

    /// What the page and the CLI need before a dry run: the headers, and the remembered mapping or a guess.
    static func prepare(_ run: ImportRun, on db: any Database) async throws {
        let headers = try RowFeed.headers(url: run.url, sheet: run.sheet)
        run.headers = headers
        let signature = HeaderMatcher.signature(headers, kind: run.kind)
        run.mapping = try await ImportMapping.remembered(signature, on: db) ?? HeaderMatcher.guess(headers, kind: run.kind)
    }

    func dryRun() async throws -> Summary {
        try await pass(writing: false, actor: nil) { _ in false }
    }

    /// Writes the good rows. `progress` is told after each batch and returns true to stop (a cancel).
    func write(actor: UUID, progress: @escaping (Summary) async throws -> Bool) async throws -> Summary {
        try await pass(writing: true, actor: actor, progress: progress)
    }

    private func pass(writing: Bool, actor: UUID?, progress: @escaping (Summary) async throws -> Bool) async throws -> Summary {
        let reader = ImportRowReader(kind: run.kind, mapping: run.mapping, headers: run.headers, today: today)
        let places = try await Places.load(fallbackBranch: run.branchID, on: db)
        var summary = Summary()
        var problems: [ImportProblem] = []
        var seen = Set<String>()
        var headerSkipped = false
        let feed = RowFeed(url: run.url, sheet: run.sheet, batchSize: batchSize)
        defer { feed.stop() }
        for try await rows in feed.batches {
            var records: [(Int, ImportedRecord)] = []
            for row in rows {
                if !headerSkipped { headerSkipped = true; continue }
                summary.total += 1
                var (record, found) = reader.read(row: row.number, cells: row.cells)
                if case .file(let file)? = record {
                    found += places.problems(of: file, row: row.number, reader: reader, ownBranchOnly: ownBranchOnly)
                    record = found.isEmpty ? .file(file) : nil
                }
                if let key = record?.key, !seen.insert(key).inserted {
                    found.append(ImportProblem(row: row.number, column: Self.keyColumn(reader), value: key, key: "import.problem.duplicateInFile"))
                    record = nil
                }
                if let record, found.isEmpty { records.append((row.number, record)) } else { summary.bad += 1 }
                if problems.count < Self.problemLimit { problems.append(contentsOf: found.prefix(Self.problemLimit - problems.count)) }
            }
            let (fresh, existing, refused) = try await sorted(records)
            summary.existing += existing
            summary.bad += refused.count
            if problems.count < Self.problemLimit { problems.append(contentsOf: refused.prefix(Self.problemLimit - problems.count)) }
            summary.good += fresh.count
            if writing, let actor {
                try await db.transaction { db in try await Self.insert(fresh, actor: actor, places: places, now: today, on: db) }
                summary.written += fresh.count
            }
            feed.consumed()
            if try await progress(summary) { summary.cancelled = true; break }
        }
        if !writing || !summary.cancelled { run.problems = problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) } }
        return summary
    }

    static func keyColumn(_ reader: ImportRowReader) -> String {
        let field: ImportField = reader.kind == .files ? .nationalID : .fullName
        return reader.mapping[field].flatMap { reader.headers.indices.contains($0) ? reader.headers[$0] : nil } ?? field.rawValue
    }

    /// Splits a batch's valid records into new ones, ones already in the database, and members whose mother has no
    /// file the importer may reach.
    private func sorted(_ records: [(Int, ImportedRecord)]) async throws -> (fresh: [Resolved], existing: Int, refused: [ImportProblem]) {
        guard !records.isEmpty else { return ([], 0, []) }
        var fresh: [Resolved] = [], existing = 0, refused: [ImportProblem] = []
        switch run.kind {
        case .files:
            let ids = records.compactMap { if case .file(let f) = $0.1 { f.nationalID.value } else { nil } }
            let present = Set(try await Beneficiary.query(on: db).filter(\.$nationalID ~~ ids).all(\.$nationalID))
            for (_, record) in records {
                guard case .file(let file) = record else { continue }
                if present.contains(file.nationalID.value) { existing += 1 } else { fresh.append(.file(file)) }
            }
        case .family:
            let mothers = records.compactMap { if case .member(let m) = $0.1 { m.motherNationalID.value } else { nil } }
            var query = Beneficiary.query(on: db).filter(\.$nationalID ~~ mothers)
            if let own = ownBranchOnly { query = query.filter(\.$branch.$id == own) }
            let files = try await query.all()
            let byID = Dictionary(files.map { ($0.nationalID, $0) }, uniquingKeysWith: { first, _ in first })
            let fileIDs = try files.map { try $0.requireID() }
            let members = fileIDs.isEmpty ? [] : try await FamilyMember.query(on: db).filter(\.$beneficiary.$id ~~ fileIDs).all()
            let nationalIDs = Dictionary(files.map { ($0.id!, $0.nationalID) }, uniquingKeysWith: { first, _ in first })
            let present = Set(members.map { member in
                ImportedRecord.member(ImportedMember(
                    motherNationalID: (try? NationalID(nationalIDs[member.$beneficiary.id] ?? "")) ?? NationalID.make(kind: .citizen, body: 0),
                    fullName: member.fullName, relation: member.relation, nationalID: member.nationalID,
                    birthDate: CalendarDay(stored: member.birthDate) ?? CalendarDay(gregorianYear: 1900, month: 1, day: 1), sex: member.sex)).key
            })
            for (row, record) in records {
                guard case .member(let member) = record else { continue }
                guard let mother = byID[member.motherNationalID.value] else {
                    refused.append(ImportProblem(row: row, column: Self.column(.motherNationalID, run), value: member.motherNationalID.value,
                                                 key: "import.problem.motherNotFound"))
                    continue
                }
                if present.contains(record.key) { existing += 1 } else { fresh.append(.member(member, mother: try mother.requireID())) }
            }
        }
        return (fresh, existing, refused)
    }

    static func column(_ field: ImportField, _ run: ImportRun) -> String {
        let headers = run.headers
        return run.mapping[field].flatMap { headers.indices.contains($0) ? headers[$0] : nil } ?? field.rawValue
    }

    enum Resolved: Sendable {
        case file(ImportedFile)
        case member(ImportedMember, mother: UUID)
    }

    /// Writes a batch's new records in a few multi-row statements: one statement per row made a 100,000-row list
    /// take minutes.
    private static func insert(_ records: [Resolved], actor: UUID, places: Places, now: Date, on db: any Database) async throws {
        let newFiles = records.compactMap { if case .file(let file) = $0 { file } else { nil } }
        let sequences = try await BeneficiaryRegistry.nextFileSequences(newFiles.count, on: db)
        let files = zip(newFiles, sequences).map { file(of: $0, sequence: $1, actor: actor, places: places, now: now) }
        for start in stride(from: 0, to: files.count, by: 100) { try await files[start..<min(start + 100, files.count)].create(on: db) }
        try await BeneficiaryRegistry.indexNewNames(files, on: db)
        let members = records.compactMap { if case .member(let member, let mother) = $0 { self.member(of: member, mother: mother, now: now) } else { nil } }
        for start in stride(from: 0, to: members.count, by: 200) { try await members[start..<min(start + 200, members.count)].create(on: db) }
    }

    private static func file(of valid: ImportedFile, sequence: Int64, actor: UUID, places: Places, now: Date) -> Beneficiary {
        let file = Beneficiary()
        file.id = UUID()
        file.nationalID = valid.nationalID.value
        file.nameFirst = valid.name.first
        file.nameFather = valid.name.father
        file.nameGrandfather = valid.name.grandfather
        file.nameFamily = valid.name.family
        file.nameLatin = ""
        file.nameNormalized = ArabicSearch.normalize(valid.name.full)
        file.birthDate = valid.birthDate.description
        file.birthCalendar = valid.birthCalendar
        file.$category.id = places.category(valid.category) ?? places.defaultCategory
        file.nationality = valid.nationality
        file.mobile = valid.mobile.e164
        file.alternatePhone = ""
        file.email = ""
        file.addressBuilding = valid.address.buildingNumber
        file.addressStreet = valid.address.street
        file.addressDistrict = valid.address.district
        file.addressCity = valid.address.city
        file.addressPostalCode = valid.address.postalCode
        file.addressAdditional = ""
        file.addressShort = ""
        file.$branch.id = places.branch(valid.branch) ?? places.defaultBranch
        file.education = .none
        file.employment = .other
        file.monthlyIncome = 0
        file.incomeSources = ""
        file.housing = .other
        file.monthlyRent = 0
        file.healthNotes = ""
        file.hasDisability = false
        file.iban = valid.iban
        // Consent is asked for again when she is next seen: a list says nothing about it.
        file.consentGiven = false
        file.consentMethod = .signedPaper
        file.consentNoticeVersion = ""
        file.status = .applicant
        file.statusReason = ""
        file.version = 1
        file.createdAt = now
        file.updatedAt = now
        file.createdBy = actor
        file.updatedBy = actor
        file.fileSequence = sequence
        return file
    }

    private static func member(of valid: ImportedMember, mother: UUID, now: Date) -> FamilyMember {
        let member = FamilyMember()
        member.id = UUID()
        member.$beneficiary.id = mother
        member.relation = valid.relation
        member.fullName = valid.fullName
        member.nationalID = valid.nationalID
        member.birthDate = valid.birthDate.description
        member.sex = valid.sex
        member.schooling = .none
        member.healthNotes = ""
        member.monthlyIncome = 0
        member.isDependant = [.son, .daughter].contains(valid.relation)
        member.createdAt = now
        member.updatedAt = now
        return member
    }
}

/// Categories and branches a list's text names: by code or Arabic or English name, whatever the spelling.
struct Places: Sendable {
    var categories: [String: UUID] = [:]
    var branches: [String: UUID] = [:]
    var defaultCategory: UUID
    /// The import's own branch, for rows that name none.
    var defaultBranch: UUID

    static func load(fallbackBranch: UUID, on db: any Database) async throws -> Places {
        let categories = try await BeneficiaryCategory.query(on: db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        guard let first = categories.first?.id else { throw ImportFailure.noCategory }
        var places = Places(defaultCategory: first, defaultBranch: fallbackBranch)
        for category in categories {
            for name in [category.code, category.nameArabic, category.nameEnglish] { places.categories[HeaderMatcher.normalized(name)] = category.id }
        }
        for branch in try await Branch.query(on: db).filter(\.$isActive == true).all() {
            for name in [branch.code, branch.nameArabic, branch.nameEnglish] { places.branches[HeaderMatcher.normalized(name)] = branch.id }
        }
        return places
    }

    func category(_ text: String) -> UUID? { text.isEmpty ? nil : categories[HeaderMatcher.normalized(text)] }
    func branch(_ text: String) -> UUID? { text.isEmpty ? nil : branches[HeaderMatcher.normalized(text)] }

    /// A file's category and branch must name one of the association's, and the branch one she may reach.
    func problems(of file: ImportedFile, row: Int, reader: ImportRowReader, ownBranchOnly: UUID?) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        func column(_ field: ImportField) -> String {
            reader.mapping[field].flatMap { reader.headers.indices.contains($0) ? reader.headers[$0] : nil } ?? field.rawValue
        }
        if !file.category.isEmpty, category(file.category) == nil {
            problems.append(ImportProblem(row: row, column: column(.category), value: file.category, key: "import.problem.category"))
        }
        let named = branch(file.branch)
        if !file.branch.isEmpty, named == nil {
            problems.append(ImportProblem(row: row, column: column(.branch), value: file.branch, key: "import.problem.branch"))
        } else if let named, let own = ownBranchOnly, named != own {
            problems.append(ImportProblem(row: row, column: column(.branch), value: file.branch, key: "import.problem.branchOutOfScope"))
        }
        return problems
    }
}

enum ImportFailure: Error {
    case noCategory
}
