import Foundation
import PropertyBased
import Testing
@testable import LamasatCore

// Property-based tests (issue 14) for the Umm al-Qura table, Hijri birth dates and the dual-calendar formatter.

@Suite("Hijri and Gregorian days, property-based")
struct CalendarPropertyTests {
    /// Every Gregorian day the table covers: 1 Muharram 1343 (1924-08-01) to the last day of 1500 AH (2077-11-15),
    /// in reduced Julian days.
    static let tableDays = Int(UmmAlQuraTable.monthStarts.first!)...Int(UmmAlQuraTable.monthStarts.last!) - 1
    /// Seconds from noon in Riyadh that stay within the same Riyadh day.
    static let withinDay = -43_200...43_199

    static func gregorianDay(_ rjd: Int) -> CalendarDay {
        let day = UmmAlQura.fromReducedJulianDay(rjd)
        return CalendarDay(gregorianYear: day.year, month: day.month, day: day.day)
    }

    /// The digits of `text` rewritten in the digit sets chosen position by position (0 Western, 1 ٠–٩, 2 ۰–۹).
    static func reDigit(_ text: String, sets: [Int]) -> String {
        var index = 0
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            guard (0x30...0x39).contains(scalar.value) else { return scalar }
            defer { index += 1 }
            let base: UInt32 = [0x30, 0x0660, 0x06F0][sets[index % sets.count] % 3]
            return Unicode.Scalar(base + scalar.value - 0x30)!
        }))
    }

    /// Reads "15 جمادى الآخرة 1448هـ" / "15 Jumada II 1448 AH" back into (year, month, day) with the formatter's own
    /// month names.
    static func readHijri(_ text: String, language: Language) -> (year: Int, month: Int, day: Int)? {
        let mark = language == .ar ? "هـ" : " AH"
        guard text.hasSuffix(mark) else { return nil }
        let body = text.dropLast(mark.count)
        guard let firstSpace = body.firstIndex(of: " "), let lastSpace = body.lastIndex(of: " "), firstSpace < lastSpace,
              let day = Int(body[..<firstSpace]), let year = Int(body[body.index(after: lastSpace)...]),
              let month = DualCalendarFormatter.hijriMonths[language]!.firstIndex(of: String(body[body.index(after: firstSpace)..<lastSpace]))
        else { return nil }
        return (year, month + 1, day)
    }

    /// Reads "25 نوفمبر 2026م" / "25 November 2026" back into a Gregorian day.
    static func readGregorian(_ text: String, language: Language) -> CalendarDay? {
        let body = language == .ar ? (text.hasSuffix("م") ? String(text.dropLast()) : nil) : text
        guard let parts = body?.split(separator: " "), parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]) else { return nil }
        // ICU's month names; the formatter's own list for monthYear() is checked against them in the test.
        guard let month = DualCalendarFormatter.gregorianMonths[language]!.firstIndex(of: String(parts[1])) else { return nil }
        return CalendarDay(gregorianYear: year, month: month + 1, day: day)
    }

    @Test("Gregorian → Hijri → Gregorian is the identity for every day of the table, through the public CalendarDay API")
    func roundTrip() async {
        await propertyCheck(count: 200, input: Gen.int(in: Self.tableDays)) { rjd in
            let day = Self.gregorianDay(rjd)
            let hijri = day.hijri
            #expect(!hijri.isEmpty, "\(day)")
            #expect((try? CalendarDay.day(hijri, calendar: .hijri)) == day, "\(day) → \(hijri)")
            // The same Hijri day in dd/mm/yyyy, unpadded.
            if let parts = UmmAlQura.hijri(year: day.year, month: day.month, day: day.day) {
                #expect((try? CalendarDay.day("\(parts.day)/\(parts.month)/\(parts.year)", calendar: .hijri)) == day)
                #expect(UmmAlQura.monthLength(year: parts.year, month: parts.month).map { parts.day <= $0 } == true)
            }
            // And the Gregorian day itself, typed in the Gregorian calendar.
            #expect((try? CalendarDay.day(day.description, calendar: .gregorian)) == day)
        }
    }

    @Test("consecutive Gregorian days are consecutive Hijri days: the next day, or the 1st of the next month after the month's last day")
    func consecutive() async {
        await propertyCheck(count: 200, input: Gen.int(in: Self.tableDays.lowerBound...Self.tableDays.upperBound - 1)) { rjd in
            let today = Self.gregorianDay(rjd), tomorrow = Self.gregorianDay(rjd + 1)
            guard let a = UmmAlQura.hijri(year: today.year, month: today.month, day: today.day),
                  let b = UmmAlQura.hijri(year: tomorrow.year, month: tomorrow.month, day: tomorrow.day),
                  let length = UmmAlQura.monthLength(year: a.year, month: a.month)
            else { Issue.record("\(today) or \(tomorrow) outside the table"); return }
            if a.day < length {
                #expect(b.year == a.year && b.month == a.month && b.day == a.day + 1, "\(today): \(a) → \(b)")
            } else {
                #expect(b.day == 1 && (a.month == 12 ? (b.year == a.year + 1 && b.month == 1) : (b.year == a.year && b.month == a.month + 1)),
                        "\(today): \(a) → \(b)")
            }
        }
    }

    @Test("the printed Hijri and Gregorian dates, at any time of the Riyadh day, read back to that same day, with Western digits only")
    func formattedReadsBack() async {
        await propertyCheck(count: 200, input: Gen.int(in: Self.tableDays), Gen.int(in: Self.withinDay), Gen.bool) { rjd, seconds, arabic in
            let day = Self.gregorianDay(rjd)
            let language: Language = arabic ? .ar : .en
            let moment = day.moment.addingTimeInterval(Double(seconds))
            let output = DualCalendarFormatter(language: language).date(moment)
            let hijri = UmmAlQura.hijri(year: day.year, month: day.month, day: day.day)!
            let components = DualCalendarFormatter(language: language).hijriComponents(moment)
            #expect(components == hijri, "\(day) at noon\(seconds >= 0 ? "+" : "")\(seconds)s")
            guard let read = Self.readHijri(output.hijri, language: language) else {
                Issue.record("unreadable Hijri date \(output.hijri.debugDescription)"); return
            }
            #expect(read == hijri, "\(output.hijri)")
            let back = UmmAlQura.gregorian(year: read.year, month: read.month, day: read.day)
            #expect(back.map { CalendarDay(gregorianYear: $0.year, month: $0.month, day: $0.day) } == day)
            #expect((try? CalendarDay.day("\(read.year)-\(read.month)-\(read.day)", calendar: .hijri)) == day)
            #expect(Self.readGregorian(output.gregorian, language: language) == day, "\(output.gregorian)")
            #expect(output.combined == output.gregorian + " — " + output.hijri)
            #expect(!output.combined.unicodeScalars.contains { (0x0660...0x0669).contains($0.value) || (0x06F0...0x06F9).contains($0.value) })
        }
    }

    @Test("a Hijri or Gregorian date typed in Arabic-Indic digits, in either order, is the same day and prints the same as in Western digits")
    func digitsDoNotMatter() async {
        await propertyCheck(count: 200, input: Gen.int(in: Self.tableDays), Gen.int(in: 0...2).array(of: 1...10), Gen.int(in: 0...3)) { rjd, sets, form in
            let day = Self.gregorianDay(rjd)
            let h = UmmAlQura.hijri(year: day.year, month: day.month, day: day.day)!
            let separator = ["-", "/", ".", " / "][form]
            let hijriWestern = form % 2 == 0 ? "\(h.year)\(separator)\(h.month)\(separator)\(h.day)" : "\(h.day)\(separator)\(h.month)\(separator)\(h.year)"
            let gregorianWestern = form % 2 == 0 ? day.description : "\(day.day)\(separator)\(day.month)\(separator)\(day.year)"
            for (western, calendar) in [(hijriWestern, CalendarDay.Calendar.hijri), (gregorianWestern, .gregorian)] {
                let typed = Self.reDigit(western, sets: sets)
                let fromWestern = try? CalendarDay.day(western, calendar: calendar)
                let fromTyped = try? CalendarDay.day(typed, calendar: calendar)
                #expect(fromWestern == day, "\(western)")
                #expect(fromTyped == fromWestern, "\(typed) vs \(western)")
                for language in Language.allCases {
                    let formatter = DualCalendarFormatter(language: language)
                    #expect(fromTyped.map { formatter.date($0.moment) } == fromWestern.map { formatter.date($0.moment) })
                }
            }
        }
    }

    @Test("a Hijri birth date is accepted exactly when it is not after today in Riyadh, whatever the time of day")
    func notInFuture() async {
        await propertyCheck(count: 200, input: Gen.int(in: Self.tableDays.lowerBound + 3...Self.tableDays.upperBound - 3),
                            Gen.int(in: -3...3), Gen.int(in: Self.withinDay)) { rjd, offset, seconds in
            let birth = Self.gregorianDay(rjd)
            let today = Self.gregorianDay(rjd + offset).moment.addingTimeInterval(Double(seconds))
            let accepted = try? CalendarDay(birth: birth.hijri, calendar: .hijri, today: today)
            if offset >= 0 {
                #expect(accepted == birth, "born \(birth), today \(Self.gregorianDay(rjd + offset))")
            } else {
                #expect(throws: CalendarDay.Problem.inFuture) { try CalendarDay(birth: birth.hijri, calendar: .hijri, today: today) }
            }
        }
    }

    @Test("Hijri years before the table are refused as too old, after it as in the future, and days past a month's end as no such day")
    func outsideTable() async {
        let range = UmmAlQura.yearRange
        await propertyCheck(count: 150, input: Gen.int(in: 1000...(range.lowerBound - 1)), Gen.int(in: (range.upperBound + 1)...1999),
                            Gen.int(in: range), Gen.int(in: 1...12)) { old, future, year, month in
            #expect(throws: CalendarDay.Problem.tooOld) { try CalendarDay.day("\(old)-\(month)-1", calendar: .hijri) }
            #expect(throws: CalendarDay.Problem.inFuture) { try CalendarDay.day("\(future)-\(month)-1", calendar: .hijri) }
            guard let length = UmmAlQura.monthLength(year: year, month: month) else { Issue.record("\(year)-\(month)"); return }
            #expect((try? CalendarDay.day("\(year)-\(month)-\(length)", calendar: .hijri)) != nil)
            if length < 30 {
                #expect(throws: CalendarDay.Problem.noSuchDay) { try CalendarDay.day("\(year)-\(month)-\(length + 1)", calendar: .hijri) }
            }
        }
    }
}
