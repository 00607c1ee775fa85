/// Comma-separated values that Excel opens correctly in Arabic: UTF-8 with a byte-order mark, CRLF line ends,
/// quoted fields, and cells that a spreadsheet would run as a formula made inert.
public enum CSV {
    public static let byteOrderMark = "\u{FEFF}"

    /// A value a spreadsheet would run as a formula (= + - @, tab or carriage return first) behind an apostrophe.
    /// The XLSX downloads use it too, so a cell reads the same in both files.
    public static func inert(_ value: String) -> String {
        // Scalars, not characters: "\r\n" is one Character and would hide a lone "\n".
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    public static func field(_ value: String) -> String {
        let text = inert(value)
        guard text.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return text }
        // Quotes are doubled scalar by scalar too: a quote followed by a combining mark (a fatha, a shadda) is one
        // Character, which a Character search would not find, and the field would end early.
        var quoted = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.append(scalar) }
            quoted.append(scalar)
        }
        return "\"" + String(quoted) + "\""
    }

    public static func document(header: [String], rows: [[String]]) -> String {
        byteOrderMark + ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
