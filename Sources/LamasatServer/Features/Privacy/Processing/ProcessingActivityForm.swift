import Foundation
import LamasatCore
import Vapor

/// The administrator's form of one processing activity: every part of the record is required, each within its
/// length, and the version she started from guards against overwriting another's edit.
struct ProcessingActivityForm {
    /// Field name → column, in the order of the form and of the printed record.
    static let parts = ["name", "purpose", "legalBasis", "dataCategories", "dataSubjects", "recipients", "retention", "safeguards"]
    static let limits = ["name": 120]

    var values: [String: String] = [:]
    var active = true

    subscript(_ name: String) -> String { values[name] ?? "" }

    init() {}

    init(request req: Request) {
        for name in Self.parts + ["sortOrder", "version"] { values[name] = req.formText(name) }
        active = req.formCheckbox("active")
    }

    init(_ a: ProcessingActivity) {
        values = ["name": a.name, "purpose": a.purpose, "legalBasis": a.legalBasis, "dataCategories": a.dataCategories, "dataSubjects": a.dataSubjects,
                  "recipients": a.recipients, "retention": a.retention, "safeguards": a.safeguards, "sortOrder": String(a.sortOrder),
                  "version": String(a.version)]
        active = a.isActive
    }

    func validate(_ req: Request) -> FieldErrors {
        var errors: FieldErrors = [:]
        for name in Self.parts {
            if self[name].isEmpty { errors[name] = req.t("validation.required") } else if self[name].count > (Self.limits[name] ?? 1_000) {
                errors[name] = req.t("validation.tooLong")
            }
        }
        if !self["sortOrder"].isEmpty, ArabicDigits.parseInt(self["sortOrder"]).map({ (0...999).contains($0) }) != true {
            errors["sortOrder"] = req.t("processing.error.sortOrder")
        }
        return errors
    }

    func apply(to a: ProcessingActivity) {
        (a.name, a.purpose, a.legalBasis, a.dataCategories) = (self["name"], self["purpose"], self["legalBasis"], self["dataCategories"])
        (a.dataSubjects, a.recipients, a.retention, a.safeguards) = (self["dataSubjects"], self["recipients"], self["retention"], self["safeguards"])
        if let order = ArabicDigits.parseInt(self["sortOrder"]) { a.sortOrder = order }
        a.isActive = active
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        Self.parts.map { name in
            FormField(name: name, label: req.t("processing.field.\(name)"), kind: name == "name" ? "text" : "textarea", value: self[name],
                      error: errors[name], required: true, maxlength: Self.limits[name] ?? 1_000)
        } + [
            FormField(name: "sortOrder", label: req.t("processing.field.sortOrder"), value: self["sortOrder"], error: errors["sortOrder"],
                      inputmode: "numeric", dir: "ltr", maxlength: 3),
            FormField(name: "active", label: req.t("processing.field.active"), kind: "checkbox", hint: req.t("processing.field.active.hint"),
                      checked: active),
        ]
    }
}
