import LamasatCore
import Vapor

/// Her contact details as she types them in the portal: e-mail, a second phone, her mobile and national address.
struct PortalContactForm {
    struct Valid {
        let email: String
        let alternatePhone: String
        let mobile: SaudiMobile
        let address: NationalAddress
    }

    var email = ""
    var alternatePhone = ""
    var mobile = ""
    /// The national address by field name ("addressBuilding", …).
    var address: [String: String] = [:]

    static func name(_ field: NationalAddress.Field) -> String { "address" + BeneficiaryForm.addressSuffix(field) }

    init(_ file: Beneficiary) {
        email = file.email
        alternatePhone = file.alternatePhone
        mobile = file.mobile
        for field in NationalAddress.Field.allCases { address[Self.name(field)] = file.address.value(of: field) }
    }

    init(request req: Request) {
        email = req.formText("email")
        alternatePhone = req.formText("alternatePhone")
        mobile = req.formText("mobile")
        for field in NationalAddress.Field.allCases { address[Self.name(field)] = req.formText(Self.name(field)) }
    }

    /// A plausible e-mail or none, a phone of 9 to 15 digits or none, a Saudi mobile, and a whole national address.
    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if !FormField.isPlausibleEmail(email) { errors["email"] = req.t("validation.email") }
        let alternate = ArabicDigits.westernized(alternatePhone)
        if !alternate.isEmpty && !(9...15).contains(alternate.filter(\.isNumber).count) { errors["alternatePhone"] = req.t("validation.phone") }
        var typedMobile: SaudiMobile?
        do { typedMobile = try SaudiMobile(mobile) } catch { errors["mobile"] = req.t(error.localizationKey) }
        func part(_ field: NationalAddress.Field) -> String { address[Self.name(field)] ?? "" }
        let typedAddress = NationalAddress(
            buildingNumber: part(.buildingNumber), street: part(.street), district: part(.district), city: part(.city),
            postalCode: part(.postalCode), additionalNumber: part(.additionalNumber), shortAddress: part(.shortAddress)).normalized()
        for (field, key) in typedAddress.problems(required: true) { errors[Self.name(field)] = req.t(key) }
        guard errors.isEmpty, let typedMobile else { return (nil, errors) }
        return (Valid(email: email, alternatePhone: alternate, mobile: typedMobile, address: typedAddress), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        var fields = [
            FormField(name: "email", label: req.t("beneficiary.field.email"), kind: "email", value: email, error: errors["email"],
                      autocomplete: "email", dir: "ltr", maxlength: 120),
            FormField(name: "alternatePhone", label: req.t("beneficiary.field.alternatePhone"), value: alternatePhone,
                      error: errors["alternatePhone"], autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
            FormField(name: "mobile", label: req.t("portal.contact.mobile"), value: mobile, hint: req.t("portal.contact.verifiedHint"),
                      error: errors["mobile"], autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: 20),
        ]
        for field in NationalAddress.Field.allCases {
            let name = Self.name(field)
            fields.append(FormField(name: name, label: req.t("beneficiary.field.\(name)"), value: address[name] ?? "", error: errors[name],
                                    dir: [.street, .district, .city].contains(field) ? nil : "ltr", maxlength: 60))
        }
        return fields.prepared()
    }
}
