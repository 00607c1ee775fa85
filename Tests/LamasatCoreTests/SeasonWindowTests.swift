import Foundation
import Testing
@testable import LamasatCore

@Suite("Seasonal windows in the Hijri and Gregorian calendars")
struct SeasonWindowTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12))!
    }

    @Test("the weeks before Ramadan 1448 (15 Sha'ban – 1 Ramadan) by the official Umm al-Qura calendar")
    func ramadan() {
        let window = SeasonWindow(calendar: .hijri, start: .init(8, 15), end: .init(9, 1))
        // By the official Umm al-Qura table, 1 Ramadan 1448 is 8 February 2027 and 15 Sha'ban is 23 January 2027.
        let formatter = DualCalendarFormatter(language: .ar)
        #expect(formatter.hijriComponents(Self.day(2027, 2, 8)) == (1448, 9, 1))
        #expect(formatter.hijriComponents(Self.day(2027, 1, 23)) == (1448, 8, 15))
        #expect(window.contains(Self.day(2027, 2, 8)))
        #expect(window.contains(Self.day(2027, 1, 23)))
        #expect(!window.contains(Self.day(2027, 1, 22)))
        #expect(!window.contains(Self.day(2027, 2, 9)))
    }

    @Test("a Gregorian window, and one across the turn of the year")
    func gregorian() {
        let school = SeasonWindow(calendar: .gregorian, start: .init(8, 1), end: .init(8, 31))
        #expect(school.contains(Self.day(2026, 8, 15)) && !school.contains(Self.day(2026, 9, 1)))
        let winter = SeasonWindow(calendar: .gregorian, start: .init(12, 15), end: .init(1, 15))
        #expect(winter.contains(Self.day(2026, 12, 20)) && winter.contains(Self.day(2027, 1, 10)) && !winter.contains(Self.day(2026, 11, 25)))
    }

    @Test("month-day text: MM-DD with either digits; nonsense refused")
    func parsing() {
        #expect(SeasonWindow.MonthDay("٠٨-١٥") == .init(8, 15))
        #expect(SeasonWindow.MonthDay("13-01") == nil)
        #expect(SeasonWindow.MonthDay("x") == nil)
        #expect(SeasonWindow.MonthDay(9, 1).description == "09-01")
    }
}
