import Foundation
import Testing
@testable import LamasatCore

@Suite("Report periods: Gregorian and Hijri months, quarters, years and custom ranges in Riyadh time")
struct ReportPeriodTests {
    /// 00:00 in Riyadh of a Gregorian day (UTC+3, no daylight saving).
    static func riyadhMidnight(_ y: Int, _ m: Int, _ d: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: y, month: m, day: d))!.addingTimeInterval(-3 * 3600)
    }

    @Test("Ramadan 1447 runs from 18 February to 19 March 2026: its first and last second are in it, the next second is not")
    func hijriMonthBoundaries() throws {
        let ramadan = try #require(ReportPeriod.hijriMonth(1447, 9))
        #expect(ramadan.start == Self.riyadhMidnight(2026, 2, 18))
        #expect(ramadan.end == Self.riyadhMidnight(2026, 3, 20))
        #expect(ramadan.contains(ramadan.start))
        #expect(!ramadan.contains(ramadan.start.addingTimeInterval(-1)))
        #expect(ramadan.contains(ramadan.end.addingTimeInterval(-1)))
        #expect(!ramadan.contains(ramadan.end))
        // The next second is the first of Shawwal's.
        let shawwal = try #require(ReportPeriod.hijriMonth(1447, 10))
        #expect(shawwal.start == ramadan.end && shawwal.contains(ramadan.end))
        #expect(shawwal.previous == ramadan)
        #expect(ramadan.dayCount == 30)
    }

    @Test("A Hijri year is Muharram to Dhu al-Hijjah; the one before 1448 is 1447")
    func hijriYear() throws {
        let year = try #require(ReportPeriod.hijriYear(1448))
        #expect(year.start == Self.riyadhMidnight(2026, 6, 16))
        #expect(year.end == Self.riyadhMidnight(2027, 6, 6))
        #expect(year.months.count == 12 && year.months.first?.start == year.start && year.months.last?.end == year.end)
        #expect(year.previous == ReportPeriod.hijriYear(1447))
        #expect(year.title(.ar) == "1448هـ" && year.title(.en) == "1448 AH")
    }

    @Test("Gregorian month, quarter and year: bounds, previous period across the year's turn, labels in both languages")
    func gregorian() throws {
        let january = try #require(ReportPeriod.month(2026, 1))
        #expect(january.previous == ReportPeriod.month(2025, 12))
        #expect(january.end == Self.riyadhMidnight(2026, 2, 1))
        #expect(january.title(.en) == "January 2026" && january.title(.ar) == "يناير 2026م")
        let q1 = try #require(ReportPeriod.quarter(2026, 1))
        #expect(q1.previous == ReportPeriod.quarter(2025, 4))
        #expect(q1.dayCount == 90 && q1.months.count == 3)
        #expect(q1.title(.en) == "Q1 2026" && q1.title(.ar) == "الربع الأول 2026م")
        #expect(try #require(ReportPeriod.year(2024)).dayCount == 366)
        // The label's span names both calendars.
        #expect(january.span(.en).contains("AH") && january.span(.ar).contains("هـ"))
    }

    @Test("Tokens read back to the same period, with Arabic-Indic digits too")
    func tokens() throws {
        for period in [ReportPeriod.month(2026, 11), .quarter(2026, 4), .year(2026), .hijriMonth(1448, 6), .hijriYear(1448),
                       try ReportPeriod.custom(from: .init(gregorianYear: 2026, month: 11, day: 3), through: .init(gregorianYear: 2026, month: 12, day: 2))] {
            let period = try #require(period)
            #expect(try ReportPeriod.parse(period.token) == period)
        }
        #expect(try ReportPeriod.parse("٢٠٢٦-١١") == ReportPeriod.month(2026, 11))
        #expect(try ReportPeriod.parse("h1448-06") == ReportPeriod.hijriMonth(1448, 6))
    }

    @Test("A custom range includes both days; the previous one is as long and ends where it starts; month pieces are cut at its ends")
    func custom() throws {
        let range = try ReportPeriod.custom(from: .init(gregorianYear: 2026, month: 11, day: 20), through: .init(gregorianYear: 2026, month: 12, day: 9))
        #expect(range.start == Self.riyadhMidnight(2026, 11, 20) && range.end == Self.riyadhMidnight(2026, 12, 10))
        #expect(range.previous.end == range.start && range.previous.dayCount == 20)
        #expect(range.months.map(\.dayCount) == [11, 9])
    }

    @Test("A period is covered exactly by its whole Gregorian months and the days around them")
    func monthCover() throws {
        let periods = [ReportPeriod.year(2026)!, ReportPeriod.quarter(2026, 4)!, ReportPeriod.month(2026, 2)!, ReportPeriod.hijriYear(1447)!,
                       ReportPeriod.hijriMonth(1448, 5)!,
                       try ReportPeriod.custom(from: .init(gregorianYear: 2026, month: 1, day: 15), through: .init(gregorianYear: 2026, month: 4, day: 10)),
                       try ReportPeriod.custom(from: .init(gregorianYear: 2026, month: 3, day: 2), through: .init(gregorianYear: 2026, month: 3, day: 30))]
        for period in periods {
            let cover = period.monthCover
            var days: [Int] = Array(cover.head) + Array(cover.tail)
            for start in cover.monthStarts {
                #expect(ReportPeriod.monthStart(ofDay: start) == start, "a month row starts its month")
                var day = start
                while ReportPeriod.monthStart(ofDay: day) == start { days.append(day); day += 1 }
            }
            #expect(days.sorted() == Array(period.firstDay..<period.endDay), "\(period.token)")
        }
        #expect(ReportPeriod.year(2026)!.monthCover.monthStarts.count == 12 && ReportPeriod.year(2026)!.monthCover.head.isEmpty)
        #expect(ReportPeriod.hijriMonth(1448, 5)!.monthCover.monthStarts.isEmpty)
        // The period before a range that starts on 1 January 1900 lies in 1899: all days, no month row.
        let earliest = try ReportPeriod.custom(from: .init(gregorianYear: 1900, month: 1, day: 1), through: .init(gregorianYear: 1900, month: 1, day: 31))
        #expect(earliest.previous.monthCover.monthStarts.isEmpty && earliest.previous.monthCover.head.count == 31)
    }

    @Test("Bad input gives this month and the reason, never a failure")
    func badInput() throws {
        let now = Self.riyadhMidnight(2026, 11, 25).addingTimeInterval(9 * 3600)
        let thisMonth = ReportPeriod.month(2026, 11)!
        let cases: [(String?, String?, String?, ReportPeriod.Problem?)] = [
            (nil, nil, nil, nil), ("", "", "", nil), ("garbage", nil, nil, .invalid), ("2026-13", nil, nil, .invalid),
            ("2026-Q5", nil, nil, .invalid), ("H1600", nil, nil, .outsideCalendar), ("H1448-Q1", nil, nil, .invalid),
            (nil, "2026-12-01", "2026-11-01", .reversed), (nil, "2000-01-01", "2026-11-01", .tooLong), (nil, "2026-02-30", "2026-03-01", .invalid),
            (nil, "1850-01-01", "1850-01-31", .outsideCalendar), (nil, "2026-01-01", "2301-01-01", .outsideCalendar),
        ]
        for (token, from, to, problem) in cases {
            let (period, found) = ReportPeriod.requested(period: token, from: from, to: to, now: now)
            #expect(found == problem, "\(token ?? "-") \(from ?? "-") \(to ?? "-")")
            #expect(period == thisMonth)
        }
        // A custom range typed in Hijri days (Arabic-Indic digits too) is the same range as its Gregorian days.
        let hijri = ReportPeriod.requested(period: nil, from: "1448/05/01", to: "١٤٤٨/٠٥/٣٠", now: now)
        let jumadaI = try #require(ReportPeriod.hijriMonth(1448, 5))
        #expect(hijri.problem == nil && hijri.period.first == jumadaI.first && hijri.period.last == jumadaI.last)
        #expect(hijri.period.first == CalendarDay(gregorianYear: 2026, month: 10, day: 12))
        #expect(ReportPeriod.requested(period: nil, from: "1448/13/01", to: "1448/05/30", now: now).problem == .invalid)
        // A lone "from" is a one-day range.
        #expect(ReportPeriod.requested(period: nil, from: "2026-11-03", to: nil, now: now).period.dayCount == 1)
    }
}
