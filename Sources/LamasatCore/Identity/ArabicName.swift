/// A four-part Arabic name: first, father, grandfather, family (الاسم الرباعي). Each part in Arabic letters;
/// compound parts such as "عبد الله" keep their inner space.
public struct ArabicName: Equatable, Sendable, Codable, CustomStringConvertible {
    public enum Part: String, CaseIterable, Sendable { case first, father, grandfather, family }

    public var first: String
    public var father: String
    public var grandfather: String
    public var family: String

    public init(first: String, father: String, grandfather: String, family: String) {
        self.first = Self.clean(first)
        self.father = Self.clean(father)
        self.grandfather = Self.clean(grandfather)
        self.family = Self.clean(family)
    }

    public var full: String { [first, father, grandfather, family].filter { !$0.isEmpty }.joined(separator: " ") }
    public var description: String { full }
    /// First and family name, for lists and greetings.
    public var short: String { [first, family].filter { !$0.isEmpty }.joined(separator: " ") }

    public func value(of part: Part) -> String {
        switch part {
        case .first: first
        case .father: father
        case .grandfather: grandfather
        case .family: family
        }
    }

    /// Problems per part, as localization keys.
    public func problems() -> [Part: String] {
        var found: [Part: String] = [:]
        for part in Part.allCases {
            let value = value(of: part)
            if value.isEmpty {
                found[part] = "validation.required"
            } else if value.count > 40 {
                found[part] = "validation.tooLong"
            } else if !value.unicodeScalars.allSatisfy(Self.isAllowed) {
                found[part] = "validation.name.arabicLetters"
            }
        }
        return found
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0621...0x063A, 0x0641...0x064A: true  // Arabic letters
        case 0x064B...0x0652, 0x0640, 0x0670, 0x0671: true  // harakat, tatweel, superscript alef, alef wasla
        case 0x20: true
        default: false
        }
    }

    static func clean(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
