import Fluent
import LamasatCore
import Vapor

/// Finds FAQ entries for a text with the Arabic normalization: every word of three letters or more that an entry
/// contains counts; the best entries come first. The FAQ is small, so it is scored in memory.
enum FAQSearch {
    static func words(_ text: String) -> [String] {
        ArabicSearch.normalize(text.lowercased()).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count >= 3 }
    }

    static func matches(_ text: String, publishedOnly: Bool = false, category: String? = nil, limit: Int = 5, on db: any Database) async throws -> [FAQEntry] {
        let query = FAQEntry.query(on: db)
        if publishedOnly { query.filter(\.$isPublished == true) }
        if let category { query.filter(\.$category == category) }
        let entries = try await query.sort(\.$updatedAt, .descending).all()
        let wanted = words(text)
        guard !wanted.isEmpty else { return Array(entries.prefix(limit)) }
        let scored = entries.map { entry in (entry, wanted.filter { entry.normalized.contains($0) }.count) }.filter { $0.1 > 0 }
        return scored.sorted { $0.1 > $1.1 }.prefix(limit).map(\.0)
    }
}

extension FormField {
    /// The search box of the FAQ, on the staff list and on the public help page.
    static func faqSearch(_ req: Request, text: String) -> FormField {
        FormField(name: "q", label: req.t("faq.search"), kind: "search", value: text, maxlength: 120, wide: true)
    }
}
