import Foundation
import LamasatCore
import Testing

@Suite("The rights-request deadline: 30 days, ending on a working day no later than the law's, left told in working days")
struct RightsDeadlineTests {
    /// Noon in Riyadh on a Gregorian day.
    func noon(_ y: Int, _ m: Int, _ d: Int) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = DualCalendarFormatter.riyadh
        return c.date(from: DateComponents(year: y, month: m, day: d, hour: 12))!
    }

    @Test("the 30th day on a working day is the deadline, to its last second")
    func workingDay() {
        let deadline = RightsDeadline(calendar: WorkingCalendar())
        // 2 December 2026 (Wednesday) + 30 days = 1 January 2027, a Friday; 1 December (Tuesday) + 30 = 31 December, a Thursday.
        let due = deadline.due(from: noon(2026, 12, 1))
        #expect(WorkingCalendar().dayString(due) == "2026-12-31")
        #expect(due == noon(2026, 12, 31).addingTimeInterval(12 * 3_600 - 1))
    }

    @Test("a 30th day on Friday or Saturday steps back to Thursday; a holiday steps back further")
    func weekendAndHoliday() {
        #expect(WorkingCalendar().dayString(RightsDeadline(calendar: WorkingCalendar()).due(from: noon(2026, 12, 2))) == "2026-12-31")
        #expect(WorkingCalendar().dayString(RightsDeadline(calendar: WorkingCalendar()).due(from: noon(2026, 12, 3))) == "2026-12-31")
        let holidays = WorkingCalendar(holidays: ["2026-12-31", "2026-12-30"])
        #expect(holidays.dayString(RightsDeadline(calendar: holidays).due(from: noon(2026, 12, 2))) == "2026-12-29")
        // Extended by 30 days from the first deadline: 31 Dec + 30 = 30 January 2027, a Saturday → Thursday 28 January.
        let first = RightsDeadline(calendar: WorkingCalendar()).due(from: noon(2026, 12, 1))
        #expect(WorkingCalendar().dayString(RightsDeadline(calendar: WorkingCalendar()).due(from: first, days: 30)) == "2027-01-28")
    }

    @Test("what is left is counted in working days, skipping the weekend and holidays; nothing once the deadline passed")
    func left() {
        let calendar = WorkingCalendar(holidays: ["2026-12-29"])
        let deadline = RightsDeadline(calendar: calendar)
        let due = deadline.due(from: noon(2026, 12, 1))  // Thursday 31 December
        // From Thursday 24 December: Sun 27, Mon 28, (Tue 29 holiday), Wed 30, Thu 31.
        #expect(deadline.workingDaysLeft(until: due, now: noon(2026, 12, 24)) == 4)
        #expect(deadline.workingDaysLeft(until: due, now: noon(2026, 12, 31)) == 0)
        #expect(deadline.workingDaysLeft(until: due, now: noon(2027, 1, 1)) == nil)
    }
}
