import Foundation
import Testing
@testable import LamasatCore

@Suite("Dual-calendar dates, organization profile, audit record")
struct DatesAndSettingsTests {
    /// 2026-11-24 21:00 UTC = 2026-11-25 00:00 in Riyadh.
    static let riyadhMidnight = Date(timeIntervalSince1970: 1_795_554_000)
    /// 2026-11-25 09:00 in Riyadh.
    let day = Date(timeIntervalSince1970: 1_795_554_000 + 9 * 3600)

    @Test("25 November 2026 is 15 Jumada II 1448 in Umm al-Qura")
    func hijriComponents() {
        let parts = DualCalendarFormatter(language: .ar).hijriComponents(day)
        #expect(parts.year == 1448)
        #expect(parts.month == 6)
        #expect(parts.day == 15)
    }

    @Test("Arabic output shows both calendars with Western digits")
    func arabicOutput() {
        let output = DualCalendarFormatter(language: .ar).date(day)
        #expect(output.gregorian.contains("2026"))
        #expect(output.gregorian.contains("نوفمبر"))
        #expect(output.hijri.contains("1448"))
        #expect(output.hijri.contains("جمادى"))
        #expect(output.hijri.hasSuffix("هـ"))
        #expect(!output.combined.contains("٢"))
        #expect(output.combined.contains(output.gregorian) && output.combined.contains(output.hijri))
    }

    @Test("English output names the Gregorian month and marks the Hijri year AH")
    func englishOutput() {
        let output = DualCalendarFormatter(language: .en).date(day)
        #expect(output.gregorian == "25 November 2026")
        #expect(output.hijri.hasSuffix("1448 AH"))
    }

    @Test("the day changes at midnight Riyadh time, not UTC")
    func riyadhMidnight() {
        let formatter = DualCalendarFormatter(language: .en)
        // 21:30 UTC on the 24th is already 00:30 on the 25th in Riyadh.
        #expect(formatter.date(Self.riyadhMidnight.addingTimeInterval(30 * 60)).gregorian == "25 November 2026")
        #expect(formatter.date(Self.riyadhMidnight.addingTimeInterval(-30 * 60)).gregorian == "24 November 2026")
    }

    @Test("the profile's defaults are the policy's: licence 1000586000, 0507142560, @LMSAT1000, 14 days")
    func policyDefaults() {
        let profile = OrganizationProfile.policyDefaults
        #expect(profile.licenceNumber == "1000586000")
        #expect(profile.phone == "0507142560")
        #expect(profile.socialMedia == "@LMSAT1000")
        #expect(profile.decisionPeriodDays == 14)
        #expect(profile.problems().isEmpty)
    }

    @Test("the decision period may not be shorter than two weeks ([P-22])", arguments: [(13, false), (14, true), (30, true), (181, false)])
    func decisionPeriod(days: Int, valid: Bool) {
        var profile = OrganizationProfile.policyDefaults
        profile.decisionPeriodDays = days
        #expect((profile.problems()[.decisionPeriodDays] == nil) == valid)
    }

    @Test("bad licence, phone and e-mail are reported per field")
    func badFields() {
        var profile = OrganizationProfile.policyDefaults
        profile.licenceNumber = "12ab"
        profile.phone = "05-07"
        profile.email = "not-an-email"
        profile.nameArabic = " "
        let problems = profile.problems()
        #expect(problems[.licenceNumber] == "validation.licenceNumber")
        #expect(problems[.phone] == "validation.phone")
        #expect(problems[.email] == "validation.email")
        #expect(problems[.nameArabic] == "validation.required")
    }

    @Test("the audit record's canonical text separates fields unambiguously")
    func canonicalText() {
        let base = AuditRecord(sequence: 1, occurredAtMilliseconds: 5, actorID: nil, actorName: "a|b", action: "x",
                               recordType: nil, recordID: nil, outcome: .success, address: nil, detail: nil)
        var shifted = base
        shifted.actorName = "a"
        shifted.action = "b|x"
        #expect(base.canonicalText != shifted.canonicalText)
        var dashed = base
        dashed.detail = "-"
        #expect(base.canonicalText != dashed.canonicalText)
    }
}
