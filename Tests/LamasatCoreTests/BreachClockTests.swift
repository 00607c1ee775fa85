import Foundation
import LamasatCore
import Testing

@Suite("The breach clock: 72 clock hours from discovery, weekends included")
struct BreachClockTests {
    let found = Date(timeIntervalSince1970: 1_796_000_000)  // a Thursday in Riyadh: the hours run through Friday and Saturday

    @Test("running, then over by whole hours; the deadline is exactly 72 hours after discovery")
    func running() {
        let clock = BreachClock(discovered: found, authorityNotified: nil, notRequired: false, now: found.addingTimeInterval(3_600 + 60))
        #expect(clock.deadline == found.addingTimeInterval(72 * 3_600))
        guard case .running(let left) = clock.state else { Issue.record("not running: \(clock.state)"); return }
        #expect(BreachClock.hours(left, roundingUp: true) == 71 && clock.isPending)
        let late = BreachClock(discovered: found, authorityNotified: nil, notRequired: false, now: found.addingTimeInterval(74.5 * 3_600))
        guard case .overdue(let by) = late.state else { Issue.record("not overdue: \(late.state)"); return }
        #expect(BreachClock.hours(by, roundingUp: false) == 2 && late.isPending)
    }

    @Test("a notification at the 72nd hour is in time, a minute later is late; 'not notifiable' stops the clock")
    func settled() {
        let onTime = BreachClock(discovered: found, authorityNotified: found.addingTimeInterval(72 * 3_600), notRequired: false, now: found.addingTimeInterval(99 * 3_600))
        let late = BreachClock(discovered: found, authorityNotified: found.addingTimeInterval(72 * 3_600 + 60), notRequired: false, now: found)
        let none = BreachClock(discovered: found, authorityNotified: nil, notRequired: true, now: found.addingTimeInterval(500 * 3_600))
        #expect(onTime.state == .notifiedInTime && late.state == .notifiedLate && none.state == .notRequired)
        #expect(!onTime.isPending && !late.isPending && !none.isPending)
    }
}
