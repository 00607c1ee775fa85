/// Input everywhere accepts Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits as well as 0–9.
public enum ArabicDigits {
    /// Replaces Arabic-Indic and Extended Arabic-Indic digits by their Western equivalents; other characters stay.
    public static func westernized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0660...0x0669: scalars.append(Unicode.Scalar(scalar.value - 0x0660 + 0x30)!)
            case 0x06F0...0x06F9: scalars.append(Unicode.Scalar(scalar.value - 0x06F0 + 0x30)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Parses a whole number typed in any of the accepted digit sets, ignoring surrounding white space.
    public static func parseInt(_ text: String) -> Int? {
        let cleaned = westernized(text).trimmingWhitespace()
        guard !cleaned.isEmpty, cleaned.count <= 18 else { return nil }
        return Int(cleaned)
    }
}

extension String {
    /// Trims spaces, tabs and line breaks (including non-breaking and Unicode spaces) from both ends.
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
