import LamasatCore
import Testing

/// Issue 18, part A: the calendar of a pledge and the donor's identifier.
@Suite("Pledge schedule")
struct PledgeScheduleTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDay { CalendarDay(gregorianYear: y, month: m, day: d) }

    @Test("a month later stays inside the month: 31 Jan → 28 Feb, or 29 in a leap year; December rolls into the next year")
    func monthEnds() {
        #expect(PledgeSchedule.adding(months: 1, to: day(2026, 1, 31)) == day(2026, 2, 28))
        #expect(PledgeSchedule.adding(months: 1, to: day(2028, 1, 31)) == day(2028, 2, 29))
        #expect(PledgeSchedule.adding(months: 3, to: day(2026, 11, 30)) == day(2027, 2, 28))
        #expect(PledgeSchedule.adding(months: 12, to: day(2028, 2, 29)) == day(2029, 2, 28))
        #expect(PledgeSchedule.adding(months: -1, to: day(2026, 3, 31)) == day(2026, 2, 28))
        #expect(PledgeSchedule.adding(days: 3, to: day(2026, 12, 30)) == day(2027, 1, 2))
    }

    @Test("instalments are counted from the start, so a month end does not drift: 31 Jan, 28 Feb, 31 Mar")
    func noDrift() {
        let start = day(2026, 1, 31)
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 1, instalments: 12, paid: 1) == day(2026, 2, 28))
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 1, instalments: 12, paid: 2) == day(2026, 3, 31))
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 3, instalments: 0, paid: 4) == day(2027, 1, 31))
    }

    @Test("a pledge is fulfilled after its last instalment; a single gift after one; an open one never")
    func fulfilled() {
        let start = day(2026, 5, 10)
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 1, instalments: 3, paid: 3) == nil)
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 1, instalments: 3, paid: 2) == day(2026, 7, 10))
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 0, instalments: 1, paid: 0) == start)
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 0, instalments: 1, paid: 1) == nil)
        #expect(PledgeSchedule.nextDue(startsOn: start, frequencyMonths: 12, instalments: 0, paid: 40) == day(2066, 5, 10))
    }

    @Test("the reminder belongs to the three days before the due day and the day itself, not before or after")
    func reminderWindow() {
        let due = day(2026, 3, 10)
        #expect(!PledgeSchedule.isReminderDue(due, today: day(2026, 3, 6)))
        #expect(PledgeSchedule.isReminderDue(due, today: day(2026, 3, 7)))
        #expect(PledgeSchedule.isReminderDue(due, today: day(2026, 3, 10)))
        #expect(!PledgeSchedule.isReminderDue(due, today: day(2026, 3, 11)))
    }

    @Test("a donor's identifier: a national ID with its check digit for a person, ten digits for an organization, or nothing")
    func identifier() throws {
        let valid = NationalID.make(kind: .citizen, body: 12_345_678).value
        #expect(try DonorIdentifier.check(valid, kind: .individual) == valid)
        #expect(try DonorIdentifier.check("", kind: .individual) == "")
        #expect(throws: NationalID.Problem.checkDigit) { try DonorIdentifier.check(String(valid.dropLast()) + String((Int(String(valid.last!))! + 1) % 10), kind: .individual) }
        #expect(try DonorIdentifier.check("١٠١٠٢٣٤٥٦٧", kind: .organization) == "1010234567")
        #expect(throws: DonorIdentifier.Problem.commercialRegistration) { try DonorIdentifier.check("12345", kind: .organization) }
    }
}
