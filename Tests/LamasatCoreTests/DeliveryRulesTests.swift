import Foundation
import Testing
@testable import LamasatCore

@Suite("Quiet hours, delivery failures, gateway bodies and send rates")
struct DeliveryRulesTests {
    static func riyadh(_ d: Int, _ h: Int, _ m: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        return calendar.date(from: DateComponents(year: 2026, month: 11, day: d, hour: h, minute: m))!
    }

    @Test("between 22:00 and 08:00 Riyadh a message waits for 08:00; urgent ones go now", arguments: [
        (25, 21, 59, 25, 21, 59), (25, 22, 0, 26, 8, 0), (25, 23, 30, 26, 8, 0), (26, 0, 10, 26, 8, 0), (26, 7, 59, 26, 8, 0), (26, 8, 0, 26, 8, 0),
    ])
    func quiet(d: Int, h: Int, m: Int, ed: Int, eh: Int, em: Int) {
        #expect(QuietHours.nextAllowed(after: Self.riyadh(d, h, m), urgent: false) == Self.riyadh(ed, eh, em))
        #expect(QuietHours.nextAllowed(after: Self.riyadh(d, h, m), urgent: true) == Self.riyadh(d, h, m))
    }

    @Test("quiet hours can be moved or turned off")
    func configurable() {
        #expect(QuietHours.nextAllowed(after: Self.riyadh(25, 23), urgent: false, start: 0, end: 0) == Self.riyadh(25, 23))
        #expect(QuietHours.nextAllowed(after: Self.riyadh(25, 14), urgent: false, start: 13, end: 16) == Self.riyadh(25, 16))
        #expect(QuietHours.nextAllowed(after: Self.riyadh(25, 12), urgent: false, start: 13, end: 16) == Self.riyadh(25, 12))
    }

    @Test("HTTP answers: 2xx sent, 4xx permanent, 408/425/429 and 5xx transient")
    func classify() {
        #expect(DeliveryFailure.classify(status: 202, body: "") == nil)
        #expect(DeliveryFailure.classify(status: 400, body: "bad number") == .permanent("HTTP 400: bad number"))
        #expect(DeliveryFailure.classify(status: 429, body: "") == .transient("HTTP 429"))
        #expect(DeliveryFailure.classify(status: 503, body: "") == .transient("HTTP 503"))
    }

    @Test("a gateway body stays valid JSON whatever the message holds")
    func template() throws {
        let body = GatewayTemplate.render(#"{"to":"{to}","text":"{text}"}"#, ["to": "+966501234567", "text": "أهلًا \"نورة\"\nسطر\\ثانٍ\u{1}"])
        let parsed = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
        #expect(parsed?["text"] == "أهلًا \"نورة\"\nسطر\\ثانٍ\u{1}")
        #expect(parsed?["to"] == "+966501234567")
    }

    @Test("a send rate spaces messages evenly")
    func rate() {
        var rate = SendRate(perSecond: 2)
        let now = Date(timeIntervalSince1970: 1_000)
        #expect(rate.reserve(now: now) == 0)
        #expect(rate.reserve(now: now) == 0.5)
        #expect(rate.reserve(now: now) == 1.0)
        #expect(rate.reserve(now: now.addingTimeInterval(5)) == 0)
        var unlimited = SendRate(perSecond: 0)
        #expect(unlimited.reserve(now: now) == 0 && unlimited.reserve(now: now) == 0)
    }
}
