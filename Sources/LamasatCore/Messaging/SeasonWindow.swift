import Foundation

/// A yearly window of days given in the Hijri calendar (Ramadan, the Eids) or the Gregorian one (the school year),
/// from month/day to month/day, possibly across the turn of the year ([P-4] seasonal programmes).
public struct SeasonWindow: Sendable, Equatable, Codable {
    public enum Calendar: String, Sendable, Codable, CaseIterable { case hijri, gregorian }

    public let calendar: Calendar
    public let start: MonthDay
    public let end: MonthDay

    public struct MonthDay: Sendable, Equatable, Codable, Comparable {
        public let month: Int
        public let day: Int
        public init(_ month: Int, _ day: Int) { self.month = month; self.day = day }
        public static func < (a: Self, b: Self) -> Bool { (a.month, a.day) < (b.month, b.day) }

        /// "MM-DD", Arabic-Indic digits accepted.
        public init?(_ text: String) {
            let parts = ArabicDigits.westernized(text).split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else { return nil }
            self.init(parts[0], parts[1])
        }

        public var description: String { String(format: "%02d-%02d", month, day) }
    }

    public init(calendar: Calendar, start: MonthDay, end: MonthDay) {
        self.calendar = calendar
        self.start = start
        self.end = end
    }

    /// Whether the day of `date` in Riyadh falls in the window.
    public func contains(_ date: Date) -> Bool {
        let today: MonthDay
        switch calendar {
        case .hijri:
            let parts = DualCalendarFormatter(language: .ar).hijriComponents(date)
            today = MonthDay(parts.month, parts.day)
        case .gregorian:
            var gregorian = Foundation.Calendar(identifier: .gregorian)
            gregorian.timeZone = DualCalendarFormatter.riyadh
            let parts = gregorian.dateComponents([.month, .day], from: date)
            today = MonthDay(parts.month!, parts.day!)
        }
        return start <= end ? (start <= today && today <= end) : (today >= start || today <= end)
    }
}
