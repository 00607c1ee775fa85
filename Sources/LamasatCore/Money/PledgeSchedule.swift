import Foundation

/// The calendar of a pledge (a sponsorship): instalment `n` (0-based) falls `n × frequency` months after the start,
/// each counted from the start so that month ends do not drift (31 Jan → 28/29 Feb → 31 Mar).
public enum PledgeSchedule {
    /// How often a pledge falls due, in months; `once` is a single gift.
    public enum Frequency: Int, CaseIterable, Sendable {
        case once = 0, monthly = 1, quarterly = 3, yearly = 12
        public var localizationKey: String { "pledge.frequency.\(self)" }
    }

    /// Reminders go out this many days before an instalment is due.
    public static let reminderLeadDays = 3

    /// `day` moved by `months` months, kept inside the target month (31 Jan + 1 month → 28 or 29 Feb).
    public static func adding(months: Int, to day: CalendarDay) -> CalendarDay {
        let index = day.year * 12 + (day.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        return CalendarDay(gregorianYear: year, month: month, day: min(day.day, daysIn(year: year, month: month)))
    }

    /// `day` moved by whole days (negative: earlier).
    public static func adding(days: Int, to day: CalendarDay) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!
        let moved = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: start)!)
        return CalendarDay(gregorianYear: moved.year!, month: moved.month!, day: moved.day!)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day instalment `paid` (0-based) is due, or nil when the pledge is fulfilled: a single gift after one
    /// payment, a pledge of `instalments` (0: open) after that many.
    public static func nextDue(startsOn: CalendarDay, frequencyMonths: Int, instalments: Int, paid: Int) -> CalendarDay? {
        if frequencyMonths == 0 { return paid >= 1 ? nil : startsOn }
        if instalments > 0 && paid >= instalments { return nil }
        return adding(months: paid * frequencyMonths, to: startsOn)
    }

    /// Whether a reminder for the instalment due on `due` belongs to `today`: from three days before, until the day.
    public static func isReminderDue(_ due: CalendarDay, today: CalendarDay) -> Bool {
        !(due < today) && !(adding(days: reminderLeadDays, to: today) < due)
    }
}

/// A donor's optional identifier: a national ID or iqama (with its check digit) for a person, a ten-digit commercial
/// registration for an organization.
public enum DonorIdentifier {
    public enum Problem: String, Error, Sendable {
        case commercialRegistration
        public var localizationKey: String { "donor.error.commercialRegistration" }
    }

    /// "" for nothing typed; the cleaned digits otherwise.
    public static func check(_ raw: String, kind: DonorKind) throws -> String {
        let cleaned = ArabicDigits.westernized(raw).filter { !$0.isWhitespace && $0 != "-" }
        if cleaned.isEmpty { return "" }
        switch kind {
        case .individual: return try NationalID(cleaned).value
        case .organization:
            guard cleaned.count == 10, cleaned.allSatisfy({ ("0"..."9").contains($0) }) else { throw Problem.commercialRegistration }
            return cleaned
        }
    }
}
