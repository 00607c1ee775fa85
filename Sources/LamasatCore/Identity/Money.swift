/// An amount in Saudi riyals, kept as whole halalas (1 SAR = 100 halalas) so sums are exact.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty, invalid, negative, tooManyDecimals, tooLarge
        public var localizationKey: String { "validation.money.\(rawValue)" }
    }

    public let halalas: Int64
    public static let zero = Money(halalas: 0)
    /// A sanity limit far above any monthly income or grant: one billion riyals.
    public static let maximumHalalas: Int64 = 100_000_000_000

    public init(halalas: Int64) { self.halalas = halalas }

    /// Accepts "1250", "1,250.5", "١٬٢٥٠٫٥٠" and a trailing "ر.س" or "SAR".
    public init(_ raw: String) throws(Problem) {
        var text = ArabicDigits.westernized(raw)
            .replacingOccurrences(of: "\u{066B}", with: ".").replacingOccurrences(of: "\u{066C}", with: "")
            .replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "ر.س", with: "")
            .replacingOccurrences(of: "SAR", with: "").replacingOccurrences(of: "ريال", with: "")
        text = text.filter { !$0.isWhitespace && $0 != "\u{200F}" }
        guard !text.isEmpty else { throw .empty }
        if text.hasPrefix("-") { throw .negative }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2,
              (whole + (parts.count == 2 ? parts[1] : "")).allSatisfy({ ("0"..."9").contains($0) }),
              !(parts.count == 2 && parts[1].isEmpty)
        else { throw .invalid }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2 else { throw .tooManyDecimals }
        guard whole.count <= 12, let riyals = Int64(whole.isEmpty ? "0" : String(whole)) else { throw .tooLarge }
        let cents = Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        let total = riyals * 100 + cents
        guard total <= Self.maximumHalalas else { throw .tooLarge }
        halalas = total
    }

    /// "1,250.50"
    public var plain: String {
        let riyals = String(halalas / 100)
        var grouped = ""
        for (index, character) in riyals.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let cents = halalas % 100
        return String(grouped.reversed()) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    public var description: String { plain + " SAR" }

    public func formatted(_ language: Language) -> String {
        language == .ar ? "\(plain) ر.س" : "SAR \(plain)"
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.halalas < rhs.halalas }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(halalas: lhs.halalas + rhs.halalas) }
}
