import Foundation

/// A list to import: an XLSX workbook (one of its sheets) or a CSV file, read row by row so that a file of 100,000
/// rows is never held whole. Rows are cells as text; dates come as yyyy-mm-dd.
public enum SpreadsheetSource {
    public enum Problem: String, Error, Sendable {
        case unreadable, empty, noSuchSheet, rowTooLong
        public var localizationKey: String { "import.problem.file.\(rawValue)" }
    }

    /// No real list has a row this wide; a longer one is a broken or hostile file.
    public static let maximumCells = 200
    public static let maximumCellLength = 2_000

    /// The sheet names of a workbook, or one name for a CSV file.
    public static func sheetNames(of url: URL) throws(Problem) -> [String] {
        if isXLSX(url) { return try XLSXReader(url: url).sheets.map(\.name) }
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw .unreadable }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        guard !head.isEmpty else { throw .empty }
        // Text has no control bytes but tab and line ends: anything else (an image, a PDF, an old .xls) is not a list.
        guard !head.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { throw .unreadable }
        return ["CSV"]
    }

    /// Calls `body` with each row (1-based row number, cells) until it returns false.
    public static func rows(of url: URL, sheet: Int = 0, _ body: (Int, [String]) throws -> Bool) throws {
        if isXLSX(url) {
            try XLSXReader(url: url).rows(sheet: sheet, body)
        } else {
            try CSVStreamReader(url: url).rows(body)
        }
    }

    /// ZIP's local-file signature "PK\u{3}\u{4}": the content decides, not the name she gave the file.
    public static func isXLSX(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data([0x50, 0x4B, 0x03, 0x04])
    }

    static func checked(_ cells: [String]) throws(Problem) -> [String] {
        guard cells.count <= maximumCells, !cells.contains(where: { $0.utf8.count > maximumCellLength * 4 }) else { throw .rowTooLong }
        return cells
    }
}
