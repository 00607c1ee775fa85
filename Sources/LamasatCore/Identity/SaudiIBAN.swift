/// A Saudi IBAN: "SA", two check digits, two bank digits and eighteen account characters (24 in all), checked
/// with ISO 13616 mod-97. Spaces and lower case are accepted as typed.
public struct SaudiIBAN: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty, notSaudi, wrongLength, invalidCharacters, checksum
        public var localizationKey: String { "validation.iban.\(rawValue)" }
    }

    public let value: String
    public var description: String { value }

    /// SA03 8000 0000 6080 1016 7519, for printing.
    public var grouped: String {
        stride(from: 0, to: value.count, by: 4).map { start in
            let from = value.index(value.startIndex, offsetBy: start)
            return String(value[from..<value.index(from, offsetBy: min(4, value.count - start))])
        }.joined(separator: " ")
    }

    public init(_ raw: String) throws(Problem) {
        let cleaned = ArabicDigits.westernized(raw).uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard !cleaned.isEmpty else { throw .empty }
        guard cleaned.hasPrefix("SA") else { throw .notSaudi }
        guard cleaned.count == 24 else { throw .wrongLength }
        let body = cleaned.dropFirst(2)
        guard body.prefix(4).allSatisfy({ ("0"..."9").contains($0) }),
              body.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) })
        else { throw .invalidCharacters }
        guard Self.mod97(cleaned) == 1 else { throw .checksum }
        value = cleaned
    }

    static func mod97(_ iban: String) -> Int {
        let rearranged = iban.dropFirst(4) + iban.prefix(4)
        var remainder = 0
        for character in rearranged {
            let number = character.isNumber ? Int(String(character))! : Int(character.asciiValue! - 55)
            for digit in String(number) { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
        }
        return remainder
    }

    /// The IBAN for a bank code and account, with its check digits computed — for demo data and tests.
    public static func make(bank: String, account: String) -> SaudiIBAN {
        let bban = bank + account
        let check = 98 - mod97("SA00" + bban)
        return try! SaudiIBAN("SA" + (check < 10 ? "0" : "") + String(check) + bban)
    }
}
