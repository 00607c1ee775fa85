import Fluent
import FluentSQL
import SQLKit

/// SQLite's word index of names (issue 21): an FTS5 table of whole name words (`beneficiary_names_words`, rowid =
/// file sequence) and every name word ever indexed (`beneficiary_names_vocabulary`, and the same words in an FTS5
/// trigram table, `beneficiary_names_vocabulary_trigrams`, so a large vocabulary is not read whole per typed word).
/// A typed word still matches anywhere inside a name word, as with the trigram table of names: it is first expanded
/// to the indexed words that contain it, and those are looked up whole. A whole-word doclist is far shorter than
/// the overlapping trigram doclists of the same word, so common and several-word names stop sooner, and their
/// capped count is cheaper.
enum NameWordIndex {
    /// A typed word found inside more indexed words than this (one or two letters, say) is left to LIKE, so that
    /// the MATCH stays short.
    static let widest = 64

    /// The words of a normalized name, each once (names are split on the single spaces `ArabicSearch` leaves).
    static func words(of normalizedName: String) -> [String] {
        Array(Set(normalizedName.split(separator: " ").map(String.init))).sorted()
    }

    /// Keeps the file's words in the index; the vocabulary only grows (a word no file uses any more finds nothing).
    static func index(sequence: Int64, name: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM beneficiary_names_words WHERE rowid = \(bind: sequence)").run()
        try await sql.raw("INSERT INTO beneficiary_names_words (rowid, name) VALUES (\(bind: sequence), \(bind: name))").run()
        try await remember(words(of: name), on: sql)
    }

    private struct WordRow: Decodable { let word: String }

    /// Adds the words the vocabulary lacks, to it and to its trigram table.
    static func remember(_ words: [String], on sql: any SQLDatabase) async throws {
        // 500 binds per statement stays far below SQLite's limit.
        for start in stride(from: 0, to: words.count, by: 500) {
            let chunk = words[start..<min(start + 500, words.count)].map { SQLGroupExpression([SQLBind($0)]) as any SQLExpression }
            let fresh = try await sql.raw("""
                INSERT INTO beneficiary_names_vocabulary (word) VALUES \(SQLList(chunk)) ON CONFLICT DO NOTHING RETURNING word
                """).all(decoding: WordRow.self).map { SQLGroupExpression([SQLBind($0.word)]) as any SQLExpression }
            if fresh.isEmpty { continue }
            try await sql.raw("INSERT INTO beneficiary_names_vocabulary_trigrams (word) VALUES \(SQLList(fresh))").run()
        }
    }

    /// For each typed word that the index can serve, the indexed words containing it (empty: no file has it).
    /// A word found in more than `widest` indexed words, or in one FTS5 would not see as a token, is left out.
    static func expansions(of typed: [String], on sql: any SQLDatabase) async throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        for word in Set(typed) {
            // Trigrams need three letters; a shorter word reads the vocabulary, and usually stops early.
            let table = word.unicodeScalars.count >= 3 ? "beneficiary_names_vocabulary_trigrams" : "beneficiary_names_vocabulary"
            let words = try await sql.raw("""
                SELECT word FROM \(ident: table) WHERE word LIKE \(bind: BeneficiaryRegistry.likePattern(word))
                LIMIT \(unsafeRaw: String(widest + 1))
                """).all(decoding: WordRow.self).map(\.word)
            if words.count <= widest, words.allSatisfy(hasToken) { found[word] = words }
        }
        return found
    }

    /// FTS5's MATCH for the expanded words: every typed word by one of its indexed words. Each indexed word is a
    /// quoted phrase, so one FTS5 splits further (at a hyphen, say) still matches where that word is.
    static func matchExpression(_ expansions: [String: [String]]) -> String {
        expansions.keys.sorted().map { typed in
            "(" + expansions[typed]!.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// Whether the index alone answers `typed` exactly: every typed word was expanded, and every indexed word in the
    /// expansions is one unicode61 token equal to itself (Arabic letters, Latin lower case, digits). Then no LIKE
    /// needs to confirm a row, and a count needs no other table.
    static func isExact(_ typed: [String], _ expansions: [String: [String]]) -> Bool {
        typed.allSatisfy { expansions[$0] != nil } && expansions.values.allSatisfy { $0.allSatisfy(isOneToken) }
    }

    static func isOneToken(_ word: String) -> Bool {
        !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                || ((0x0600...0x06FF).contains(scalar.value) && scalar.properties.generalCategory == .otherLetter)
        }
    }

    /// Whether the unicode61 tokenizer keeps something of `word` (its token characters are letters, numbers and
    /// private-use characters); a phrase of nothing would match nothing.
    static func hasToken(_ word: String) -> Bool {
        word.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber, .privateUse: true
            default: false
            }
        }
    }
}
