import LamasatCore
import Vapor

/// Who an inquiry or complaint is from: the file given as `?beneficiary=` (within the branch rule), or a name and a
/// phone typed on the form by someone without a file.
extension Request {
    func caseFile() async throws -> Beneficiary? {
        guard let id = query[String.self, at: "beneficiary"], !id.isEmpty else { return nil }
        return try await scoped(Beneficiary.self, id: id, branch: \.$branch.$id)
    }

    /// The category chosen on an inquiry or complaint form: an active one of the kind, or nil.
    func caseCategory(_ id: String, kind: CaseCategory.Kind) async throws -> CaseCategory? {
        guard let uuid = UUID(uuidString: id), let category = try await CaseCategory.find(uuid, on: db), category.kind == kind, category.isActive else { return nil }
        return category
    }

    /// Her name and phone (E.164 when it is a Saudi mobile); typed ones are checked into `errors`.
    func caseContact(file: Beneficiary?, typedName: String, typedPhone: String, errors: inout FieldErrors) -> (name: String, phone: String) {
        if let file { return (file.name.full, file.mobile) }
        if typedName.isEmpty { errors["contactName"] = t("validation.required") } else if typedName.count > 120 { errors["contactName"] = t("validation.tooLong") }
        let digits = ArabicDigits.westernized(typedPhone).filter(\.isNumber)
        var phone = ""
        if (9...15).contains(digits.count) { phone = (try? SaudiMobile(digits))?.e164 ?? digits } else { errors["contactPhone"] = t("validation.phone") }
        return (String(typedName.prefix(120)), phone)
    }
}

extension FormField.Option {
    /// The case categories offered by id, each with its response target in working days.
    static func caseCategories(_ categories: [CaseCategory], selected: String, _ req: Request) throws -> [FormField.Option] {
        try records(categories, selected: selected) {
            req.t("case.categoryWithTarget", $0.name(in: req.language), req.t("case.workingDays", String($0.targetDays)))
        }
    }
}

extension FormField {
    /// Her name and phone on a staff form, asked only when the case is not opened from her file.
    static func caseContact(_ req: Request, file: Beneficiary?, name: String, phone: String, errors: FieldErrors) -> [FormField] {
        guard file == nil else { return [] }
        return [
            FormField(name: "contactName", label: req.t("case.contactName"), value: name, error: errors["contactName"], required: true, maxlength: 120),
            FormField(name: "contactPhone", label: req.t("case.contactPhone"), value: phone, error: errors["contactPhone"], required: true,
                      autocomplete: "off", inputmode: "tel", dir: "ltr", maxlength: 20),
        ]
    }
}
