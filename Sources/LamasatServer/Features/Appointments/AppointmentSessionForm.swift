import Foundation
import LamasatCore
import Vapor

/// A session of interview slots the officer publishes: a day (today or later, within the horizon), from and to, how
/// long each interview is ([P-18]: at least 15 minutes), the modes offered and how many in each slot.
struct AppointmentSessionForm {
    var values: [String: String]

    init(_ values: [String: String]) { self.values = values }

    init(request req: Request) {
        values = ["day", "from", "to", "minutes", "capacity", "branch"].reduce(into: [String: String]()) { $0[$1] = req.formText($1) }
        values["modes"] = req.formTexts("modes").joined(separator: ",")
    }

    struct Valid { let starts: [Date]; let minutes: Int; let modes: [AppointmentMode]; let capacity: Int }

    func validate(_ req: Request) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        let day = values["day"] ?? ""
        let from = CalendarDay.moment(day: day, time: values["from"] ?? ""), to = CalendarDay.moment(day: day, time: values["to"] ?? "")
        if from == nil || to == nil { errors["day"] = req.t("appointment.error.when") } else if from! <= req.now {
            errors["day"] = req.t("appointment.error.past")
        } else if from! > req.now.addingTimeInterval(Double(AppointmentRules.horizonDays) * 86_400) {
            errors["day"] = req.t("appointment.error.horizon")
        } else if to! <= from! || to!.timeIntervalSince(from!) > AppointmentRules.longestSession {
            errors["to"] = req.t("appointment.error.session")
        }
        let minutes = ArabicDigits.parseInt(values["minutes"] ?? "").flatMap { AppointmentRules.minutes.contains($0) ? $0 : nil }
        if minutes == nil { errors["minutes"] = req.t("appointment.error.minutes") }
        let capacity = ArabicDigits.parseInt(values["capacity"] ?? "").flatMap { AppointmentRules.capacity.contains($0) ? $0 : nil }
        if capacity == nil { errors["capacity"] = req.t("appointment.error.capacity") }
        let modes = (values["modes"] ?? "").split(separator: ",").compactMap { AppointmentMode(rawValue: String($0)) }
        if modes.isEmpty { errors["modes"] = req.t("appointment.error.modes") }
        guard errors.isEmpty, let from, let to, let minutes, let capacity else { return (nil, errors) }
        let starts = AppointmentRules.starts(from: from, to: to, minutes: minutes)
        if starts.isEmpty { return (nil, ["to": req.t("appointment.error.session")]) }
        return (Valid(starts: starts, minutes: minutes, modes: modes, capacity: capacity), [:])
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        let chosen = Set((values["modes"] ?? "").split(separator: ",").map(String.init))
        return [
            FormField(name: "day", label: req.t("appointment.field.day"), kind: "date", value: values["day"] ?? "", error: errors["day"], required: true,
                      dir: "ltr", key: "publish"),
            FormField(name: "from", label: req.t("appointment.field.from"), kind: "time", value: values["from"] ?? "", required: true, dir: "ltr", key: "publish"),
            FormField(name: "to", label: req.t("appointment.field.to"), kind: "time", value: values["to"] ?? "", error: errors["to"], required: true, dir: "ltr",
                      key: "publish"),
            FormField(name: "minutes", label: req.t("appointment.field.minutes"), value: values["minutes"] ?? "", hint: req.t("appointment.field.minutes.hint"),
                      error: errors["minutes"], required: true, inputmode: "numeric", dir: "ltr", maxlength: 3, key: "publish"),
            FormField(name: "capacity", label: req.t("appointment.field.capacity"), value: values["capacity"] ?? "", error: errors["capacity"], required: true,
                      inputmode: "numeric", dir: "ltr", maxlength: 2, key: "publish"),
            FormField(name: "modes[]", label: req.t("appointment.field.modes"), kind: "checkboxes", error: errors["modes"],
                      options: AppointmentMode.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: chosen.contains($0.rawValue)) },
                      key: "publish"),
        ].prepared()
    }
}
