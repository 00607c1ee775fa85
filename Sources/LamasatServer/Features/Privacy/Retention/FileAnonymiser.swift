import Fluent
import FluentSQL
import Foundation
import LamasatCore
import SQLKit

/// Removes the person from a file and from every row about her, keeping what the statistics count: the file's
/// category, branch, status, city, education, work, housing, income and birth year; her requests, decisions,
/// deliveries, amounts, dates and states. Names, IDs, contacts, addresses, free texts, documents and signatures go.
/// Rows stay (the reports count them); only what names or describes her is blanked or deleted.
enum FileAnonymiser {
    /// What an anonymised file is called wherever a name is shown.
    static let name = ArabicName(first: "ملف", father: "مجهّل", grandfather: "", family: "")

    /// What names or describes her in the rows of her file, blanked (table, columns); the rows stay for the counts.
    static let fileTexts: [(String, [String])] = [
        ("contacts", ["subject", "notes"]),
        ("inquiries", ["contact_name", "contact_phone", "contact_email", "question", "answer", "referral_reason"]),
        ("complaints", ["contact_name", "contact_phone", "contact_email", "description", "response", "acknowledgement"]),
        ("documents", ["display_name", "sha256", "verification_reason"]),
        ("appointments", ["purpose", "outcome"]),
        ("rights_requests", ["details", "extension_reason", "decision_reasons", "answer_note"]),
        ("consent_records", ["note"]), ("message_preferences", ["note"]), ("contact_changes", ["value", "reason"]),
        ("social_messages", ["handle", "text", "link"]), ("call_entries", ["reason"]), ("past_aid", ["description"]),
        ("survey_followups", ["note"]),
    ]

    /// The same in the rows of her requests.
    static let requestTexts: [(String, [String])] = [
        ("request_declarations", ["signer_name"]), ("request_transitions", ["note"]), ("research_assignments", ["reason"]),
        ("research_visits", ["address", "outcome"]), ("research_reports", ["housing", "income_check", "needs"]),
        ("committee_votes", ["note"]), ("request_decisions", ["note"]), ("request_appeals", ["reasons", "decision_note"]),
        ("service_deliveries", ["description"]), ("fund_commitments", ["note"]), ("payments", ["payee_name", "iban"]),
        ("volunteer_opportunities", ["description", "place", "district"]),
    ]

    private static func blank(_ columns: [String]) -> SQLQueryString {
        columns.map { "\(ident: $0) = ''" as SQLQueryString }.joined(separator: ", ")
    }

    /// In the caller's transaction. Returns how many rows of each table were touched.
    @discardableResult
    static func anonymise(_ file: Beneficiary, now: Date, on db: any Database) async throws -> [String: Int] {
        let id = try file.requireID()
        let sql = db.sql
        var touched: [String: Int] = [:]
        func run(_ table: String, _ query: SQLQueryString) async throws {
            let rows = try await sql.raw(query + " RETURNING 1 AS one").all()
            if !rows.isEmpty { touched[table, default: 0] += rows.count }
        }
        let requests = try await ids("support_requests", of: id, on: sql)
        let cases = try await ids("inquiries", of: id, on: sql) + ids("complaints", of: id, on: sql)
        let contacts = try await ids("contacts", of: id, on: sql)
        let documents = try await ids("documents", of: id, on: sql)
        let addresses = [file.mobile, file.alternatePhone, file.email].filter { !$0.isEmpty }

        // Her messages: those tagged with her file, and any other sent to one of her addresses.
        let toAddresses: SQLQueryString = addresses.isEmpty ? "" : " OR recipient IN (\(binds: addresses))"
        try await run("outbox_messages", "UPDATE outbox_messages SET recipient = '', body = '' WHERE beneficiary_id = \(bind: id)" + toAddresses)
        try await run("case_messages", "UPDATE case_messages SET body = '' WHERE beneficiary_id = \(bind: id)\(orIn("case_id", cases))")
        for (table, columns) in fileTexts {
            try await run(table, "UPDATE \(ident: table) SET \(blank(columns)) WHERE beneficiary_id = \(bind: id)")
        }
        if !cases.isEmpty {
            try await run("complaint_events", "UPDATE complaint_events SET note = '' WHERE complaint_id IN (\(binds: cases))")
        }
        // Scanned letters and case attachments are hers whole.
        let owners = cases + contacts
        if !owners.isEmpty { try await run("stored_files", "DELETE FROM stored_files WHERE owner_id IN (\(binds: owners))") }
        if !documents.isEmpty {
            try await run("document_contents", "DELETE FROM document_contents WHERE document_id IN (\(binds: documents))")
        }
        try await run("family_members", """
            UPDATE family_members SET full_name = '', national_id = '', health_notes = '', birth_date = \(birthYear("birth_date"))
            WHERE beneficiary_id = \(bind: id)
            """)
        if !requests.isEmpty { try await anonymiseRequests(requests, run: run) }
        try await run("survey_answers", """
            UPDATE survey_answers SET text = '' WHERE response_id IN (SELECT r.id FROM survey_responses r JOIN survey_invitations i
                ON i.id = r.invitation_id WHERE i.beneficiary_id = \(bind: id))
            """)
        try await run("online_registrations", """
            UPDATE online_registrations SET national_id = '', mobile = '', answers = '', typed_name = '', review_note = ''
            WHERE beneficiary_id = \(bind: id) OR existing_beneficiary_id = \(bind: id)
            """)
        // Signed out for good: nothing of hers opens a portal again.
        try await run("portal_sessions", "DELETE FROM portal_sessions WHERE beneficiary_id = \(bind: id)")
        try await run("portal_challenges", "DELETE FROM portal_challenges WHERE beneficiary_id = \(bind: id)")

        try await anonymiseFile(file, now: now, on: db)
        touched["beneficiaries"] = 1
        return touched
    }

    private static func anonymiseRequests(_ requests: [UUID], run: (String, SQLQueryString) async throws -> Void) async throws {
        let inRequests: SQLQueryString = "request_id IN (\(binds: requests))"
        try await run("support_requests", "UPDATE support_requests SET description = '' WHERE id IN (\(binds: requests))")
        // Signature images and delivery proofs: the row stays (the declaration points to it), its picture goes.
        try await run("request_attachments", "UPDATE request_attachments SET data = \(bind: Data()), size = 0, sha256 = '' WHERE " + inRequests)
        for (table, columns) in requestTexts {
            try await run(table, "UPDATE \(ident: table) SET \(blank(columns)) WHERE " + inRequests)
        }
    }

    /// The file row itself, and its name in SQLite's name indexes.
    private static func anonymiseFile(_ file: Beneficiary, now: Date, on db: any Database) async throws {
        let id = try file.requireID()
        let name = Self.name
        try await db.sql.raw("""
            UPDATE beneficiaries SET national_id = \(bind: "anonymised-\(file.fileSequence)"), name_first = \(bind: name.first),
                name_father = \(bind: name.father), name_grandfather = '', name_family = '', name_latin = '',
                name_normalized = \(bind: ArabicSearch.normalize(name.full)), birth_date = \(birthYear("birth_date")), mobile = '',
                alternate_phone = '', email = '', address_building = '', address_street = '', address_district = '',
                address_postal_code = '', address_additional = '', address_short = '', income_sources = '', health_notes = '',
                iban = '', status_reason = '', version = version + 1, updated_at = \(bind: now), anonymised_at = \(bind: now)
            WHERE id = \(bind: id)
            """).run()
        guard let fresh = try await Beneficiary.find(id, on: db) else { return }
        try await BeneficiaryRegistry.indexName(fresh, on: db)
    }

    /// A birth date kept to its year (the age bands of the reports), or left empty.
    private static func birthYear(_ column: String) -> SQLQueryString {
        "CASE WHEN length(\(ident: column)) >= 4 THEN substr(\(ident: column), 1, 4) || '-01-01' ELSE \(ident: column) END"
    }

    private static func orIn(_ column: String, _ ids: [UUID]) -> SQLQueryString {
        ids.isEmpty ? "" : " OR \(ident: column) IN (\(binds: ids))"
    }

    /// The rows of `table` that belong to her file.
    private static func ids(_ table: String, of id: UUID, on sql: any SQLDatabase) async throws -> [UUID] {
        struct Row: Decodable { let id: UUID }
        return try await sql.raw("SELECT id FROM \(ident: table) WHERE beneficiary_id = \(bind: id)").all(decoding: Row.self).map(\.id)
    }

    /// After a batch: name words no file uses any more leave SQLite's vocabulary, and the full-text tables are
    /// rewritten so that deleted entries leave their pages too. PostgreSQL indexes the column itself.
    static func compactNameIndexes(on db: any Database) async throws {
        guard !db.isPostgres else { return }
        struct Name: Decodable { let name_normalized: String }
        struct Word: Decodable { let word: String }
        let used = Set(try await db.sql.raw("SELECT name_normalized FROM beneficiaries").all(decoding: Name.self)
            .flatMap { NameWordIndex.words(of: $0.name_normalized) })
        let stale = try await db.sql.raw("SELECT word FROM beneficiary_names_vocabulary").all(decoding: Word.self).map(\.word).filter { !used.contains($0) }
        for start in stride(from: 0, to: stale.count, by: 500) {
            let chunk = Array(stale[start..<min(start + 500, stale.count)])
            try await db.sql.raw("DELETE FROM beneficiary_names_vocabulary WHERE word IN (\(binds: chunk))").run()
            try await db.sql.raw("DELETE FROM beneficiary_names_vocabulary_trigrams WHERE word IN (\(binds: chunk))").run()
        }
        for table in ["beneficiary_names", "beneficiary_names_words", "beneficiary_names_vocabulary_trigrams"] {
            try await db.sql.raw("INSERT INTO \(ident: table) (\(ident: table)) VALUES ('optimize')").run()
        }
    }
}
