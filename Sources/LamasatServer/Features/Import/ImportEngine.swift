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
                if let named = record {
                    found += places.problems(of: named, row: row.number, reader: reader, ownBranchOnly: ownBranchOnly)
                    if !found.isEmpty { record = nil }
                }
                if let key = record?.key, !seen.insert(key).inserted {
                    found.append(ImportProblem(row: row.number, column: Self.keyColumn(reader), value: key, key: "import.problem.duplicateInFile"))
                    record = nil
                }
                if let record, found.isEmpty { records.append((row.number, record)) } else { summary.bad += 1 }
                if problems.count < Self.problemLimit { problems.append(contentsOf: found.prefix(Self.problemLimit - problems.count)) }
            }
            let batch = try await sorted(records, places: places, reader: reader)
            summary.existing += batch.existing
            summary.bad += batch.refused.count
            if problems.count < Self.problemLimit { problems.append(contentsOf: batch.refused.prefix(Self.problemLimit - problems.count)) }
            summary.good += batch.fresh.count
            if writing, let actor {
                try await db.writeTransaction { db in try await insert(batch.fresh, actor: actor, places: places, on: db) }
                summary.written += batch.fresh.count
            }
            feed.consumed()
            if try await progress(summary) { summary.cancelled = true; break }
        }
        if !writing || !summary.cancelled { run.problems = problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) } }
        return summary
    }

    /// The column a duplicate within the file is reported against.
    static func keyColumn(_ reader: ImportRowReader) -> String {
        let field: ImportField = switch reader.kind {
        case .files, .volunteers, .pastAid: .nationalID
        case .family: .fullName
        case .donors: reader.mapping[.identifier] != nil ? .identifier : .mobile
        case .donations: .donor
        }
        return reader.column(field)
    }

    /// Splits a batch's valid records into new ones, ones already in the database, and ones naming something
    /// (a mother, a file, a donor, a support type, a fund) the importer may not reach or that does not exist.
    private func sorted(_ records: [(Int, ImportedRecord)], places: Places, reader: ImportRowReader) async throws -> ImportSorting {
        guard !records.isEmpty else { return ImportSorting() }
        let context = ImportContext(run: run, reader: reader, db: db, ownBranchOnly: ownBranchOnly, places: places)
        return switch run.kind {
        case .files: try await FileRows.sort(records, context)
        case .family: try await MemberRows.sort(records, context)
        case .pastAid: try await AidRows.sort(records, context)
        case .donors: try await DonorRows.sort(records, context)
        case .donations: try await DonationRows.sort(records, context)
        case .volunteers: try await VolunteerRows.sort(records, context)
        }
    }

    enum Resolved: Sendable {
        case file(ImportedFile)
        case member(ImportedMember, mother: UUID)
        case aid(ImportedAid, file: UUID, type: UUID)
        case donor(ImportedDonor, branch: UUID)
        case donation(ImportedDonation, donor: UUID, branch: UUID, fund: UUID)
        case volunteer(ImportedVolunteer, branch: UUID)
    }

    /// Writes a batch's new records in a few multi-row statements: one statement per row made a 100,000-row list
    /// take minutes.
    private func insert(_ records: [Resolved], actor: UUID, places: Places, on db: any Database) async throws {
        let write = ImportWrite(actor: actor, now: today, importID: run.id, places: places, db: db)
        switch run.kind {
        case .files: try await FileRows.insert(records, write)
        case .family: try await MemberRows.insert(records, write)
        case .pastAid: try await AidRows.insert(records, write)
        case .donors: try await DonorRows.insert(records, write)
        case .donations: try await DonationRows.insert(records, write)
        case .volunteers: try await VolunteerRows.insert(records, write)
        }
    }
}

/// What a kind needs to sort a batch against the database.
struct ImportContext {
    let run: ImportRun
    /// The pass's reader: its mapping names the columns problems are reported against.
    let reader: ImportRowReader
    let db: any Database
    let ownBranchOnly: UUID?
    let places: Places

    func problem(_ row: Int, _ field: ImportField, _ value: String, _ key: String) -> ImportProblem {
        ImportProblem(row: row, column: reader.column(field), value: value, key: key)
    }
}

/// A batch sorted: what to write, how many were there already, and the rows refused.
struct ImportSorting {
    var fresh: [ImportEngine.Resolved] = []
    var existing = 0
    var refused: [ImportProblem] = []
}

/// What a kind needs to write a batch.
struct ImportWrite {
    let actor: UUID
    let now: Date
    let importID: UUID?
    let places: Places
    let db: any Database

    /// Creates models 100 rows to a statement.
    func create<M: Model>(_ models: [M]) async throws {
        for start in stride(from: 0, to: models.count, by: 100) { try await models[start..<min(start + 100, models.count)].create(on: db) }
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

    /// A file's category, and a file's, donor's or volunteer's branch, must name one of the association's, and
    /// the branch one she may reach.
    func problems(of record: ImportedRecord, row: Int, reader: ImportRowReader, ownBranchOnly: UUID?) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        let branchText: String
        switch record {
        case .file(let file):
            if !file.category.isEmpty, category(file.category) == nil {
                problems.append(ImportProblem(row: row, column: reader.column(.category), value: file.category, key: "import.problem.category"))
            }
            branchText = file.branch
        case .donor(let donor): branchText = donor.branch
        case .volunteer(let volunteer): branchText = volunteer.branch
        default: return []
        }
        let named = branch(branchText)
        if !branchText.isEmpty, named == nil {
            problems.append(ImportProblem(row: row, column: reader.column(.branch), value: branchText, key: "import.problem.branch"))
        } else if let named, let own = ownBranchOnly, named != own {
            problems.append(ImportProblem(row: row, column: reader.column(.branch), value: branchText, key: "import.problem.branchOutOfScope"))
        }
        return problems
    }
}

enum ImportFailure: Error {
    case noCategory
}
