import Foundation
import LamasatCore

/// One report table as CSV through `CSV` (RFC 4180 quoting, a byte-order mark so Excel reads the Arabic, CRLF, text
/// that would run as a formula made inert). Numbers, money (two decimals) and days (yyyy-mm-dd, Riyadh) go out as
/// they are, so a negative figure is not taken for a formula and spreadsheets read them back as numbers and dates.
enum CSVWriter {
    static let contentType = "text/csv; charset=utf-8"

    static func csv(_ table: ReportTable) -> Data {
        let lines = [table.columns.map { CSV.field(CellFormat.clean($0.title)) }] + table.rows.map { $0.map(field) }
        return Data((CSV.byteOrderMark + lines.map { $0.joined(separator: ",") + "\r\n" }.joined()).utf8)
    }

    private static func field(_ cell: ReportTable.Cell) -> String {
        switch cell {
        case .text(let text): CSV.field(CellFormat.clean(text))
        case .number(let value): String(value)
        case .money(let amount): CellFormat.money(amount)
        case .percent(let share): CellFormat.finite(share).map(CellFormat.percent) ?? ""
        case .date(let date): date.map { CellFormat.riyadhDay($0).description } ?? ""
        case .empty: ""
        }
    }
}
