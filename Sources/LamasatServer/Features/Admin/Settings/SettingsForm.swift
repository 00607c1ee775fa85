import LamasatCore
import Vapor

/// The association's identity and announced decision period as typed, their checks and their fields.
struct SettingsForm {
    typealias Field = OrganizationProfile.Field
    var values: [Field: String] = [:]

    init(_ profile: OrganizationProfile) {
        values = [.nameArabic: profile.nameArabic, .nameEnglish: profile.nameEnglish, .licenceNumber: profile.licenceNumber,
                  .phone: profile.phone, .socialMedia: profile.socialMedia, .email: profile.email,
                  .decisionPeriodDays: String(profile.decisionPeriodDays)]
    }

    init(request req: Request) {
        for field in Field.allCases { values[field] = req.formText(field.rawValue) }
    }

    /// The profile (digits westernized, spaces out of numbers), or each field's problem.
    func validate(_ req: Request) -> (OrganizationProfile?, FieldErrors) {
        let days = ArabicDigits.parseInt(values[.decisionPeriodDays] ?? "")
        func compact(_ field: Field) -> String { ArabicDigits.westernized(values[field] ?? "").replacingOccurrences(of: " ", with: "") }
        let profile = OrganizationProfile(
            nameArabic: values[.nameArabic] ?? "", nameEnglish: values[.nameEnglish] ?? "", licenceNumber: compact(.licenceNumber),
            phone: compact(.phone), socialMedia: values[.socialMedia] ?? "", email: values[.email] ?? "", decisionPeriodDays: days ?? 0)
        var errors = Dictionary(uniqueKeysWithValues: profile.problems().map { ($0.key.rawValue, req.t($0.value)) })
        if days == nil { errors[Field.decisionPeriodDays.rawValue] = req.t("validation.wholeNumber") }
        return (errors.isEmpty ? profile : nil, errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        func field(_ key: Field, kind: String = "text", dir: String? = nil, inputmode: String? = nil, required: Bool = false, hint: String? = nil) -> FormField {
            FormField(name: key.rawValue, label: req.t("settings.\(key.rawValue)"), kind: kind, value: values[key] ?? "",
                      hint: hint, error: errors[key.rawValue], required: required, autocomplete: "off", inputmode: inputmode, dir: dir)
        }
        return [
            field(.nameArabic, required: true),
            field(.nameEnglish, dir: "ltr"),
            field(.licenceNumber, dir: "ltr", inputmode: "numeric"),
            field(.phone, kind: "tel", dir: "ltr", inputmode: "tel"),
            field(.socialMedia, dir: "ltr"),
            field(.email, kind: "email", dir: "ltr"),
            field(.decisionPeriodDays, dir: "ltr", inputmode: "numeric", required: true, hint: req.t("settings.decisionPeriodDays.hint")),
        ].prepared()
    }

    /// The one box of the two-step sign-in form: for every role, or only those that must.
    static func secondFactorFields(_ req: Request, allStaff: Bool) -> [FormField] {
        [FormField(name: "allStaff", label: req.t("settings.secondFactor.all"), kind: "checkbox", hint: req.t("settings.secondFactor.lead"), checked: allStaff)].prepared()
    }
}
