import Foundation

/// The stretch of time a report covers: a Gregorian month, quarter or year, a Hijri (Umm al-Qura) month or year, or
/// a custom range of days. It is a half-open range of whole Riyadh days, `[start, end)`, so a moment belongs to
/// exactly one of two neighbouring periods; reports compare each figure with `previous`, the period of the same
/// kind just before.
///
/// In addresses a period is one token: `2026-11` (month), `2026-Q4`, `2026`, `H1448-06` (Hijri month), `H1448`,
/// or `2026-11-01..2026-11-15` (custom, both days included).
public struct ReportPeriod: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable { case month, quarter, year, hijriMonth, hijriYear, custom }

    public enum Problem: String, Error, Sendable, CaseIterable {
        case invalid, outsideCalendar, reversed, tooLong
        public var localizationKey: String { "reports.period.problem.\(rawValue)" }
    }

    public let kind: Kind
    /// The Gregorian or Hijri year; 0 for a custom range.
    public let year: Int
    /// Month 1–12 or quarter 1–4; 0 for a year or a custom range.
    public let number: Int
    /// Days since 1970-01-01 (Gregorian): the first day, and the day after the last.
    public let firstDay: Int, endDay: Int

    /// A custom range is at most this many days, so a typo cannot ask for a century.
    public static let longestCustomRange = 3 * 366

    // MARK: - Making periods

    public static func month(_ year: Int, _ month: Int) -> ReportPeriod? {
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        let first = WorkingCalendar.dayNumber(year: year, month: month, day: 1)
        let next = month == 12 ? WorkingCalendar.dayNumber(year: year + 1, month: 1, day: 1)
            : WorkingCalendar.dayNumber(year: year, month: month + 1, day: 1)
        return ReportPeriod(kind: .month, year: year, number: month, firstDay: first, endDay: next)
    }

    public static func quarter(_ year: Int, _ quarter: Int) -> ReportPeriod? {
        guard (1...4).contains(quarter), let first = month(year, quarter * 3 - 2), let last = month(year, quarter * 3) else { return nil }
        return ReportPeriod(kind: .quarter, year: year, number: quarter, firstDay: first.firstDay, endDay: last.endDay)
    }

    public static func year(_ year: Int) -> ReportPeriod? {
        guard let first = month(year, 1), let last = month(year, 12) else { return nil }
        return ReportPeriod(kind: .year, year: year, number: 0, firstDay: first.firstDay, endDay: last.endDay)
    }

    public static func hijriMonth(_ year: Int, _ month: Int) -> ReportPeriod? {
        guard let first = hijriDayNumber(year, month), let length = UmmAlQura.monthLength(year: year, month: month) else { return nil }
        return ReportPeriod(kind: .hijriMonth, year: year, number: month, firstDay: first, endDay: first + length)
    }

    public static func hijriYear(_ year: Int) -> ReportPeriod? {
        guard let first = hijriMonth(year, 1), let last = hijriMonth(year, 12) else { return nil }
        return ReportPeriod(kind: .hijriYear, year: year, number: 0, firstDay: first.firstDay, endDay: last.endDay)
    }

    /// Both days included.
    public static func custom(from first: CalendarDay, through last: CalendarDay) throws(Problem) -> ReportPeriod {
        let a = WorkingCalendar.dayNumber(year: first.year, month: first.month, day: first.day)
        let b = WorkingCalendar.dayNumber(year: last.year, month: last.month, day: last.day)
        guard (1900...2200).contains(first.year), (1900...2200).contains(last.year) else { throw .outsideCalendar }
        guard a <= b else { throw .reversed }
        guard b - a < longestCustomRange else { throw .tooLong }
        return ReportPeriod(kind: .custom, year: 0, number: 0, firstDay: a, endDay: b + 1)
    }

    /// The Gregorian month holding `now` in Riyadh: the default of every report.
    public static func currentMonth(_ now: Date) -> ReportPeriod {
        let today = CalendarDay.today(now)
        return month(today.year, today.month)!
    }

    /// The Hijri month and year, Gregorian quarter and year holding `now`, for the quick choices of a report.
    public static func shortcuts(_ now: Date) -> [ReportPeriod] {
        let today = CalendarDay.today(now)
        let hijri = UmmAlQura.hijri(year: today.year, month: today.month, day: today.day)
        let thisMonth = currentMonth(now)
        return [thisMonth, thisMonth.previous, quarter(today.year, (today.month - 1) / 3 + 1), year(today.year),
                hijri.flatMap { hijriMonth($0.year, $0.month) }, hijri.flatMap { hijriYear($0.year) }].compactMap { $0 }
    }

    // MARK: - Reading a period from an address

    /// The period a report was asked for: `from`/`to` (a custom range) win over `period`; nothing asked gives this
    /// month; anything unreadable gives this month and the reason, for a message on the page.
    public static func requested(period token: String?, from: String?, to: String?, now: Date) -> (period: ReportPeriod, problem: Problem?) {
        let fromText = from?.trimmingWhitespace() ?? "", toText = to?.trimmingWhitespace() ?? ""
        do throws(Problem) {
            if !fromText.isEmpty || !toText.isEmpty {
                return (try customRange(fromText.isEmpty ? toText : fromText, toText.isEmpty ? fromText : toText), nil)
            }
            let text = token?.trimmingWhitespace() ?? ""
            if text.isEmpty { return (currentMonth(now), nil) }
            return (try parse(text), nil)
        } catch {
            return (currentMonth(now), error)
        }
    }

    /// Reads a token (see the type's comment); Arabic-Indic digits are accepted.
    public static func parse(_ raw: String) throws(Problem) -> ReportPeriod {
        let text = ArabicDigits.westernized(raw).trimmingWhitespace().uppercased()
        if let range = text.range(of: "..") {
            return try customRange(String(text[..<range.lowerBound]), String(text[range.upperBound...]))
        }
        let hijri = text.hasPrefix("H") || text.hasPrefix("هـ")
        let body = text.drop(while: { !$0.isNumber })
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let year = Int(parts[0]), parts[0].count == 4 else { throw .invalid }
        let result: ReportPeriod?
        if parts.count == 1 {
            result = hijri ? hijriYear(year) : self.year(year)
        } else if parts[1].hasPrefix("Q") {
            guard !hijri, let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { throw .invalid }
            result = quarter(year, q)
        } else {
            guard let m = Int(parts[1]), (1...12).contains(m), parts[1].count <= 2 else { throw .invalid }
            result = hijri ? hijriMonth(year, m) : month(year, m)
        }
        guard let result else { throw .outsideCalendar }
        return result
    }

    private static func customRange(_ from: String, _ to: String) throws(Problem) -> ReportPeriod {
        do {
            return try custom(from: try anyCalendarDay(from), through: try anyCalendarDay(to))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .invalid
        }
    }

    /// A day typed in either calendar: a year from 1300 to 1500 is a Hijri year, since no report covers such a
    /// Gregorian year ("1448/05/11", "11-05-1448"); any other year is Gregorian.
    private static func anyCalendarDay(_ text: String) throws -> CalendarDay {
        let numbers = ArabicDigits.westernized(text).split(whereSeparator: { "-/.".contains($0) || $0.isWhitespace }).compactMap { Int($0) }
        let year = numbers.first { $0 > 31 } ?? 0
        return try CalendarDay.day(text, calendar: (1300...1500).contains(year) ? .hijri : .gregorian)
    }

    // MARK: - What a period is

    /// 00:00 in Riyadh of the first day.
    public var start: Date { Self.midnight(firstDay) }
    /// 00:00 in Riyadh of the day after the last: the first moment outside.
    public var end: Date { Self.midnight(endDay) }
    public var first: CalendarDay { Self.day(firstDay) }
    public var last: CalendarDay { Self.day(endDay - 1) }
    public var dayCount: Int { endDay - firstDay }

    public func contains(_ moment: Date) -> Bool { moment >= start && moment < end }

    /// The token that asks for this period again.
    public var token: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return switch kind {
        case .month: "\(year)-\(two(number))"
        case .quarter: "\(year)-Q\(number)"
        case .year: "\(year)"
        case .hijriMonth: "H\(year)-\(two(number))"
        case .hijriYear: "H\(year)"
        case .custom: "\(first)..\(last)"
        }
    }

    /// The period of the same kind just before; a custom range gives the same number of days before it.
    public var previous: ReportPeriod {
        let made: ReportPeriod? = switch kind {
        case .month: number == 1 ? Self.month(year - 1, 12) : Self.month(year, number - 1)
        case .quarter: number == 1 ? Self.quarter(year - 1, 4) : Self.quarter(year, number - 1)
        case .year: Self.year(year - 1)
        case .hijriMonth: number == 1 ? Self.hijriMonth(year - 1, 12) : Self.hijriMonth(year, number - 1)
        case .hijriYear: Self.hijriYear(year - 1)
        case .custom: nil
        }
        return made ?? ReportPeriod(kind: .custom, year: 0, number: 0, firstDay: firstDay - dayCount, endDay: firstDay)
    }

    /// The months inside the period, in its own calendar (a custom range is cut at Gregorian month ends), for
    /// figures shown month by month. At most 36.
    public var months: [ReportPeriod] {
        switch kind {
        case .month, .hijriMonth: return [self]
        case .hijriYear: return (1...12).compactMap { Self.hijriMonth(year, $0) }
        case .quarter, .year, .custom:
            var result: [ReportPeriod] = []
            var cursor = first
            while result.count < 36, let month = Self.month(cursor.year, cursor.month), month.firstDay < endDay {
                if month.firstDay >= firstDay && month.endDay <= endDay {
                    result.append(month)
                } else {
                    result.append(ReportPeriod(kind: .custom, year: 0, number: 0, firstDay: max(firstDay, month.firstDay),
                                               endDay: min(endDay, month.endDay)))
                }
                cursor = Self.day(month.endDay)
            }
            return result
        }
    }

    /// A short name: "نوفمبر 2026م", "Q4 2026", "جمادى الآخرة 1448هـ", or the range's days.
    public func title(_ language: Language) -> String {
        let ar = language == .ar
        let formatter = DualCalendarFormatter(language: language)
        switch kind {
        case .month: return formatter.monthYear(year: year, month: number)
        case .quarter: return ar ? "الربع \(Self.arabicOrdinals[number - 1]) \(year)م" : "Q\(number) \(year)"
        case .year: return ar ? "\(year)م" : "\(year)"
        case .hijriMonth:
            return "\(DualCalendarFormatter.hijriMonths[language]![number - 1]) \(year)" + (ar ? "هـ" : " AH")
        case .hijriYear: return ar ? "\(year)هـ" : "\(year) AH"
        case .custom: return span(language)
        }
    }

    /// The first and last day in both calendars: "1 نوفمبر 2026م — 11 جمادى الأولى 1448هـ – 30 نوفمبر …".
    public func span(_ language: Language) -> String {
        let formatter = DualCalendarFormatter(language: language)
        return "\(formatter.date(first.moment).combined) – \(formatter.date(last.moment).combined)"
    }

    static let arabicOrdinals = ["الأول", "الثاني", "الثالث", "الرابع"]

    // MARK: - Day arithmetic

    /// Days since 1970-01-01 of the Riyadh day holding `moment`: the day key of the summaries reports read.
    public static func dayNumber(_ moment: Date) -> Int {
        let local = moment.timeIntervalSince1970 + Double(DualCalendarFormatter.riyadh.secondsFromGMT(for: moment))
        return Int((local / 86_400).rounded(.down))
    }

    public static func dayNumber(_ day: CalendarDay) -> Int { WorkingCalendar.dayNumber(year: day.year, month: day.month, day: day.day) }

    /// The first day of the Gregorian month holding day `number`.
    public static func monthStart(ofDay number: Int) -> Int {
        let (y, m, _) = WorkingCalendar.civil(fromDayNumber: number)
        return WorkingCalendar.dayNumber(year: y, month: m, day: 1)
    }

    /// The period as the whole Gregorian months inside it (their first days) and the days before and after them,
    /// for summaries kept per day and per month: a year reads twelve month rows instead of 365 day rows.
    /// Outside the years a month can be made for (before 1900: the day before a custom range starting 1 January
    /// 1900), it is all days.
    public var monthCover: (head: Range<Int>, monthStarts: [Int], tail: Range<Int>) {
        let allDays = (firstDay..<endDay, [Int](), endDay..<endDay)
        guard let containing = Self.month(containing: firstDay) else { return allDays }
        let first = Self.monthStart(ofDay: firstDay) == firstDay ? firstDay : containing.endDay
        var starts: [Int] = [], cursor = first
        while cursor < endDay, let month = Self.month(containing: cursor), month.endDay <= endDay {
            starts.append(cursor)
            cursor = month.endDay
        }
        guard let last = starts.last, let lastMonth = Self.month(containing: last) else { return allDays }
        return (firstDay..<starts[0], starts, lastMonth.endDay..<endDay)
    }

    private static func month(containing number: Int) -> ReportPeriod? {
        let (y, m, _) = WorkingCalendar.civil(fromDayNumber: number)
        return month(y, m)
    }

    private static func midnight(_ dayNumber: Int) -> Date {
        // Riyadh keeps UTC+3 all year (no daylight saving).
        let offset = DualCalendarFormatter.riyadh.secondsFromGMT(for: Date(timeIntervalSince1970: Double(dayNumber) * 86_400))
        return Date(timeIntervalSince1970: Double(dayNumber) * 86_400 - Double(offset))
    }

    private static func day(_ number: Int) -> CalendarDay {
        let (y, m, d) = WorkingCalendar.civil(fromDayNumber: number)
        return CalendarDay(gregorianYear: y, month: m, day: d)
    }

    private static func hijriDayNumber(_ year: Int, _ month: Int) -> Int? {
        guard let day = UmmAlQura.gregorian(year: year, month: month, day: 1) else { return nil }
        return WorkingCalendar.dayNumber(year: day.year, month: day.month, day: day.day)
    }
}
