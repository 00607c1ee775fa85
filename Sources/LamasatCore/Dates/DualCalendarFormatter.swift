import Foundation

/// Shows a moment in both calendars used in Saudi Arabia: Gregorian and Hijri (Umm al-Qura), in Riyadh time and
/// with Western digits, as Saudi forms print them.
public struct DualCalendarFormatter: Sendable {
    public struct Output: Equatable, Sendable {
        public let gregorian: String
        public let hijri: String
        /// Both calendars in one string, Gregorian first.
        public let combined: String
    }

    public static let riyadh = TimeZone(identifier: "Asia/Riyadh")!

    public let language: Language
    public let timeZone: TimeZone

    public init(language: Language, timeZone: TimeZone = DualCalendarFormatter.riyadh) {
        self.language = language
        self.timeZone = timeZone
    }

    /// The date alone, e.g. "25 نوفمبر 2026م — 15 جمادى الآخرة 1448هـ".
    public func date(_ date: Date) -> Output {
        render(date, withTime: false)
    }

    /// The date and the time of day in Riyadh.
    public func dateTime(_ date: Date) -> Output {
        render(date, withTime: true)
    }

    static let hijriMonths: [Language: [String]] = [
        .ar: ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان",
              "شوال", "ذو القعدة", "ذو الحجة"],
        .en: ["Muharram", "Safar", "Rabi I", "Rabi II", "Jumada I", "Jumada II", "Rajab", "Sha'ban", "Ramadan",
              "Shawwal", "Dhu al-Qi'dah", "Dhu al-Hijjah"],
    ]

    /// The Umm al-Qura year, month and day of a moment in Riyadh: from the official table where it reaches,
    /// otherwise from the platform's calendar.
    public func hijriComponents(_ date: Date) -> (year: Int, month: Int, day: Int) {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = timeZone
        let day = gregorian.dateComponents([.year, .month, .day], from: date)
        if let hijri = UmmAlQura.hijri(year: day.year!, month: day.month!, day: day.day!) { return hijri }
        var calendar = Calendar(identifier: .islamicUmmAlQura)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return (parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static let gregorianMonths: [Language: [String]] = [
        .ar: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    ]

    /// A Gregorian month of a report: "نوفمبر 2026م", "November 2026".
    public func monthYear(year: Int, month: Int) -> String {
        "\(Self.gregorianMonths[language]![max(0, min(11, month - 1))]) \(year)\(language == .ar ? "م" : "")"
    }

    /// "15 جمادى الآخرة 1448"
    public func hijriText(year: Int, month: Int, day: Int) -> String {
        let names = Self.hijriMonths[language]!
        return "\(day) \(names[max(0, min(11, month - 1))]) \(year)"
    }

    private func render(_ date: Date, withTime: Bool) -> Output {
        let gregorian = string(date, calendar: .gregorian, withTime: false)
        let parts = hijriComponents(date)
        let hijri = hijriText(year: parts.year, month: parts.month, day: parts.day)
        let (gregorianMark, hijriMark) = language == .ar ? ("م", "هـ") : ("", " AH")
        // The calendar mark follows the year, never the time: "2026م، 10:00", not "10:00م", which reads as p.m.
        let time = withTime ? (language == .ar ? "، " : ", ") + string(date, calendar: .gregorian, withTime: true) : ""
        let gregorianText = gregorian + gregorianMark + time
        let hijriText = hijri + hijriMark
        return Output(gregorian: gregorianText, hijri: hijriText, combined: "\(gregorianText) — \(hijriText)")
    }

    /// Building a formatter costs far more than using one, so each kind is built once and used under a lock.
    private struct FormatterKey: Hashable {
        let calendar: Calendar.Identifier, withTime: Bool, language: Language, timeZone: TimeZone
    }
    private nonisolated(unsafe) static var formatters: [FormatterKey: DateFormatter] = [:]
    private static let lock = NSLock()

    private func string(_ date: Date, calendar identifier: Calendar.Identifier, withTime: Bool) -> String {
        let key = FormatterKey(calendar: identifier, withTime: withTime, language: language, timeZone: timeZone)
        Self.lock.lock()
        defer { Self.lock.unlock() }
        if let cached = Self.formatters[key] { return cached.string(from: date) }
        let made = formatter(calendar: identifier, withTime: withTime)
        Self.formatters[key] = made
        return made.string(from: date)
    }

    private func formatter(calendar identifier: Calendar.Identifier, withTime: Bool) -> DateFormatter {
        let formatter = DateFormatter()
        var calendar = Calendar(identifier: identifier)
        calendar.timeZone = timeZone
        formatter.calendar = calendar
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: language == .ar ? "ar_SA@numbers=latn" : "en_US_POSIX")
        formatter.dateFormat = withTime ? "HH:mm" : "d MMMM y"

        return formatter
    }
}
