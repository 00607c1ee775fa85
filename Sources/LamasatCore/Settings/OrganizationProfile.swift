/// The association's public identity and the rules set by the board. Defaults come from the policy itself
/// (shared/policy): name, licence number 1000586000, phone 0507142560, social media @LMSAT1000.
public struct OrganizationProfile: Equatable, Sendable, Codable {
    /// [P-22]: the research committee replies in no less than two weeks.
    public static let minimumDecisionPeriodDays = 14
    public static let maximumDecisionPeriodDays = 180

    public var nameArabic: String
    public var nameEnglish: String
    public var licenceNumber: String
    public var phone: String
    public var socialMedia: String
    public var email: String
    public var decisionPeriodDays: Int

    public static let policyDefaults = OrganizationProfile(
        nameArabic: "جمعية لمسات للمطلقات والأرامل وذويهم",
        nameEnglish: "Lamasat Association for Divorced Women, Widows and their Families",
        licenceNumber: "1000586000",
        phone: "0507142560",
        socialMedia: "@LMSAT1000",
        email: "",
        decisionPeriodDays: minimumDecisionPeriodDays
    )

    public init(
        nameArabic: String, nameEnglish: String, licenceNumber: String, phone: String, socialMedia: String,
        email: String, decisionPeriodDays: Int
    ) {
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.licenceNumber = licenceNumber
        self.phone = phone
        self.socialMedia = socialMedia
        self.email = email
        self.decisionPeriodDays = decisionPeriodDays
    }

    public enum Field: String, Sendable, CaseIterable {
        case nameArabic, nameEnglish, licenceNumber, phone, socialMedia, email, decisionPeriodDays
    }

    /// Problems per field, as localization keys; empty when the profile may be saved.
    public func problems() -> [Field: String] {
        var found: [Field: String] = [:]
        if nameArabic.trimmingWhitespace().isEmpty { found[.nameArabic] = "validation.required" }
        if nameArabic.count > 200 { found[.nameArabic] = "validation.tooLong" }
        if nameEnglish.count > 200 { found[.nameEnglish] = "validation.tooLong" }
        if !licenceNumber.isEmpty, !(licenceNumber.allSatisfy(\.isASCIIDigit) && (5...20).contains(licenceNumber.count)) {
            found[.licenceNumber] = "validation.licenceNumber"
        }
        if !phone.isEmpty, !(phone.allSatisfy { $0.isASCIIDigit || $0 == "+" } && (7...15).contains(phone.count)) {
            found[.phone] = "validation.phone"
        }
        if socialMedia.count > 100 { found[.socialMedia] = "validation.tooLong" }
        if !email.isEmpty, !Self.looksLikeEmail(email) { found[.email] = "validation.email" }
        if decisionPeriodDays < Self.minimumDecisionPeriodDays {
            found[.decisionPeriodDays] = "validation.decisionPeriod.tooShort"
        } else if decisionPeriodDays > Self.maximumDecisionPeriodDays {
            found[.decisionPeriodDays] = "validation.decisionPeriod.tooLong"
        }
        return found
    }

    static func looksLikeEmail(_ text: String) -> Bool { EmailAddress(text)?.value == text }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
