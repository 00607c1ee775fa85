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

    /// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. A byte-order mark is dropped.
    public static func records(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == byteOrderMark.unicodeScalars.first { scalars.removeFirst() }
        var index = 0
        func endField() { row.append(String(field)); field = String.UnicodeScalarView() }
        func endRow() {
            endField()
            if !(row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty) { rows.append(row) }
            row = []
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" { field.append("\""); index += 1 } else { quoted = false }
                } else {
                    field.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                endField()
            } else if scalar == "\r" || scalar == "\n" {
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                endRow()
            } else {
                field.append(scalar)
            }
            index += 1
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
