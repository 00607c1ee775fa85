import LamasatCore
import Vapor

/// A branch as typed: its code (set by the administrator, Latin capitals and digits), names and city, and once it
/// exists whether it is open.
struct BranchForm {
    var code = "", nameArabic = "", nameEnglish = "", city = "", isActive = true

    init() {}
    init(_ branch: Branch) {
        code = branch.code; nameArabic = branch.nameArabic; nameEnglish = branch.nameEnglish; city = branch.city
        isActive = branch.isActive
    }
    init(request req: Request) {
        code = ArabicDigits.westernized(req.formText("code")).uppercased()
        nameArabic = req.formText("nameArabic"); nameEnglish = req.formText("nameEnglish"); city = req.formText("city")
        isActive = req.formCheckbox("isActive")
    }

    func errors(_ req: Request) -> FieldErrors {
        var errors: FieldErrors = [:]
        let codeOK = (2...10).contains(code.count) && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        if !codeOK { errors["code"] = req.t("branch.code.invalid") }
        if nameArabic.isEmpty { errors["nameArabic"] = req.t("validation.required") }
        for (key, value) in [("nameArabic", nameArabic), ("nameEnglish", nameEnglish), ("city", city)] where value.count > 120 {
            errors[key] = req.t("validation.tooLong")
        }
        return errors
    }

    func fields(_ req: Request, _ errors: FieldErrors, isNew: Bool) -> [FormField] {
        var fields = [
            FormField(name: "code", label: req.t("branch.code"), value: code, hint: req.t("branch.code.hint"),
                      error: errors["code"], required: true, autocomplete: "off", dir: "ltr", maxlength: 10),
            FormField(name: "nameArabic", label: req.t("branch.nameArabic"), value: nameArabic, error: errors["nameArabic"],
                      required: true, autocomplete: "off", maxlength: 120),
            FormField(name: "nameEnglish", label: req.t("branch.nameEnglish"), value: nameEnglish, error: errors["nameEnglish"],
                      autocomplete: "off", dir: "ltr", maxlength: 120),
            FormField(name: "city", label: req.t("branch.city"), value: city, error: errors["city"], autocomplete: "off", maxlength: 120),
        ]
        if !isNew {
            fields.append(FormField(name: "isActive", label: req.t("branch.isActive"), kind: "checkbox",
                                    hint: req.t("branch.isActive.hint"), error: errors["isActive"], checked: isActive))
        }
        return fields.prepared()
    }
}
