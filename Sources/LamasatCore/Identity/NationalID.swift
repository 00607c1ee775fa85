/// A Saudi national ID (starts with 1) or iqama (starts with 2): ten digits, the last a Luhn check digit.
public struct NationalID: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable { case citizen, resident }

    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty, invalidCharacters, wrongLength, wrongPrefix, checkDigit
        public var localizationKey: String { "validation.nationalID.\(rawValue)" }
    }

    public let value: String
    public var description: String { value }
    public var kind: Kind { value.hasPrefix("1") ? .citizen : .resident }

    /// Shows only the last four digits, for lists and messages.
    public var masked: String { "••••••" + value.suffix(4) }

    /// Accepts Arabic-Indic digits, spaces and dashes.
    public init(_ raw: String) throws(Problem) {
        let cleaned = ArabicDigits.westernized(raw).filter { $0 != " " && $0 != "-" && !$0.isWhitespace }
        guard !cleaned.isEmpty else { throw .empty }
        guard cleaned.allSatisfy({ ("0"..."9").contains($0) }) else { throw .invalidCharacters }
        guard cleaned.count == 10 else { throw .wrongLength }
        guard cleaned.hasPrefix("1") || cleaned.hasPrefix("2") else { throw .wrongPrefix }
        guard Self.luhnValid(cleaned) else { throw .checkDigit }
        value = cleaned
    }

    static func luhnValid(_ digits: String) -> Bool {
        luhnSum(digits.dropLast()) % 10 == (10 - Int(String(digits.last!))!) % 10
    }

    /// The Luhn sum of the digits before the check digit (doubling from the right, the first of them doubled).
    static func luhnSum(_ payload: Substring) -> Int {
        var sum = 0
        for (offset, character) in payload.reversed().enumerated() {
            var digit = Int(String(character))!
            if offset % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum
    }

    /// The check digit that completes nine digits (used by the demo generator and tests).
    public static func checkDigit(for payload: String) -> Int {
        (10 - luhnSum(Substring(payload)) % 10) % 10
    }

    /// A valid ID built from a kind and eight free digits — for invented demo people, never real ones.
    public static func make(kind: Kind, body: Int) -> NationalID {
        let digits8 = String(abs(body) % 100_000_000)
        let payload = (kind == .citizen ? "1" : "2") + String(repeating: "0", count: 8 - digits8.count) + digits8
        let digits = payload + String(checkDigit(for: payload))
        return try! NationalID(digits)
    }
}
