import Foundation
import ZIPFoundation

/// Report tables as an Excel workbook (Office Open XML), one sheet per table: the header row bold and frozen, the
/// sheet right-to-left for Arabic, numbers as numbers, money with two decimals, shares in a percent style and dates
/// as Excel day serials in a date style, so the association can sort, sum and chart what it downloads.
enum XLSXWriter {
    enum Failure: Error { case noTables, archive }

    /// The cell styles of styles.xml, by their index in `cellXfs`.
    private enum Style: Int { case plain = 0, header, date, money, percent }

    static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func workbook(_ tables: [ReportTable], rightToLeft: Bool = true, modified: Date = Date()) throws -> Data {
        guard !tables.isEmpty else { throw Failure.noTables }
        let names = sheetNames(tables.map(\.title))
        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", contentTypes(sheets: tables.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbookXML(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: tables.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, table) in tables.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(table, rightToLeft: rightToLeft, selected: index == 0)))
        }
        // In memory; `pathEncoding:` picks the throwing initializer over the deprecated failable one.
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for part in parts {
            let bytes = Data(part.xml.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw Failure.archive }
        return data
    }

    // MARK: - Sheets

    /// Excel's rules for sheet names: 1–31 characters, none of []:*?/\, no apostrophe at either end, and no two alike
    /// (ignoring case). A clash gets " (2)", " (3)"… within the 31.
    static func sheetNames(_ titles: [String]) -> [String] {
        var taken: Set<String> = []
        return titles.enumerated().map { index, title in
            var base = String(title.unicodeScalars.filter { !"[]:*?/\\".unicodeScalars.contains($0) && $0.value >= 0x20 })
                .trimmingCharacters(in: CharacterSet(charactersIn: "' ").union(.whitespacesAndNewlines))
            if base.isEmpty { base = "Sheet\(index + 1)" }
            var name = fitted(base, suffix: ""), copy = 1
            while taken.contains(name.lowercased()) {
                copy += 1
                name = fitted(base, suffix: " (\(copy))")
            }
            taken.insert(name.lowercased())
            return name
        }
    }

    /// `base` cut at a whole character so that it and `suffix` stay within Excel's 31 UTF-16 units.
    private static func fitted(_ base: String, suffix: String) -> String {
        var kept = ""
        for character in base {
            if (kept.utf16.count + character.utf16.count + suffix.utf16.count) > 31 { break }
            kept.append(character)
        }
        return kept.trimmingCharacters(in: CharacterSet(charactersIn: "' ")) + suffix
    }

    private static func worksheet(_ table: ReportTable, rightToLeft: Bool, selected: Bool) -> String {
        let width = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
        let last = "\(columnName(max(width, 1) - 1))\(table.rows.count + 1)"
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
            <dimension ref="A1:\(last)"/><sheetViews><sheetView\(rightToLeft ? " rightToLeft=\"1\"" : "")\
            \(selected ? " tabSelected=\"1\"" : "") workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """
        if width > 0 {
            xml += "<cols>"
            for (index, characters) in columnWidths(table, count: width).enumerated() {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(characters)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData><row r=\"1\">"
        for (index, column) in table.columns.enumerated() {
            xml += textCell("\(columnName(index))1", column.title, style: .header)
        }
        xml += "</row>"
        for (rowIndex, row) in table.rows.enumerated() {
            let number = rowIndex + 2
            xml += "<row r=\"\(number)\">"
            for (index, cell) in row.enumerated() { xml += self.cell("\(columnName(index))\(number)", cell) }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    private static func cell(_ reference: String, _ cell: ReportTable.Cell) -> String {
        switch cell {
        case .text(let text): textCell(reference, text, style: .plain)
        case .number(let value): valueCell(reference, String(value), style: .plain)
        case .money(let amount): valueCell(reference, CellFormat.money(amount), style: .money)
        case .percent(let share): CellFormat.finite(share).map { valueCell(reference, "\($0)", style: .percent) } ?? ""
        case .date(let date): date.map { valueCell(reference, String(CellFormat.excelSerial(CellFormat.riyadhDay($0))), style: .date) } ?? ""
        case .empty: ""
        }
    }

    private static func valueCell(_ reference: String, _ value: String, style: Style) -> String {
        "<c r=\"\(reference)\"\(style == .plain ? "" : " s=\"\(style.rawValue)\"")><v>\(value)</v></c>"
    }

    private static func textCell(_ reference: String, _ text: String, style: Style) -> String {
        let s = style == .plain ? "" : " s=\"\(style.rawValue)\""
        return "<c r=\"\(reference)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped(CellFormat.text(text)))</t></is></c>"
    }

    /// Column widths in characters: the longest header or value, within 8…60.
    private static func columnWidths(_ table: ReportTable, count: Int) -> [Int] {
        var widest = Array(repeating: 0, count: count)
        for (index, column) in table.columns.enumerated() { widest[index] = column.title.count }
        for row in table.rows {
            for (index, cell) in row.enumerated() { widest[index] = max(widest[index], shownLength(cell)) }
        }
        return widest.map { min(60, max(8, $0 + 2)) }
    }

    private static func shownLength(_ cell: ReportTable.Cell) -> Int {
        switch cell {
        case .text(let text): text.split(separator: "\n").map(\.count).max() ?? 0
        case .number(let value): String(value).count
        case .money(let amount): CellFormat.money(amount).count + 3
        case .percent: 7
        case .date: 10
        case .empty: 0
        }
    }

    /// A, B, … Z, AA, AB, …: the letters of a zero-based column index.
    static func columnName(_ index: Int) -> String {
        var name = "", rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    /// Scalar by scalar: "<" or "&" followed by a combining mark (a fatha, a shadda) is one Character, which a
    /// Character match would pass through unescaped.
    static func escaped(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&apos;".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    // MARK: - Package parts

    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    private static func contentTypes(sheets: Int) -> String {
        let sheetTypes = (0..<sheets).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheetTypes)</Types>
            """
    }

    private static let rootRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """

    private static func workbookXML(_ names: [String]) -> String {
        let sheets = names.enumerated().map { index, name in
            "<sheet name=\"\(escaped(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return declaration + """
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
            <bookViews><workbookView activeTab="0"/></bookViews><sheets>\(sheets)</sheets></workbook>
            """
    }

    private static func workbookRelationships(sheets: Int) -> String {
        let sheetLinks = (0..<sheets).map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        return declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheetLinks)\
            <Relationship Id="rId\(sheets + 1)" Type="\(relationshipNamespace)/styles" Target="styles.xml"/></Relationships>
            """
    }

    /// Fonts: plain and bold. Number formats: 164 a day (yyyy-mm-dd), 4 "#,##0.00" and 10 "0.00%" (built in). The
    /// order of `cellXfs` is `Style`'s.
    private static let styles = declaration + """
        <styleSheet xmlns="\(mainNamespace)">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
