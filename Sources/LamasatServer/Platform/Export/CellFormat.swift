import Foundation
import LamasatCore

/// How a report cell is written into a file, the same in XLSX and CSV: text cleaned and guarded, money with two
/// decimals, dates as the Riyadh day they fall on.
enum CellFormat {
    /// Text as a spreadsheet cell holds it: control characters that XML 1.0 cannot carry dropped (tab, line feed and
    /// carriage return stay), and a value a spreadsheet would run as a formula made inert (`CSV.inert`), so a name
    /// typed as "=HYPERLINK(…)" stays text when the file is opened and edited.
    static func text(_ raw: String) -> String { CSV.inert(clean(raw)) }

    static func clean(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where isAllowed(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20, 0x7F, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// Two decimals, a dot, no grouping: "1500.00", "-0.50". Halalas are never lost to binary floating point.
    static func money(_ amount: Decimal) -> String {
        var value = amount, rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        let plain = "\(rounded)"
        guard let dot = plain.firstIndex(of: ".") else { return plain + ".00" }
        let decimals = plain.distance(from: dot, to: plain.endIndex) - 1
        return plain + String(repeating: "0", count: max(0, 2 - decimals))
    }

    /// The day in Riyadh on which `date` falls: a report's day is the association's, whatever the server's zone.
    static func riyadhDay(_ date: Date) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(gregorianYear: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Excel's serial number of a day: days since 30 December 1899 (so 1 January 1970 is 25569).
    static func excelSerial(_ day: CalendarDay) -> Int {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let midnight = utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return Int((midnight.timeIntervalSince1970 / 86_400).rounded()) + 25_569
    }

    /// A share (0.25) as CSV shows it: "25%", up to two decimals.
    static func percent(_ share: Double) -> String {
        var text = String(format: "%.2f", (share * 10_000).rounded() / 100)
        while text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }

    /// A share as a number for a cell: finite, or no value at all.
    static func finite(_ share: Double?) -> Double? { share.flatMap { $0.isFinite ? $0 : nil } }
}
