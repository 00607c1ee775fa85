/// Comma-separated values that Excel opens correctly in Arabic: UTF-8 with a byte-order mark, CRLF line ends,
/// quoted fields, and cells that a spreadsheet would run as a formula made inert.
public enum CSV {
    public static let byteOrderMark = "\u{FEFF}"

    public static func field(_ value: String) -> String {
        var text = value
        // Scalars, not characters: "\r\n" is one Character and would hide a lone "\n".
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
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
