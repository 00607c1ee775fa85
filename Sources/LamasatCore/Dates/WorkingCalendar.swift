import Foundation

/// Working days in Saudi Arabia: the weekend is Friday and Saturday, and the association adds its holidays (Eid,
/// National Day…). Response targets are counted in these days, in Riyadh time.
public struct WorkingCalendar: Sendable {
    /// Holiday days as "YYYY-MM-DD" (Gregorian).
    public let holidays: Set<String>
    private let calendar: Calendar

    public init(holidays: Set<String> = []) {
        self.holidays = holidays
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        self.calendar = calendar
    }

    public func dayString(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    public func isWorkingDay(_ date: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: date)  // 6 = Friday, 7 = Saturday
        return weekday != 6 && weekday != 7 && !holidays.contains(dayString(date))
    }

    /// The end (23:59:59 Riyadh) of the `days`-th working day after the day of `start`; with 0, the end of `start`'s
    /// day if it is a working day, else of the next working day.
    public func due(after start: Date, workingDays days: Int) -> Date {
        var day = calendar.startOfDay(for: start)
        var remaining = max(0, days)
        if remaining == 0 {
            while !isWorkingDay(day) { day = calendar.date(byAdding: .day, value: 1, to: day)! }
        }
        while remaining > 0 {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            if isWorkingDay(day) { remaining -= 1 }
        }
        return calendar.date(byAdding: .second, value: 86_399, to: day)!
    }

    /// Working days from the day of `start` to the day of `end`, not counting `start`'s day (0 on the same day).
    public func workingDays(from start: Date, to end: Date) -> Int {
        var day = calendar.startOfDay(for: start)
        let last = calendar.startOfDay(for: end)
        var count = 0
        while day < last {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }

    /// 00:00 in Riyadh on `day`.
    public static func startOfDay(_ day: CalendarDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.startOfDay(for: day.moment)
    }
}
