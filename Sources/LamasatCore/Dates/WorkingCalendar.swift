import Foundation

/// Working days in Saudi Arabia: the weekend is Friday and Saturday, and the association adds its holidays (Eid,
/// National Day…). Response targets are counted in these days, in Riyadh time.
///
/// Days are counted as integers (days since 1970-01-01 in Riyadh), not through `Calendar`: reports count working
/// days for every open case, and a `Calendar` step with a formatted holiday key per day cost milliseconds per case.
public struct WorkingCalendar: Sendable {
    /// Holiday days as "YYYY-MM-DD" (Gregorian).
    public let holidays: Set<String>
    private let holidayNumbers: Set<Int>
    private let timeZone: TimeZone

    public init(holidays: Set<String> = []) {
        self.holidays = holidays
        self.holidayNumbers = Set(holidays.compactMap(Self.dayNumber(parsing:)))
        self.timeZone = DualCalendarFormatter.riyadh
    }

    public func dayString(_ date: Date) -> String {
        let (y, m, d) = Self.civil(fromDayNumber: dayNumber(date))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    public func isWorkingDay(_ date: Date) -> Bool { isWorkingDay(number: dayNumber(date)) }

    /// The end (23:59:59 Riyadh) of the `days`-th working day after the day of `start`; with 0, the end of `start`'s
    /// day if it is a working day, else of the next working day.
    public func due(after start: Date, workingDays days: Int) -> Date {
        var day = dayNumber(start)
        var remaining = max(0, days)
        if remaining == 0 {
            while !isWorkingDay(number: day) { day += 1 }
        }
        while remaining > 0 {
            day += 1
            if isWorkingDay(number: day) { remaining -= 1 }
        }
        return startOfDay(number: day).addingTimeInterval(86_399)
    }

    /// Working days from the day of `start` to the day of `end`, not counting `start`'s day (0 on the same day).
    public func workingDays(from start: Date, to end: Date) -> Int {
        let last = dayNumber(end)
        var day = dayNumber(start), count = 0
        while day < last {
            day += 1
            if isWorkingDay(number: day) { count += 1 }
        }
        return count
    }

    /// 00:00 of the earliest day from which at most `limit` working days have passed by `end`: a case received at or
    /// after this moment is at most `limit` working days old, one received before it is older (ages are monotonic, so
    /// a report buckets cases by comparing their date with these moments in SQL).
    public func earliestStart(withinWorkingDays limit: Int, of end: Date) -> Date {
        var day = dayNumber(end), count = 0
        for _ in 0..<100_000 {
            let added = isWorkingDay(number: day) ? 1 : 0  // starting a day earlier counts `day` as well
            if count + added > limit { break }
            count += added
            day -= 1
        }
        return startOfDay(number: day)
    }

    /// 00:00 in Riyadh on `day`.
    public static func startOfDay(_ day: CalendarDay) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.startOfDay(for: day.moment)
    }

    // MARK: - Day numbers

    private func dayNumber(_ date: Date) -> Int {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return Int((local / 86_400).rounded(.down))
    }

    private func startOfDay(number: Int) -> Date {
        let guess = Date(timeIntervalSince1970: Double(number) * 86_400)
        return guess.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: guess)))
    }

    private func isWorkingDay(number: Int) -> Bool {
        // 1970-01-01 was a Thursday: +0 Thursday, +1 Friday, +2 Saturday.
        let weekday = ((number % 7) + 7) % 7
        return weekday != 1 && weekday != 2 && !holidayNumbers.contains(number)
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's `days_from_civil`).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDayNumber number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day)
    }

    static func dayNumber(parsing text: String) -> Int? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return dayNumber(year: parts[0], month: parts[1], day: parts[2])
    }
}
