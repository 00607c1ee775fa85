/// A Saudi mobile number, stored in E.164 (+9665XXXXXXXX). Typed as 05…, 5…, 9665…, +9665… or 009665…, with
/// Arabic-Indic digits, spaces, dashes or brackets. Landlines (01…) are refused: messages go to mobiles.
public struct SaudiMobile: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty, invalidCharacters, wrongLength, landline, notSaudiMobile
        public var localizationKey: String { "validation.mobile.\(rawValue)" }
    }

    /// +9665XXXXXXXX
    public let e164: String
    public var description: String { e164 }

    /// 05X XXX XXXX, as people write it.
    public var local: String {
        let national = "0" + e164.dropFirst(4)
        let chars = Array(national)
        return "\(String(chars[0..<3])) \(String(chars[3..<6])) \(String(chars[6...]))"
    }

    public init(_ raw: String) throws(Problem) {
        var text = ArabicDigits.westernized(raw).filter { !$0.isWhitespace && !"-()./".contains($0) }
        guard !text.isEmpty else { throw .empty }
        if text.hasPrefix("+") { text.removeFirst() } else if text.hasPrefix("00") { text.removeFirst(2) }
        guard text.allSatisfy({ ("0"..."9").contains($0) }) else { throw .invalidCharacters }
        var national: Substring
        if text.hasPrefix("966") {
            national = text.dropFirst(3)
            if national.hasPrefix("0") { national = national.dropFirst() }
        } else if text.hasPrefix("0") {
            national = text.dropFirst()
        } else {
            national = Substring(text)
        }
        if national.hasPrefix("1") && (8...9).contains(national.count) { throw .landline }
        guard national.count == 9 else { throw .wrongLength }
        guard national.hasPrefix("5") else { throw national.hasPrefix("1") ? .landline : .notSaudiMobile }
        e164 = "+966" + national
    }
}
