import Foundation
import Testing
@testable import LamasatCore

@Suite("Password, session and sign-in throttle policies")
struct SecurityPolicyTests {
    @Test("passwords from 10 to 128 characters in any script are accepted")
    func acceptedPasswords() {
        #expect(PasswordPolicy.check("abcdefghij") == nil)
        #expect(PasswordPolicy.check("كلمةمرورطو") == nil)  // 10 Arabic letters, 20 bytes
        #expect(PasswordPolicy.check(String(repeating: "س", count: 128)) == nil)
    }

    @Test("too short, too long, blank and username-equal passwords are refused")
    func refusedPasswords() {
        #expect(PasswordPolicy.check("abcdefghi") == .tooShort)
        #expect(PasswordPolicy.check("كلمةمرور") == .tooShort)
        #expect(PasswordPolicy.check(String(repeating: "a", count: 129)) == .tooLong)
        #expect(PasswordPolicy.check(String(repeating: " ", count: 12)) == .onlyWhitespace)
        #expect(PasswordPolicy.check("Noura.Qahtani", username: "noura.qahtani") == .sameAsUsername)
        #expect(PasswordPolicy.check("abcdefghijk", confirmation: "abcdefghijx") == .mismatch)
    }

    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a session ends after 30 idle minutes")
    func idleTimeout() {
        let policy = SessionPolicy.standard
        #expect(policy.state(createdAt: start, lastSeenAt: start, now: start + 29 * 60) == .active)
        #expect(policy.state(createdAt: start, lastSeenAt: start, now: start + 30 * 60) == .idleExpired)
    }

    @Test("a session ends 12 hours after sign-in however active it is")
    func absoluteTimeout() {
        let policy = SessionPolicy.standard
        let almost = start + 12 * 3600 - 1
        #expect(policy.state(createdAt: start, lastSeenAt: almost - 60, now: almost) == .active)
        #expect(policy.state(createdAt: start, lastSeenAt: almost, now: start + 12 * 3600) == .absoluteExpired)
    }

    @Test("four failures in 15 minutes do not lock; the fifth does, until the oldest is 15 minutes old")
    func throttle() {
        let throttle = SignInThrottle.standard
        let failures = (0..<5).map { start + Double($0) * 60 }
        let now = start + 5 * 60
        #expect(throttle.lockedUntil(failureTimes: Array(failures.prefix(4)), now: now) == nil)
        #expect(throttle.lockedUntil(failureTimes: failures, now: now) == start + 15 * 60)
        // Failures older than the window no longer count.
        #expect(throttle.lockedUntil(failureTimes: failures, now: start + 15 * 60 + 1) == nil)
    }

    @Test("a failed job waits twice as long after each try, up to an hour")
    func backoff() {
        let backoff = RetryBackoff.standard
        #expect(backoff.delay(afterAttempt: 1) == 30)
        #expect(backoff.delay(afterAttempt: 2) == 60)
        #expect(backoff.delay(afterAttempt: 3) == 120)
        #expect(backoff.delay(afterAttempt: 20) == 3600)
        #expect(backoff.delay(afterAttempt: 10_000) == 3600)
    }
}
