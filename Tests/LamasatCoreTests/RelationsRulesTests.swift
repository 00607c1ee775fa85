import Foundation
import Testing
@testable import LamasatCore

@Suite("Working days, inquiry and complaint rules")
struct RelationsRulesTests {
    /// A moment on a day in Riyadh (noon).
    static func day(_ y: Int, _ m: Int, _ d: Int, hour: Int = 12) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: hour))!
    }

    @Test("Friday and Saturday are the weekend; holidays are skipped too")
    func weekend() {
        let calendar = WorkingCalendar(holidays: ["2026-12-02"])
        #expect(calendar.isWorkingDay(Self.day(2026, 11, 26)))   // Thursday
        #expect(!calendar.isWorkingDay(Self.day(2026, 11, 27)))  // Friday
        #expect(!calendar.isWorkingDay(Self.day(2026, 11, 28)))  // Saturday
        #expect(calendar.isWorkingDay(Self.day(2026, 11, 29)))   // Sunday
        #expect(!calendar.isWorkingDay(Self.day(2026, 12, 2)))   // holiday
    }

    @Test("a target of N working days ends at the end of the N-th working day after the day received", arguments: [
        // Received Thursday: one working day later is Sunday (the weekend is skipped).
        (2026, 11, 26, 1, "2026-11-29"),
        // Received Wednesday 25th, three days: Thursday, Sunday, Monday.
        (2026, 11, 25, 3, "2026-11-30"),
        // Received on Friday with a target of 0: the end of the next working day.
        (2026, 11, 27, 0, "2026-11-29"),
        // The holiday on Wednesday 2 December is skipped: Mon 30, Tue 1, Thu 3.
        (2026, 11, 29, 3, "2026-12-03"),
    ])
    func due(y: Int, m: Int, d: Int, days: Int, expected: String) {
        let calendar = WorkingCalendar(holidays: ["2026-12-02"])
        let due = calendar.due(after: Self.day(y, m, d), workingDays: days)
        #expect(calendar.dayString(due) == expected)
        #expect(calendar.dayString(due.addingTimeInterval(1)) != expected, "due is the last second of the day")
    }

    @Test("working days between two moments skip weekends and holidays")
    func between() {
        let calendar = WorkingCalendar(holidays: ["2026-12-02"])
        #expect(calendar.workingDays(from: Self.day(2026, 11, 26), to: Self.day(2026, 11, 26, hour: 20)) == 0)
        #expect(calendar.workingDays(from: Self.day(2026, 11, 26), to: Self.day(2026, 11, 29)) == 1)
        #expect(calendar.workingDays(from: Self.day(2026, 11, 26), to: Self.day(2026, 12, 3)) == 4)
        // The working day count and the due date agree for every start and target.
        for start in 20...30 {
            for target in 0...6 {
                let from = Self.day(2026, 11, start)
                let due = calendar.due(after: from, workingDays: target)
                let counted = calendar.workingDays(from: from, to: due)
                #expect(counted == target || (target == 0 && counted <= 1), "start \(start) target \(target)")
            }
        }
    }

    @Test("day arithmetic agrees with Foundation's Riyadh calendar at every day's edges, 1990 to 2060")
    func dayNumbersMatchFoundation() {
        var riyadh = Calendar(identifier: .gregorian)
        riyadh.timeZone = DualCalendarFormatter.riyadh
        let calendar = WorkingCalendar(holidays: ["2031-03-05", "2060-12-31"])
        var day = Self.day(1990, 1, 1, hour: 0)
        var checked = 0
        while day < Self.day(2060, 12, 31, hour: 0) {
            let c = riyadh.dateComponents([.year, .month, .day, .weekday], from: day)
            let expected = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            let working = c.weekday != 6 && c.weekday != 7 && !calendar.holidays.contains(expected)
            for moment in [day, day.addingTimeInterval(86_399)] {  // 00:00:00 and 23:59:59 of the same day
                #expect(calendar.dayString(moment) == expected)
                #expect(calendar.isWorkingDay(moment) == working, "\(expected)")
            }
            #expect(calendar.dayString(day.addingTimeInterval(-1)) != expected, "the second before midnight is the day before")
            day = riyadh.date(byAdding: .day, value: 7 * 13 + 1, to: day)!  // every weekday over the years
            checked += 1
        }
        #expect(checked > 280)
        let now = Self.day(2026, 12, 3, hour: 9)
        for limit in [0, 2, 5, 10] {
            let cutoff = calendar.earliestStart(withinWorkingDays: limit, of: now)
            for hoursBack in stride(from: 0, through: 24 * 30, by: 5) {
                let received = now.addingTimeInterval(-Double(hoursBack) * 3600)
                #expect((calendar.workingDays(from: received, to: now) <= limit) == (received >= cutoff), "limit \(limit), \(hoursBack) h back")
            }
        }
        #expect(!calendar.isWorkingDay(Self.day(2031, 3, 5)), "a holiday as text is matched by its day")
        #expect(calendar.workingDays(from: Self.day(1999, 12, 30), to: Self.day(2000, 1, 2)) == 1, "Thursday to Sunday across a year")
    }

    @Test("inquiries: answered, referred, closed and reopened only along the allowed paths")
    func inquiryPaths() {
        let allowed: [InquiryStatus: [InquiryStatus.Action: InquiryStatus]] = [
            .new: [.answer: .answered, .refer: .referred],
            .answered: [.answer: .answered, .close: .closed],
            .referred: [.answer: .answered, .close: .closed],
            .closed: [.reopen: .new],
        ]
        for status in InquiryStatus.allCases {
            for action in InquiryStatus.Action.allCases {
                #expect(status.applying(action) == allowed[status]?[action], "\(status) + \(action)")
            }
        }
    }

    @Test("complaints: responded before closing; reopened after")
    func complaintPaths() {
        let allowed: [ComplaintStatus: [ComplaintStatus.Action: ComplaintStatus]] = [
            .open: [.respond: .responded], .responded: [.respond: .responded, .close: .closed], .closed: [.reopen: .open],
        ]
        for status in ComplaintStatus.allCases {
            for action in ComplaintStatus.Action.allCases {
                #expect(status.applying(action) == allowed[status]?[action], "\(status) + \(action)")
            }
        }
    }

    @Test("confidential complaints and complaints about staff reach managers only, never the staff member herself")
    func visibility() {
        let me = 1, other = 2
        #expect(ComplaintVisibility.visible(confidential: false, aboutStaff: nil as Int?, viewer: me, viewerIsManager: false))
        #expect(!ComplaintVisibility.visible(confidential: true, aboutStaff: nil as Int?, viewer: me, viewerIsManager: false))
        #expect(ComplaintVisibility.visible(confidential: true, aboutStaff: nil as Int?, viewer: me, viewerIsManager: true))
        #expect(!ComplaintVisibility.visible(confidential: false, aboutStaff: other, viewer: me, viewerIsManager: false))
        #expect(ComplaintVisibility.visible(confidential: false, aboutStaff: other, viewer: me, viewerIsManager: true))
        #expect(!ComplaintVisibility.visible(confidential: false, aboutStaff: me, viewer: me, viewerIsManager: true))
        #expect(!ComplaintVisibility.visible(confidential: true, aboutStaff: me, viewer: me, viewerIsManager: true))
    }

    @Test("canned replies fill the known variables and name the unknown ones")
    func replies() {
        let template = "أهلًا {name}، طلبك {tracking} والموعد {expected} {unknown}"
        #expect(ReplyTemplate.fill(template, ["name": "نورة", "tracking": "R-2026-000001", "expected": ""])
                == "أهلًا نورة، طلبك R-2026-000001 والموعد {expected} {unknown}")
        #expect(ReplyTemplate.unknownVariables(in: template) == ["unknown"])
        #expect(ReplyTemplate.unknownVariables(in: "{name} {name}").isEmpty)
    }
}
