import LamasatCore
import Vapor

/// The hours she logs on one assignment: hours and minutes (more than nothing, at most a day) and a short note.
struct VolunteerHoursForm {
    var hours = ""
    var minutes = ""
    var note = ""

    init() {}

    init(request req: Request) {
        hours = req.formText("hours")
        minutes = req.formText("minutes")
        note = req.formText("note")
    }

    /// The total in minutes, or the errors per field.
    func validate(_ req: Request) -> (Int?, FieldErrors) {
        var errors: FieldErrors = [:]
        let h = hours.isEmpty ? 0 : ArabicDigits.parseInt(hours) ?? -1
        let m = minutes.isEmpty ? 0 : ArabicDigits.parseInt(minutes) ?? -1
        if !(0...24).contains(h) { errors["hours"] = req.t("volunteerArea.hours.error.hours") }
        if !(0...59).contains(m) { errors["minutes"] = req.t("volunteerArea.hours.error.minutes") }
        let total = h * 60 + m
        if errors.isEmpty, !(1...24 * 60).contains(total) { errors["hours"] = req.t("volunteerArea.hours.error.total") }
        if note.count > 200 { errors["note"] = req.t("validation.tooLong") }
        return errors.isEmpty ? (total, errors) : (nil, errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "hours", label: req.t("volunteerArea.hours.hours"), value: String(hours.prefix(4)), error: errors["hours"],
                      autocomplete: "off", inputmode: "numeric", dir: "ltr", maxlength: 4),
            FormField(name: "minutes", label: req.t("volunteerArea.hours.minutes"), value: String(minutes.prefix(4)), error: errors["minutes"],
                      autocomplete: "off", inputmode: "numeric", dir: "ltr", maxlength: 4),
            FormField(name: "note", label: req.t("volunteerArea.hours.note"), value: String(note.prefix(200)), error: errors["note"], maxlength: 200),
        ].prepared()
    }
}
