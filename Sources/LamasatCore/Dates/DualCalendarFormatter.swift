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
        let gregorian = gregorianDay(date)
        let parts = hijriComponents(date)
        let hijri = hijriText(year: parts.year, month: parts.month, day: parts.day)
        let (gregorianMark, hijriMark) = language == .ar ? ("م", "هـ") : ("", " AH")
        // The calendar mark follows the year, never the time: "2026م، 10:00", not "10:00م", which reads as p.m.
        let time = withTime ? (language == .ar ? "، " : ", ") + timeText(date) : ""
        let gregorianText = gregorian + gregorianMark + time
        let hijriText = hijri + hijriMark
        return Output(gregorian: gregorianText, hijri: hijriText, combined: "\(gregorianText) — \(hijriText)")
    }

    /// Calendar arithmetic on value types, with the month names above: no formatter, no lock, nothing shared
    /// between the threads that render pages.
    private func gregorianDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(day.day ?? 1) \(Self.gregorianMonths[language]![max(0, min(11, (day.month ?? 1) - 1))]) \(day.year ?? 0)"
    }

    /// "HH:mm" in this formatter's time zone.
    private func timeText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let time = calendar.dateComponents([.hour, .minute], from: date)
        let hour = time.hour ?? 0, minute = time.minute ?? 0
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}
