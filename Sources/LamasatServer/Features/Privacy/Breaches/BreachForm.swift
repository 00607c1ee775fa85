import Foundation
import LamasatCore
import Vapor

/// The incident as the administrator records and corrects it: what happened, when it happened and when it was found
/// (Riyadh time), how many records and people it touched, which data, its risk and what was done to contain it; on
/// edit, also the two notification drafts.
struct BreachForm {
    static let texts = ["title", "details", "dataCategories", "containment"]
    static let limits = ["title": 150, "details": 4_000, "dataCategories": 1_000, "containment": 2_000, "authorityDraft": 8_000, "peopleDraft": 4_000]

    var values: [String: String] = [:]

    subscript(_ name: String) -> String { values[name] ?? "" }

    init(now: Date) {
        let moment = CalendarDay.dayAndTime(now)
        values = ["discoveredDay": moment.day, "discoveredTime": moment.time, "risk": BreachRisk.medium.rawValue]
    }

    init(request req: Request) {
        for name in Self.texts + ["occurredDay", "occurredTime", "discoveredDay", "discoveredTime", "recordsAffected", "peopleAffected", "risk",
                                  "authorityDraft", "peopleDraft", "version"] {
            values[name] = req.formText(name)
        }
    }

    init(_ b: BreachIncident) {
        values = ["title": b.title, "details": b.details, "dataCategories": b.dataCategories, "containment": b.containment,
                  "recordsAffected": String(b.recordsAffected), "peopleAffected": String(b.peopleAffected), "risk": b.risk.rawValue,
                  "authorityDraft": b.authorityDraft, "peopleDraft": b.peopleDraft, "version": String(b.version)]
        (values["discoveredDay"], values["discoveredTime"]) = CalendarDay.dayAndTime(b.discoveredAt)
        if let occurred = b.occurredAt { (values["occurredDay"], values["occurredTime"]) = CalendarDay.dayAndTime(occurred) }
    }

    struct Valid { let occurred: Date?; let discovered: Date; let records: Int; let people: Int; let risk: BreachRisk }

    /// Found no later than now; happened (when known) no later than found; counts are whole numbers up to ten million.
    func validate(_ req: Request, editing: Bool) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        for name in Self.texts where name != "containment" && self[name].isEmpty { errors[name] = req.t("validation.required") }
        for name in Self.texts + (editing ? ["authorityDraft", "peopleDraft"] : []) where self[name].count > Self.limits[name]! {
            errors[name] = req.t("validation.tooLong")
        }
        let discovered = CalendarDay.moment(day: self["discoveredDay"], time: self["discoveredTime"])
        if discovered == nil { errors["discoveredDay"] = req.t("breach.error.when") } else if discovered! > req.now {
            errors["discoveredDay"] = req.t("breach.error.future")
        }
        var occurred: Date?
        if !self["occurredDay"].isEmpty {
            occurred = CalendarDay.moment(day: self["occurredDay"], time: self["occurredTime"].isEmpty ? "00:00" : self["occurredTime"])
            if occurred == nil { errors["occurredDay"] = req.t("breach.error.when") } else if let discovered, occurred! > discovered {
                errors["occurredDay"] = req.t("breach.error.occurredAfter")
            }
        }
        func count(_ name: String) -> Int? {
            guard let n = ArabicDigits.parseInt(self[name]), (0...10_000_000).contains(n) else { errors[name] = req.t("breach.error.count"); return nil }
            return n
        }
        let records = count("recordsAffected"), people = count("peopleAffected")
        let risk = BreachRisk(rawValue: self["risk"])
        if risk == nil { errors["risk"] = req.t("validation.choose") }
        guard errors.isEmpty, let discovered, let records, let people, let risk else { return (nil, errors) }
        return (Valid(occurred: occurred, discovered: discovered, records: records, people: people, risk: risk), errors)
    }

    func apply(_ valid: Valid, to b: BreachIncident, editing: Bool) {
        (b.title, b.details, b.dataCategories, b.containment) = (self["title"], self["details"], self["dataCategories"], self["containment"])
        (b.occurredAt, b.discoveredAt, b.recordsAffected, b.peopleAffected, b.risk) = (valid.occurred, valid.discovered, valid.records, valid.people, valid.risk)
        if editing { (b.authorityDraft, b.peopleDraft) = (self["authorityDraft"], self["peopleDraft"]) }
    }

    func fields(_ req: Request, errors: FieldErrors, editing: Bool) -> [FormField] {
        func text(_ name: String, kind: String = "textarea", required: Bool = true, hint: Bool = false, wide: Bool = true) -> FormField {
            FormField(name: name, label: req.t("breach.field.\(name)"), kind: kind, value: self[name], hint: hint ? req.t("breach.field.\(name).hint") : nil,
                      error: errors[name], required: required, maxlength: Self.limits[name], wide: wide)
        }
        func moment(_ name: String, kind: String, required: Bool) -> FormField {
            FormField(name: name, label: req.t("breach.field.\(name)"), kind: kind, value: self[name], error: errors[name], required: required, dir: "ltr")
        }
        func count(_ name: String) -> FormField {
            FormField(name: name, label: req.t("breach.field.\(name)"), value: self[name], error: errors[name], required: true, inputmode: "numeric",
                      dir: "ltr", maxlength: 9)
        }
        var fields = [
            text("title", kind: "text"), text("details", hint: true),
            moment("discoveredDay", kind: "date", required: true), moment("discoveredTime", kind: "time", required: true),
            moment("occurredDay", kind: "date", required: false), moment("occurredTime", kind: "time", required: false),
            count("recordsAffected"), count("peopleAffected"),
            text("dataCategories", hint: true),
            FormField(name: "risk", label: req.t("breach.field.risk"), kind: "select", hint: req.t("breach.field.risk.hint"), error: errors["risk"],
                      required: true, options: BreachRisk.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == self["risk"]) }),
            text("containment", required: false),
        ]
        if editing { fields += [text("authorityDraft", hint: true), text("peopleDraft", hint: true)] }
        return fields.prepared()
    }
}
