import Foundation

/// A calendar day typed in the Hijri (Umm al-Qura) or the Gregorian calendar — Saudi ID cards carry Hijri dates —
/// and stored once, as a Gregorian calendar day: a birth date (`init(birth:calendar:today:)`), a document's issue
/// and expiry, a delivery, a due date.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public enum Calendar: String, CaseIterable, Sendable, Codable { case hijri, gregorian }

    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty, invalid, noSuchDay, inFuture, tooOld
        public var localizationKey: String { "validation.birthDate.\(rawValue)" }
    }

    public let year: Int, month: Int, day: Int

    /// yyyy-mm-dd, also the stored form.
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public init(gregorianYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// A birth date: reads "yyyy-mm-dd" or "dd/mm/yyyy" (any digits) in the given calendar and checks the day exists,
    /// is not in the future and is after 1900.
    public init(birth raw: String, calendar: Calendar, today: Date) throws(Problem) {
        let result = try Self.day(raw, calendar: calendar)
        let todayParts = Self.calendar(.gregorian).dateComponents([.year, .month, .day], from: today)
        if result > CalendarDay(gregorianYear: todayParts.year!, month: todayParts.month!, day: todayParts.day!) { throw .inFuture }
        if result.year < 1900 { throw .tooOld }
        self = result
    }

    /// Any existing calendar day (past or future) typed in either calendar — issue and expiry dates of documents.
    public static func day(_ raw: String, calendar: Calendar) throws(Problem) -> CalendarDay {
        let text = ArabicDigits.westernized(raw).trimmingWhitespace()
        guard !text.isEmpty else { throw .empty }
        let numbers = text.split(whereSeparator: { "-/.".contains($0) || $0.isWhitespace }).map { Int($0) }
        guard numbers.count == 3, numbers.allSatisfy({ $0 != nil }) else { throw .invalid }
        let values = numbers.map { $0! }
        let (y, m, d) = values[0] > 31 ? (values[0], values[1], values[2]) : (values[2], values[1], values[0])
        guard (1...12).contains(m), (1...31).contains(d) else { throw .noSuchDay }
        let result: CalendarDay
        switch calendar {
        case .hijri:
            if y < UmmAlQura.yearRange.lowerBound { throw .tooOld }
            guard let converted = UmmAlQura.gregorian(year: y, month: m, day: d) else {
                throw y > UmmAlQura.yearRange.upperBound ? .inFuture : .noSuchDay
            }
            result = CalendarDay(gregorianYear: converted.year, month: converted.month, day: converted.day)
        case .gregorian:
            let source = Self.calendar(.gregorian)
            guard let moment = source.date(from: DateComponents(year: y, month: m, day: d, hour: 12)) else { throw .noSuchDay }
            let back = source.dateComponents([.year, .month, .day], from: moment)
            guard back.year == y, back.month == m, back.day == d else { throw .noSuchDay }
            result = CalendarDay(gregorianYear: y, month: m, day: d)
        }
        return result
    }

    /// Today in Riyadh, as a calendar day.
    public static func today(_ now: Date) -> CalendarDay {
        let parts = calendar(.gregorian).dateComponents([.year, .month, .day], from: now)
        return CalendarDay(gregorianYear: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// From the stored "yyyy-mm-dd".
    public init?(stored: String) {
        let parts = stored.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        self.init(gregorianYear: parts[0], month: parts[1], day: parts[2])
    }

    /// Full years of age on a given day (in Riyadh).
    public func age(on today: Date) -> Int {
        let now = Self.calendar(.gregorian).dateComponents([.year, .month, .day], from: today)
        var age = now.year! - year
        if (now.month!, now.day!) < (month, day) { age -= 1 }
        return max(age, 0)
    }

    /// Noon in Riyadh of this day, for display in both calendars.
    public var moment: Date {
        Self.calendar(.gregorian).date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
    }

    /// The same day written in the Umm al-Qura calendar, "yyyy-mm-dd" (empty before 1343 AH).
    public var hijri: String {
        guard let parts = UmmAlQura.hijri(year: year, month: month, day: day) else { return "" }
        return CalendarDay(gregorianYear: parts.year, month: parts.month, day: parts.day).description
    }

    static func calendar(_ kind: Calendar) -> Foundation.Calendar {
        var calendar = Foundation.Calendar(identifier: kind == .hijri ? .islamicUmmAlQura : .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension CalendarDay {
    /// A Gregorian day ("2026-12-01", Arabic-Indic digits accepted) and a time ("14:30") as a moment in Riyadh; nil
    /// when either is not one.
    public static func moment(day: String, time: String) -> Date? {
        guard let date = try? CalendarDay.day(day, calendar: .gregorian) else { return nil }
        let parts = ArabicDigits.westernized(time).split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        var calendar = Foundation.Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let components = calendar.dateComponents([.year, .month, .day], from: date.moment)
        return calendar.date(from: DateComponents(year: components.year, month: components.month, day: components.day,
                                                  hour: parts[0], minute: parts[1]))
    }

    /// A moment as a form's day and time boxes show it, in Riyadh: ("2026-12-01", "14:30").
    public static func dayAndTime(_ date: Date) -> (day: String, time: String) {
        var calendar = Foundation.Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), String(format: "%02d:%02d", c.hour!, c.minute!))
    }
}
