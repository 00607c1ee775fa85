import Foundation

/// A number printed on papers and in messages, "PREFIX-YEAR-NNNNNN" (R-2026-000123, L-…, Q-…, S-…, C-…, IN-…,
/// OUT-…). The year is the year in Riyadh when the number is given, whatever the server's time zone: a number given
/// at 01:30 on 1 January in Riyadh (22:30 the day before in UTC) carries the new year.
public struct ReferenceNumber: Sendable, Hashable, CustomStringConvertible {
    public let prefix: String
    public let year: Int
    public let sequence: Int64
    public let width: Int

    public init(_ prefix: String, sequence: Int64, at moment: Date, width: Int = 6) {
        self.prefix = prefix
        self.year = Self.riyadhYear(moment)
        self.sequence = sequence
        self.width = width
    }

    public static func riyadhYear(_ moment: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.component(.year, from: moment)
    }

    public var description: String {
        let digits = String(sequence)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
