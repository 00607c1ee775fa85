import LamasatCore
import Vapor

/// Every user-facing string, from Resources/Localization/{ar,en}.json. Nested objects become dotted keys.
struct Localizer: Sendable {
    private let tables: [Language: [String: String]]

    init(tables: [Language: [String: String]]) {
        self.tables = tables
    }

    static func load(from directory: String) throws -> Localizer {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = directory + "Localization/\(language.rawValue).json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Abort(.internalServerError, reason: "missing localization file \(path)")
            }
            let json = try JSONSerialization.jsonObject(with: data)
            tables[language] = flatten(json)
        }
        return Localizer(tables: tables)
    }

    static func flatten(_ json: Any, prefix: String = "") -> [String: String] {
        guard let object = json as? [String: Any] else { return [:] }
        var flat: [String: String] = [:]
        for (key, value) in object {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let text = value as? String {
                flat[path] = text
            } else {
                flat.merge(flatten(value, prefix: path)) { current, _ in current }
            }
        }
        return flat
    }

    func keys(_ language: Language) -> Set<String> { Set(tables[language]?.keys ?? [:].keys) }

    /// A counted key exists as its six forms, `key.zero` … `key.other` (told apart from enum values such as
    /// `survey.aspect.other` by its `.few` form).
    func has(_ key: String) -> Bool { tables[.ar]?[key] != nil || isCounted(key) }

    func isCounted(_ key: String) -> Bool { tables[.ar]?[key + ".few"] != nil }

    /// The text for `key`, with `{0}`, `{1}`… replaced by `arguments`. A counted key takes the form its first argument
    /// asks for in the language ("ملف واحد", "ملفان", "3 ملفات", "11 ملفًا"). A missing key shows itself, so it is seen
    /// and caught by the tests that compare templates with the files.
    func text(_ key: String, _ language: Language, _ arguments: [String] = []) -> String {
        var key = key
        if tables[.ar]?[key] == nil, isCounted(key) {
            let count = arguments.first.flatMap { ArabicDigits.parseInt($0) } ?? 0
            let form = key + "." + PluralCategory.of(count, in: language).rawValue
            key = tables[language]?[form] != nil ? form : key + ".other"
        }
        var text = tables[language]?[key] ?? tables[.ar]?[key] ?? key
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }
}

extension Request {
    private struct LanguageKey: StorageKey {
        typealias Value = Language
    }

    static let languageCookie = "lamasat_lang"

    /// The language of this request: the remembered choice, else Arabic. Read once; a page asks for it per string.
    var language: Language {
        get {
            if let known = storage[LanguageKey.self] { return known }
            let chosen = Language(tag: cookies[cookieName(Self.languageCookie)]?.string)
            storage[LanguageKey.self] = chosen
            return chosen
        }
        set { storage[LanguageKey.self] = newValue }
    }

    /// Localized text in the language of this request.
    func t(_ key: String, _ arguments: String...) -> String {
        lamasat.localizer.text(key, language, arguments)
    }
}
