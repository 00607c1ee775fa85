import Foundation
import PropertyBased
import Testing
@testable import LamasatCore

@Suite("Portal sign-in codes")
struct OneTimeCodeTests {
    let policy = OneTimeCodePolicy.standard
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("codes are six digits, read back however they are typed")
    func codes() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = SplitMix64(seed: UInt64(seed))
            let code = policy.generate(using: &generator)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            #expect(policy.canonical(code) == code)
            #expect(policy.canonical(" " + code.prefix(3) + " " + code.dropFirst(3) + " ") == code)
        }
        #expect(policy.canonical("١٢٣٤٥٦") == "123456")
        #expect(policy.canonical("12345") == nil && policy.canonical("1234567") == nil && policy.canonical("12a456") == nil)
    }

    @Test("a code works once, for ten minutes, within five tries")
    func checks() {
        #expect(policy.check(matches: true, createdAt: start, tries: 0, used: false, now: start.addingTimeInterval(599)) == .accepted)
        #expect(policy.check(matches: true, createdAt: start, tries: 0, used: false, now: start.addingTimeInterval(600)) == .expired)
        #expect(policy.check(matches: true, createdAt: start, tries: 0, used: true, now: start) == .used)
        #expect(policy.check(matches: false, createdAt: start, tries: 0, used: false, now: start) == .wrong(triesLeft: 4))
        #expect(policy.check(matches: false, createdAt: start, tries: 3, used: false, now: start) == .wrong(triesLeft: 1))
        #expect(policy.check(matches: false, createdAt: start, tries: 4, used: false, now: start) == .exhausted)
        #expect(policy.check(matches: true, createdAt: start, tries: 5, used: false, now: start) == .exhausted, "the right code after five wrong ones")
    }

    @Test("codes are counted in windows of an hour")
    func windows() {
        let hour = policy.windowIndex(start)
        // 1_790_000_000 s is 497,222 hours and 800 s: one second later is the same hour.
        #expect(policy.windowIndex(start.addingTimeInterval(1)) == hour)
        #expect(policy.windowIndex(start.addingTimeInterval(3600)) == hour + 1)
        #expect(policy.windowIndex(Date(timeIntervalSince1970: 7199)) == 1 && policy.windowIndex(Date(timeIntervalSince1970: 7200)) == 2)
    }
}
