import Fluent
import SQLKit

/// Issue 21: SQLite's word index of names (`NameWordIndex`), filled from every existing file in batches of
/// file sequences. PostgreSQL keeps its pg_trgm index on name_normalized and gets nothing here.
struct M0025AddNameWordIndex: AsyncMigration {
    /// Files per batch: one pass of the table by its unique file_sequence index, without holding a million names.
    static let batch: Int64 = 50_000

    func prepare(on database: any Database) async throws {
        guard !database.isPostgres else { return }
        let sql = database.sql
        // Contentless: the names live in beneficiaries; contentless_delete lets an edit replace a file's words.
        try await sql.raw("""
            CREATE VIRTUAL TABLE beneficiary_names_words USING fts5(name, content='', contentless_delete=1,
                tokenize='unicode61 remove_diacritics 0')
            """).run()
        try await sql.raw("CREATE TABLE beneficiary_names_vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID").run()
        try await sql.raw("CREATE VIRTUAL TABLE beneficiary_names_vocabulary_trigrams USING fts5(word, tokenize='trigram')").run()
        struct Bound: Decodable { let top: Int64? }
        struct Name: Decodable { let name_normalized: String }
        let top = try await sql.raw("SELECT max(file_sequence) AS top FROM beneficiaries").first(decoding: Bound.self)?.top ?? 0
        var seen = Set<String>()
        for low in stride(from: Int64(0), to: top, by: Int(Self.batch)) {
            let high = low + Self.batch
            try await sql.raw("""
                INSERT INTO beneficiary_names_words (rowid, name) SELECT file_sequence, name_normalized FROM beneficiaries
                WHERE file_sequence > \(bind: low) AND file_sequence <= \(bind: high)
                """).run()
            let names = try await sql.raw("""
                SELECT name_normalized FROM beneficiaries WHERE file_sequence > \(bind: low) AND file_sequence <= \(bind: high)
                """).all(decoding: Name.self)
            let fresh = Set(names.flatMap { NameWordIndex.words(of: $0.name_normalized) }).subtracting(seen)
            try await NameWordIndex.remember(Array(fresh), on: sql)
            seen.formUnion(fresh)
        }
    }

    func revert(on database: any Database) async throws {
        guard !database.isPostgres else { return }
        try await database.sql.raw("DROP TABLE beneficiary_names_vocabulary_trigrams").run()
        try await database.sql.raw("DROP TABLE beneficiary_names_vocabulary").run()
        try await database.sql.raw("DROP TABLE beneficiary_names_words").run()
    }
}
