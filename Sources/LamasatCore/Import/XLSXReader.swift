import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an XLSX workbook through ZIPFoundation and a SAX parser: the sheet list, shared strings, the styles that
/// make a number a date, and one sheet's rows streamed from a temporary copy of its XML (never a whole DOM).
public struct XLSXReader {
    public struct Sheet: Sendable, Equatable {
        public let name: String
        let path: String
    }

    let archive: Archive
    public let sheets: [Sheet]

    public init(url: URL) throws(SpreadsheetSource.Problem) {
        guard let archive = try? Archive(url: url, accessMode: .read) else { throw .unreadable }
        self.archive = archive
        guard let workbook = Self.entryData(archive, "xl/workbook.xml") else { throw .unreadable }
        let relations = Self.entryData(archive, "xl/_rels/workbook.xml.rels").map(Self.relationships) ?? [:]
        let listed = ElementCollector.collect(workbook, element: "sheet")
        var sheets: [Sheet] = []
        for (index, attributes) in listed.enumerated() {
            let target = attributes["r:id"].flatMap { relations[$0] } ?? "worksheets/sheet\(index + 1).xml"
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            sheets.append(Sheet(name: attributes["name"] ?? "\(index + 1)", path: path))
        }
        guard !sheets.isEmpty else { throw .empty }
        self.sheets = sheets
    }

    /// Calls `body` with each non-empty row (its 1-based number in the sheet, its cells) until it returns false.
    public func rows(sheet: Int, _ body: (Int, [String]) throws -> Bool) throws {
        guard sheets.indices.contains(sheet), let entry = archive[sheets[sheet].path] else { throw SpreadsheetSource.Problem.noSuchSheet }
        let strings = Self.entryData(archive, "xl/sharedStrings.xml").map(SharedStrings.read) ?? []
        let dateStyles = Self.entryData(archive, "xl/styles.xml").map(DateStyles.read) ?? []
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("lamasat-sheet-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do { _ = try archive.extract(entry, to: temporary) } catch { throw SpreadsheetSource.Problem.unreadable }
        guard let stream = InputStream(url: temporary) else { throw SpreadsheetSource.Problem.unreadable }
        try withoutActuallyEscaping(body) { body in
            let reader = SheetRows(strings: strings, dateStyles: dateStyles, body: body)
            let parser = XMLParser(stream: stream)
            parser.delegate = reader
            parser.shouldProcessNamespaces = false
            let finished = parser.parse()
            if let failure = reader.failure { throw failure }
            if !finished && !reader.stopped { throw SpreadsheetSource.Problem.unreadable }
        }
    }

    static func entryData(_ archive: Archive, _ path: String) -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        do { _ = try archive.extract(entry, skipCRC32: true) { data.append($0) } } catch { return nil }
        return data
    }

    static func relationships(_ data: Data) -> [String: String] {
        var found: [String: String] = [:]
        for attributes in ElementCollector.collect(data, element: "Relationship") {
            if let id = attributes["Id"], let target = attributes["Target"] { found[id] = target }
        }
        return found
    }

    /// "C12" → 2 (zero-based column).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard ("A"..."Z").contains(scalar) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }

    /// A date serial (days since 1899-12-30, Excel's 1900 system) as yyyy-mm-dd.
    static func dateText(serial: Double) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        guard let date = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: epoch) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// 12345.0 → "12345"; a long number (an ID typed as a number) keeps every digit.
    static func numberText(_ raw: String) -> String {
        guard let value = Double(raw) else { return raw }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return raw
    }
}

/// A small XML part (the workbook, its relations, shared strings, styles) read through `delegate`.
func parsed<Delegate: NSObject & XMLParserDelegate>(_ data: Data, with delegate: Delegate) -> Delegate {
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
    return delegate
}

/// The attributes of every `element` in a small XML part (the workbook, its relations).
final class ElementCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) -> [[String: String]] {
        parsed(data, with: ElementCollector(element: element)).found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == element || name.hasSuffix(":" + element) { found.append(attributes) }
    }
}

/// The shared strings table: each `<si>`'s text runs joined (rich text has several).
final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func read(_ data: Data) -> [String] {
        parsed(data, with: SharedStrings()).strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "si" { current = "" } else if name == "t" { inText = true } else if name == "rPh" { inText = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false } else if name == "si" { strings.append(current) }
    }
}

/// Which cell styles (`s` index into cellXfs) show a number as a date: the built-in date formats, and custom ones
/// whose code has day/month/year letters outside quotes and brackets.
final class DateStyles: NSObject, XMLParserDelegate {
    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47).union(27...36).union(50...58)
    var customDateFormats: Set<Int> = []
    var styles: [Bool] = []
    var inCellXfs = false

    static func read(_ data: Data) -> [Bool] {
        parsed(data, with: DateStyles()).styles
    }

    static func isDateCode(_ code: String) -> Bool {
        var outside = "", quoted = false, bracketed = false
        for character in code.lowercased() {
            if character == "\"" { quoted.toggle() } else if character == "[" { bracketed = true } else if character == "]" { bracketed = false }
            else if !quoted && !bracketed { outside.append(character) }
        }
        return outside.contains("d") || outside.contains("y") || (outside.contains("m") && !outside.contains("h") && !outside.contains("s"))
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], Self.isDateCode(code) {
                customDateFormats.insert(id)
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            styles.append(Self.builtInDateFormats.contains(id) || customDateFormats.contains(id))
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// The SAX reader of one worksheet: builds one row at a time and hands it on at `</row>`.
final class SheetRows: NSObject, XMLParserDelegate {
    let strings: [String]
    let dateStyles: [Bool]
    let body: (Int, [String]) throws -> Bool
    var failure: (any Error)?
    var stopped = false

    var rowNumber = 0
    var cells: [String] = []
    var column = 0
    var type = ""
    var isDate = false
    var value = ""
    var collecting = false

    init(strings: [String], dateStyles: [Bool], body: @escaping (Int, [String]) throws -> Bool) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.body = body
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
            column = 0
        case "c":
            column = attributes["r"].flatMap(XLSXReader.columnIndex) ?? cells.count
            type = attributes["t"] ?? "n"
            isDate = attributes["s"].flatMap(Int.init).map { dateStyles.indices.contains($0) && dateStyles[$0] } ?? false
            value = ""
        case "v", "t": collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            guard column < SpreadsheetSource.maximumCells else {
                fail(parser, SpreadsheetSource.Problem.rowTooLong)
                return
            }
            if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column - cells.count + 1)) }
            cells[column] = cellText()
        case "row":
            guard cells.contains(where: { !$0.isEmpty }) else { return }
            do {
                if !(try body(rowNumber, try SpreadsheetSource.checked(cells))) {
                    stopped = true
                    parser.abortParsing()
                }
            } catch { fail(parser, error) }
        default: break
        }
    }

    func cellText() -> String {
        switch type {
        case "s": return Int(value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "inlineStr", "str", "e": return value
        case "b": return value == "1" ? "TRUE" : "FALSE"
        default:
            if isDate, let serial = Double(value), let date = XLSXReader.dateText(serial: serial) { return date }
            return XLSXReader.numberText(value)
        }
    }

    func fail(_ parser: XMLParser, _ error: any Error) {
        failure = error
        parser.abortParsing()
    }
}
