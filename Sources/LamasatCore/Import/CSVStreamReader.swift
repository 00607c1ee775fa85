import Foundation

/// CSV as Arabic Excel and other tools write it: UTF-8 with or without a byte-order mark, or Windows-1256; comma or
/// semicolon (sniffed from the header line). Read in blocks cut at a line feed — a byte that is never part of a
/// multi-byte character in either encoding — so memory stays flat; a quoted field may still span lines.
///
/// Not yaslab/CSV.swift: it decodes only through Foundation's encodings, and Linux has no Windows-1256 there.
public struct CSVStreamReader {
    let url: URL
    var blockSize = 64 * 1024

    public init(url: URL) { self.url = url }

    enum Encoding { case utf8, windows1256 }

    public func rows(_ body: (Int, [String]) throws -> Bool) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw SpreadsheetSource.Problem.unreadable }
        defer { try? handle.close() }
        var pending = Data()
        var encoding: Encoding?
        var parser = Parser()
        var rowNumber = 0
        var stop = false
        func emit(_ text: String) throws {
            if parser.delimiter == nil { parser.delimiter = Self.sniff(text) }
            for row in parser.feed(text) {
                rowNumber += 1
                if !(try body(rowNumber, try SpreadsheetSource.checked(row))) { stop = true; return }
            }
        }
        while !stop {
            let chunk = (try? handle.read(upToCount: blockSize)) ?? Data()
            let atEnd = chunk.isEmpty
            pending.append(chunk)
            var block: Data
            if atEnd {
                block = pending
                pending = Data()
            } else {
                guard let cut = pending.lastIndex(of: 0x0A) else {
                    // No line end within a megabyte: not a list.
                    if pending.count > 1_048_576 { throw SpreadsheetSource.Problem.rowTooLong }
                    continue
                }
                block = pending[pending.startIndex...cut]
                pending = Data(pending[pending.index(after: cut)...])
            }
            if encoding == nil {
                if block.starts(with: [0xEF, 0xBB, 0xBF]) { block = block.dropFirst(3) }
                encoding = String(data: block, encoding: .utf8) == nil ? .windows1256 : .utf8
            }
            let text = encoding == .utf8 ? (String(data: block, encoding: .utf8) ?? Windows1256.decode(block)) : Windows1256.decode(block)
            try emit(text)
            if atEnd {
                if !stop, let last = parser.finish() {
                    rowNumber += 1
                    _ = try body(rowNumber, try SpreadsheetSource.checked(last))
                }
                break
            }
        }
    }

    /// The delimiter of the first line: the one of `,` `;` that occurs more often outside quotes.
    static func sniff(_ text: String) -> Unicode.Scalar {
        var commas = 0, semicolons = 0, quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() } else if !quoted {
                if scalar == "\n" { break }
                if scalar == "," { commas += 1 } else if scalar == ";" { semicolons += 1 }
            }
        }
        return semicolons > commas ? ";" : ","
    }

    /// RFC 4180, fed text in pieces; keeps its state between them.
    struct Parser {
        var delimiter: Unicode.Scalar?
        var field = String.UnicodeScalarView()
        var row: [String] = []
        var quoted = false
        var quoteSeen = false  // a quote inside a quoted field: the end, or the first of a doubled pair
        var rowHasContent = false

        mutating func feed(_ text: String) -> [[String]] {
            var rows: [[String]] = []
            let delimiter = self.delimiter ?? ","
            for scalar in text.unicodeScalars {
                if quoted {
                    if quoteSeen {
                        quoteSeen = false
                        if scalar == "\"" { field.append(scalar); continue }
                        quoted = false  // the field's closing quote; this scalar is read below
                    } else if scalar == "\"" {
                        quoteSeen = true
                        continue
                    } else {
                        field.append(scalar)
                        continue
                    }
                }
                switch scalar {
                case "\"" where field.isEmpty: quoted = true; rowHasContent = true
                case delimiter: row.append(String(field)); field = .init(); rowHasContent = true
                case "\r": continue
                case "\n":
                    if let done = endRow() { rows.append(done) }
                default: field.append(scalar); rowHasContent = true
                }
            }
            return rows
        }

        mutating func endRow() -> [String]? {
            defer { row = []; field = .init(); rowHasContent = false }
            guard rowHasContent else { return nil }  // blank lines are skipped
            return row + [String(field)]
        }

        mutating func finish() -> [String]? {
            if quoteSeen { quoteSeen = false; quoted = false }
            return endRow()
        }
    }
}
