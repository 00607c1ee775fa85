import Fluent
import Foundation
import LamasatCore

/// A message the association sends, in Arabic and English, with variables ({name}, {tracking}, {expected},
/// {amount}, {letter}, {reason}, {missing}, {note}, {link}); edited at /admin/templates and previewed there.
final class MessageTemplate: Model, @unchecked Sendable {
    static let schema = "message_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "body_ar") var arabic: String
    @Field(key: "body_en") var english: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(code: String, arabic: String, english: String, at: Date) {
        self.code = code
        self.arabic = arabic
        self.english = english
        self.updatedAt = at
    }

    static let variables = ["name", "tracking", "expected", "amount", "letter", "reason", "missing", "note", "link"]

    static let sample: [String: String] = [
        "name": "نورة", "tracking": "R-2026-000123", "expected": "9 ديسمبر 2026م — 29 جمادى الآخرة 1448هـ", "amount": "1,500.00 ر.س",
        "letter": "L-2026-000045", "reason": "الدخل يغطي الحاجة المطلوبة", "missing": "عقد الإيجار (ناقص)", "note": "نرجو إحضار الأصل",
        "link": "https://lamasat.example/s/7KQ2M9XW4RTB1HZD",
    ]

    /// The language she reads her messages in: Arabic unless she chose English. Dates, amounts and names put into a
    /// message are written in it too.
    static func language(for beneficiaryID: UUID?, on db: any Database) async throws -> Language {
        try await beneficiaryID.asyncMap { try await MessagePreference.of($0, on: db)?.language == "en" } == true ? .en : .ar
    }

    /// The text of `code` for a beneficiary, in the language she reads.
    static func text(_ code: String, for beneficiaryID: UUID?, values: [String: String], on db: any Database) async throws -> String {
        let template = try await MessageTemplate.query(on: db).filter(\.$code == code).first()
        let english = try await language(for: beneficiaryID, on: db) == .en
        let body = english && !(template?.english ?? "").isEmpty ? template!.english : (template?.arabic ?? "")
        // An empty value (no amount) leaves no gap before the full stop.
        return ReplyTemplate.fill(body, values).replacingOccurrences(of: "  ", with: " ").replacingOccurrences(of: " .", with: ".")
    }
}
