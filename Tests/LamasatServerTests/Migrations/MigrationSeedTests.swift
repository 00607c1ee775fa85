import Foundation
import SQLKit
import Testing
@testable import LamasatServer

/// Landed migrations are frozen, and so is what they insert: a change to today's models, catalogs or defaults must
/// not change the rows an old migration writes into a new database (issue 14).
@Suite("What the migrations insert", .serialized)
struct MigrationSeedTests {
    /// The dump reads SQLite's catalog, so this test migrates its own in-memory SQLite in the PostgreSQL run too;
    /// the test below checks the key rows on whichever database the run uses.
    @Test("a fresh SQLite database holds exactly the captured seed rows")
    func seedDump() async throws {
        try await withLamasat(config: { $0.database = .sqliteMemory }) { t in
            let actual = try await SeedDump.lines(of: t.db.sql)
            let expected = SeedFixture.dump.components(separatedBy: "\n")
            if actual != expected {
                // The whole dump, to compare with the fixture line by line.
                let path = NSTemporaryDirectory() + "lamasat-seed-dump.txt"
                try actual.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                Issue.record("the seed differs from SeedFixture; this run's dump is in \(path)")
            }
            #expect(actual == expected)
        }
    }

    @Test("the seed's row counts and key rows, on SQLite or PostgreSQL")
    func keyRows() async throws {
        try await withLamasat { t in
            let sql = t.db.sql
            let counts = [
                "branches": 1, "organization_settings": 1, "audit_chain_head": 1, "counters": 15, "beneficiary_categories": 3,
                "document_types": 8, "support_types": 9, "declaration_texts": 1, "rejection_reasons": 6, "case_categories": 8,
                "library_documents": 5, "library_versions": 5, "faq_entries": 5, "canned_replies": 3, "outreach_rules": 8,
                "message_templates": 9, "survey_templates": 1, "survey_questions": 6,
            ]
            struct Count: Decodable { let n: Int }
            for (table, expected) in counts {
                let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n
                #expect(count == expected, "\(table)")
            }

            struct Organization: Decodable, Equatable { let name_en, licence_number, phone, social_media, email: String; let decision_period_days: Int }
            #expect(try await sql.raw("SELECT * FROM organization_settings WHERE id = 1").first(decoding: Organization.self) == Organization(
                name_en: "Lamasat Association for Divorced Women, Widows and their Families", licence_number: "1000586000",
                phone: "0507142560", social_media: "@LMSAT1000", email: "", decision_period_days: 14))

            struct SupportType: Decodable, Equatable {
                let name_ar, kind, required_documents: String; let maximum_amount: Int64; let frequency_months, sort_order: Int; let is_active: Bool
            }
            #expect(try await sql.raw("SELECT * FROM support_types WHERE code = 'rent'").first(decoding: SupportType.self) == SupportType(
                name_ar: "دعم الإيجار", kind: "financial", required_documents: "lease_contract,iban_certificate", maximum_amount: 1_500_000,
                frequency_months: 12, sort_order: 2, is_active: true))

            struct Rule: Decodable, Equatable { let enabled: Bool; let days: Int; let calendar, window_start, window_end: String; let sort_order: Int }
            #expect(try await sql.raw("SELECT * FROM outreach_rules WHERE code = 'ramadan'").first(decoding: Rule.self) == Rule(
                enabled: false, days: 0, calendar: "hijri", window_start: "08-15", window_end: "09-01", sort_order: 6))

            struct Question: Decodable, Equatable { let name: String; let kind, aspect, text_en: String; let is_required: Bool }
            #expect(try await sql.raw("""
                SELECT t.name, q.kind, q.aspect, q.text_en, q.is_required FROM survey_questions q
                JOIN survey_templates t ON t.id = q.template_id WHERE q.position = 6
                """).first(decoding: Question.self) == Question(
                name: "الاستبانة الأساسية", kind: "text", aspect: "comment",
                text_en: "Is there anything you would like to tell us or suggest?", is_required: false))

            // The policy as it shipped when the seed was written out: the SHA-256 of the two Markdown files then.
            struct Policy: Decodable { let body_ar, body_en, approved_on: String }
            let policy = try #require(try await sql.raw("""
                SELECT v.body_ar, v.body_en, v.approved_on FROM library_versions v
                JOIN library_documents d ON d.id = v.document_id WHERE d.code = 'relations_policy' AND v.version = 1
                """).first(decoding: Policy.self))
            #expect(sha256Hex(Data(policy.body_ar.utf8)) == "b0538afe4b4970d3f5c67d5bfd0d9e9265ab6d0549650d787c4507db5ee58304")
            #expect(sha256Hex(Data(policy.body_en.utf8)) == "f9e9adb05febad7f8c057da772d890e1a0cc36a878478bb8921c96849b51405b")
            #expect(policy.approved_on == "2025-09-07")
        }
    }
}
