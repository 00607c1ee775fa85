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

    /// A small list standing in for the shipped one, so these tests do not depend on the file.
    let common = CommonPasswords(lines: "123456\npassword\nqwertyuiop\n\nDragon\r\nabc123\n1234567890\n")

    @Test("a password on the common list is refused, whatever its case or digit set")
    func commonPasswords() {
        #expect(PasswordPolicy.check("qwertyuiop", common: common) == .common)
        #expect(PasswordPolicy.check("QwertyUIOP", common: common) == .common)
        #expect(PasswordPolicy.check("١٢٣٤٥٦٧٨٩٠", common: common) == .common)  // Arabic-Indic 1234567890
        #expect(PasswordPolicy.check("۱۲۳۴۵۶۷۸۹۰", common: common) == .common)  // Extended Arabic-Indic
        #expect(PasswordPolicy.check("qwertyuiop", confirmation: "qwertyuiop", common: common) == .common)
        // Without a list nothing is refused as common; a long phrase is not on the list.
        #expect(PasswordPolicy.check("qwertyuiop") == nil)
        #expect(PasswordPolicy.check("correct horse battery", common: common) == nil)
        #expect(common.count == 6)
    }

    @Test("a common password with digits and symbols added at the end is still refused")
    func commonWithSuffix() {
        #expect(PasswordPolicy.check("password2024!", common: common) == .common)
        #expect(PasswordPolicy.check("Password١٢٣٤", common: common) == .common)
        #expect(PasswordPolicy.check("dragon#12345", common: common) == .common)  // listed as "Dragon"
        // What is left must have six characters: "abc123" + more digits is not refused for "abc".
        #expect(PasswordPolicy.check("abc1234567", common: common) == nil)
        // Only the end is taken off: a common word inside a longer one is not refused.
        #expect(PasswordPolicy.check("mypassword2024", common: common) == nil)
        #expect(PasswordPolicy.check("password is long", common: common) == nil)
    }

    @Test("a password containing the username is refused; short usernames are not searched for")
    func containsUsername() {
        #expect(PasswordPolicy.check("NOURA.QAHTANI", username: "noura.qahtani") == .sameAsUsername)
        #expect(PasswordPolicy.check("my Noura.Qahtani pass", username: "noura.qahtani") == .containsUsername)
        #expect(PasswordPolicy.check("reem١٩٩٠reem!", username: "reem") == .containsUsername)
        #expect(PasswordPolicy.check("x", confirmation: "x", username: "reem") == .tooShort)
        #expect(PasswordPolicy.check("the sea at dawn", username: "sea") == .containsUsername)
        #expect(PasswordPolicy.check("the sea at dawn", username: "se") == nil)
        #expect(PasswordPolicy.check("لا أحد يعرفها", username: "noura") == nil)
    }

    @Test("the association's name is refused in Latin and Arabic, however it is spelt", arguments: [
        "Lamasat2024!!", "my LAMASAT pass", "lama sat forever", "lama\u{200B}sat secret",
        "لمسات٢٠٢٤حلوة", "جمعية لَمَسَات الخير", "لمـــسات كلمة سر", "كلمة لمسات ١٤٤٦",
    ])
    func containsOrganizationName(password: String) {
        #expect(PasswordPolicy.check(password) == .containsOrganizationName)
    }

    @Test("every problem has a localization key of the validation.password family")
    func problemKeys() {
        #expect(PasswordPolicy.Problem.common.localizationKey == "validation.password.common")
        #expect(PasswordPolicy.Problem.containsUsername.localizationKey == "validation.password.containsUsername")
        #expect(PasswordPolicy.Problem.containsOrganizationName.localizationKey == "validation.password.containsOrganizationName")
        #expect(PasswordPolicy.Problem.allCases.count == 8)
    }

    @Test("the shipped list has exactly 10,000 distinct passwords and refuses the obvious ones")
    func shippedList() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Resources/Security/common-passwords.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()  // the file ends with a line break
        #expect(lines.count == 10_000)
        #expect(Set(lines).count == 10_000)
        #expect(lines.allSatisfy { !$0.isEmpty && $0 == $0.lowercased() && String($0) == String($0).trimmingWhitespace() })
        #expect(lines.first == "123456")
        let list = CommonPasswords(lines: text)
        #expect(list.count == 10_000)
        #expect(PasswordPolicy.check("password1234", common: list) == .common)
        #expect(PasswordPolicy.check("qwertyuiop", common: list) == .common)
        #expect(PasswordPolicy.check("QWERTYUIOP2024!", common: list) == .common)
        #expect(PasswordPolicy.check("كلمة مرور عربية طويلة", common: list) == nil)
        #expect(PasswordPolicy.check("correct horse battery", common: list) == nil)
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
