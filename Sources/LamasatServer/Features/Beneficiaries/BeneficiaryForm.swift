import Fluent
import Foundation
import LamasatCore
import Vapor

/// The file form: what was typed (kept as typed, so a refused form comes back whole), its validation, and its
/// sections of fields. Shared by "new file" and "edit file".
struct BeneficiaryForm {
    var values: [String: String] = [:]

    subscript(_ name: String) -> String {
        get { values[name] ?? "" }
        set { values[name] = newValue }
    }

    static let textFields = [
        "nationalID", "nameFirst", "nameFather", "nameGrandfather", "nameFamily", "nameLatin", "birthDate", "birthCalendar",
        "category", "nationality", "mobile", "alternatePhone", "email", "addressBuilding", "addressStreet", "addressDistrict",
        "addressCity", "addressPostalCode", "addressAdditional", "addressShort", "education", "employment", "monthlyIncome",
        "incomeSources", "housing", "monthlyRent", "healthNotes", "iban", "consentMethod", "branch", "version",
    ]
    static let checkboxes = ["hasDisability", "consentGiven", "notDuplicate"]

    init() {
        values = ["birthCalendar": "hijri", "nationality": "سعودية", "education": "none", "employment": "unemployed",
                  "housing": "rented", "consentMethod": ConsentMethod.signedPaper.rawValue]
    }

    init(request req: Request) {
        for name in Self.textFields { values[name] = req.formText(name) }
        for name in Self.checkboxes where req.formCheckbox(name) { values[name] = "on" }
    }

    init(_ b: Beneficiary) {
        values = [
            "nationalID": b.nationalID, "nameFirst": b.nameFirst, "nameFather": b.nameFather, "nameGrandfather": b.nameGrandfather,
            "nameFamily": b.nameFamily, "nameLatin": b.nameLatin, "birthDate": b.birthDate, "birthCalendar": "gregorian",
            "category": b.$category.id.uuidString, "nationality": b.nationality, "mobile": b.mobile, "alternatePhone": b.alternatePhone,
            "email": b.email, "addressBuilding": b.addressBuilding, "addressStreet": b.addressStreet, "addressDistrict": b.addressDistrict,
            "addressCity": b.addressCity, "addressPostalCode": b.addressPostalCode, "addressAdditional": b.addressAdditional,
            "addressShort": b.addressShort, "education": b.education.rawValue, "employment": b.employment.rawValue,
            "monthlyIncome": b.monthlyIncome == 0 ? "" : Money(halalas: b.monthlyIncome).plain, "incomeSources": b.incomeSources,
            "housing": b.housing.rawValue, "monthlyRent": b.monthlyRent == 0 ? "" : Money(halalas: b.monthlyRent).plain,
            "healthNotes": b.healthNotes, "iban": b.iban, "branch": b.$branch.id.uuidString, "version": String(b.version),
            "consentMethod": b.consentMethod.rawValue,
        ]
        if b.hasDisability { values["hasDisability"] = "on" }
        if b.consentGiven { values["consentGiven"] = "on" }
    }

    /// Checked values, ready to be written to a file.
    struct Valid {
        var nationalID: NationalID
        var name: ArabicName
        var nameLatin: String
        var birthDate: CalendarDay
        var birthCalendar: CalendarDay.Calendar
        var category: BeneficiaryCategory
        var nationality: String
        var mobile: SaudiMobile
        var alternatePhone: String
        var email: String
        var address: NationalAddress
        var education: Education
        var employment: Employment
        var monthlyIncome: Money
        var incomeSources: String
        var housing: Housing
        var monthlyRent: Money
        var healthNotes: String
        var hasDisability: Bool
        var iban: String
        var branch: Branch
        var consentGiven: Bool
        var consentMethod: ConsentMethod
    }

    func validate(_ req: Request, categories: [BeneficiaryCategory], branches: [Branch], isNew: Bool) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        func problem<T>(_ field: String, _ parse: () throws -> T) -> T? {
            do { return try parse() } catch {
                errors[field] = req.t((error as? any LocalizedProblem)?.localizationKey ?? "validation.invalid")
                return nil
            }
        }
        let nationalID = problem("nationalID") { try NationalID(self["nationalID"]) }
        let name = ArabicName(first: self["nameFirst"], father: self["nameFather"], grandfather: self["nameGrandfather"], family: self["nameFamily"])
        for (part, key) in name.problems() { errors["name" + part.rawValue.prefix(1).uppercased() + part.rawValue.dropFirst()] = req.t(key) }
        let calendar = CalendarDay.Calendar(rawValue: self["birthCalendar"]) ?? .hijri
        let birthDate = problem("birthDate") { try CalendarDay(birth: self["birthDate"], calendar: calendar, today: req.now) }
        let category = categories.first { $0.id?.uuidString == self["category"] }
        if category == nil { errors["category"] = req.t("validation.choose") }
        if self["nationality"].isEmpty { errors["nationality"] = req.t("validation.required") }
        let mobile = problem("mobile") { try SaudiMobile(self["mobile"]) }
        if !FormField.isPlausibleEmail(self["email"]) { errors["email"] = req.t("validation.email") }
        let address = NationalAddress(
            buildingNumber: self["addressBuilding"], street: self["addressStreet"], district: self["addressDistrict"],
            city: self["addressCity"], postalCode: self["addressPostalCode"], additionalNumber: self["addressAdditional"],
            shortAddress: self["addressShort"]).normalized()
        for (field, key) in address.problems(required: true) {
            errors["address" + Self.addressSuffix(field)] = req.t(key)
        }
        let income = self["monthlyIncome"].isEmpty ? Money.zero : problem("monthlyIncome") { try Money(self["monthlyIncome"]) }
        let rent = self["monthlyRent"].isEmpty ? Money.zero : problem("monthlyRent") { try Money(self["monthlyRent"]) }
        var iban = ""
        if !self["iban"].isEmpty { iban = problem("iban") { try SaudiIBAN(self["iban"]) }?.value ?? "" }
        let education = Education(rawValue: self["education"]), employment = Employment(rawValue: self["employment"])
        let housing = Housing(rawValue: self["housing"])
        if education == nil { errors["education"] = req.t("validation.choose") }
        if employment == nil { errors["employment"] = req.t("validation.choose") }
        if housing == nil { errors["housing"] = req.t("validation.choose") }
        // Staff who may place files in one branch only are not asked which.
        let branch = branches.first { $0.id?.uuidString == self["branch"] } ?? (branches.count == 1 ? branches.first : nil)
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        let consentMethod = ConsentMethod(rawValue: self["consentMethod"])
        if isNew && self["consentGiven"].isEmpty { errors["consentGiven"] = req.t("beneficiary.consent.required") }
        if consentMethod == nil { errors["consentMethod"] = req.t("validation.choose") }
        for (field, limit) in [("incomeSources", 300), ("healthNotes", 2000), ("nameLatin", 120), ("alternatePhone", 20),
                               ("nationality", 60)] where self[field].count > limit {
            errors[field] = req.t("validation.tooLong")
        }
        guard errors.isEmpty, let nationalID, let birthDate, let category, let mobile, let income, let rent, let education,
              let employment, let housing, let branch, let consentMethod
        else { return (nil, errors) }
        return (Valid(nationalID: nationalID, name: name, nameLatin: self["nameLatin"], birthDate: birthDate, birthCalendar: calendar,
                      category: category, nationality: self["nationality"], mobile: mobile,
                      alternatePhone: ArabicDigits.westernized(self["alternatePhone"]), email: self["email"], address: address,
                      education: education, employment: employment, monthlyIncome: income, incomeSources: self["incomeSources"],
                      housing: housing, monthlyRent: rent, healthNotes: self["healthNotes"], hasDisability: !self["hasDisability"].isEmpty,
                      iban: iban, branch: branch, consentGiven: !self["consentGiven"].isEmpty, consentMethod: consentMethod), errors)
    }

    static func addressSuffix(_ field: NationalAddress.Field) -> String {
        switch field {
        case .buildingNumber: "Building"
        case .street: "Street"
        case .district: "District"
        case .city: "City"
        case .postalCode: "PostalCode"
        case .additionalNumber: "Additional"
        case .shortAddress: "Short"
        }
    }

    struct Section: Encodable {
        let title: String
        let fields: [FormField]
    }

    func sections(_ req: Request, categories: [BeneficiaryCategory], branches: [Branch], errors: FieldErrors, isNew: Bool) -> [Section] {
        func text(_ name: String, kind: String = "text", required: Bool = false, dir: String? = nil, inputmode: String? = nil,
                  hint: Bool = false, maxlength: Int? = 120) -> FormField {
            FormField(name: name, label: req.t("beneficiary.field.\(name)"), kind: kind, value: self[name],
                      hint: hint ? req.t("beneficiary.field.\(name).hint") : nil, error: errors[name], required: required,
                      autocomplete: "off", inputmode: inputmode, dir: dir, maxlength: maxlength)
        }
        func select<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type, key: (T) -> String, required: Bool = true) -> FormField
        where T.RawValue == String {
            FormField(name: name, label: req.t("beneficiary.field.\(name)"), kind: "select", error: errors[name], required: required,
                      options: T.allCases.map { FormField.Option(value: $0.rawValue, label: req.t(key($0)), selected: $0.rawValue == self[name]) })
        }
        let categoryField = FormField(
            name: "category", label: req.t("beneficiary.field.category"), kind: "select", error: errors["category"], required: true,
            options: [FormField.Option(value: "", label: req.t("form.choose"), selected: self["category"].isEmpty)]
                + FormField.Option.records(categories, selected: self["category"]) { $0.name(in: req.language) })
        let branchField = FormField(
            name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
            options: FormField.Option.records(branches, selected: self["branch"]) { $0.name(in: req.language) })
        var identity = [
            text("nationalID", required: true, dir: "ltr", inputmode: "numeric", hint: true, maxlength: 14),
            text("nameFirst", required: true, maxlength: 40), text("nameFather", required: true, maxlength: 40),
            text("nameGrandfather", required: true, maxlength: 40), text("nameFamily", required: true, maxlength: 40),
            text("nameLatin", dir: "ltr"),
            text("birthDate", required: true, dir: "ltr", inputmode: "numeric", hint: true, maxlength: 10),
            select("birthCalendar", CalendarDay.Calendar.self, key: { "calendar.\($0.rawValue)" }),
            categoryField, text("nationality", required: true, maxlength: 60),
        ]
        if branches.count > 1 { identity.append(branchField) }
        let contact = [
            text("mobile", kind: "tel", required: true, dir: "ltr", inputmode: "tel", hint: true, maxlength: 20),
            text("alternatePhone", kind: "tel", dir: "ltr", inputmode: "tel", maxlength: 20),
            text("email", kind: "email", dir: "ltr", maxlength: 254),
            text("addressBuilding", required: true, dir: "ltr", inputmode: "numeric", maxlength: 4),
            text("addressStreet"), text("addressDistrict"), text("addressCity", required: true),
            text("addressPostalCode", required: true, dir: "ltr", inputmode: "numeric", maxlength: 5),
            text("addressAdditional", dir: "ltr", inputmode: "numeric", maxlength: 4),
            text("addressShort", dir: "ltr", hint: true, maxlength: 9),
        ]
        let social = [
            select("education", Education.self, key: \.localizationKey),
            select("employment", Employment.self, key: \.localizationKey),
            text("monthlyIncome", dir: "ltr", inputmode: "decimal", hint: true, maxlength: 16),
            text("incomeSources", maxlength: 300),
            select("housing", Housing.self, key: \.localizationKey),
            text("monthlyRent", dir: "ltr", inputmode: "decimal", maxlength: 16),
            text("healthNotes", kind: "textarea", maxlength: 2000),
            FormField(name: "hasDisability", label: req.t("beneficiary.field.hasDisability"), kind: "checkbox",
                      checked: !self["hasDisability"].isEmpty),
            text("iban", dir: "ltr", hint: true, maxlength: 34),
        ]
        var sections = [
            Section(title: req.t("beneficiary.section.identity"), fields: identity),
            Section(title: req.t("beneficiary.section.contact"), fields: contact),
            Section(title: req.t("beneficiary.section.social"), fields: social),
        ]
        if isNew {
            sections.append(Section(title: req.t("beneficiary.section.consent"), fields: [
                FormField(name: "consentGiven", label: req.t("beneficiary.field.consentGiven"), kind: "checkbox",
                          hint: req.t("beneficiary.field.consentGiven.hint"), error: errors["consentGiven"], checked: !self["consentGiven"].isEmpty),
                select("consentMethod", ConsentMethod.self, key: \.localizationKey),
            ]))
        }
        // Focus goes to the first field in error across all sections.
        let all = sections.flatMap(\.fields).prepared()
        var offset = 0
        return sections.map { section in
            defer { offset += section.fields.count }
            return Section(title: section.title, fields: Array(all[offset..<(offset + section.fields.count)]))
        }
    }
}

/// A validation problem that names its localization key.
protocol LocalizedProblem: Error {
    var localizationKey: String { get }
}

extension NationalID.Problem: LocalizedProblem {}
extension SaudiMobile.Problem: LocalizedProblem {}
extension SaudiIBAN.Problem: LocalizedProblem {}
extension Money.Problem: LocalizedProblem {}
extension CalendarDay.Problem: LocalizedProblem {}
