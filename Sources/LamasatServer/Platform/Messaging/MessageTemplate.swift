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

    static let defaults: [(code: String, arabic: String, english: String)] = [
        ("request.ack",
         "جمعية لمسات: أهلًا {name}، استلمنا طلبك رقم {tracking}. تدرسه لجنة البحث وترد بالقبول أو الرفض، والموعد المتوقع للقرار {expected}.",
         "Lamasat: Dear {name}, we received your request {tracking}. The research committee studies it and answers with acceptance or rejection; the expected decision date is {expected}."),
        ("request.return",
         "جمعية لمسات: طلبك رقم {tracking} يحتاج إلى استكمال قبل دراسته. المطلوب: {missing}. ملاحظة: {note}",
         "Lamasat: your request {tracking} needs completing before it is studied. Needed: {missing}. Note: {note}"),
        ("request.approved",
         "جمعية لمسات: وافقت لجنة البحث على طلبك رقم {tracking} {amount}. سنتواصل معك لترتيب تقديم الخدمة. رقم الخطاب {letter}.",
         "Lamasat: the research committee approved your request {tracking} {amount}. We will contact you to arrange the service. Letter {letter}."),
        ("request.rejected",
         "جمعية لمسات: نعتذر، لم توافق لجنة البحث على طلبك رقم {tracking}. السبب: {reason}. يمكنك مراجعتنا للاستفسار. رقم الخطاب {letter}.",
         "Lamasat: we regret that the research committee did not approve your request {tracking}. Reason: {reason}. You may contact us. Letter {letter}."),
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
