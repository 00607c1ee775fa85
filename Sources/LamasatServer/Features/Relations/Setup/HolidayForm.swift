import Fluent
import LamasatCore
import Vapor

/// A holiday added to the calendar the response targets skip: its day (Gregorian or Hijri, as typed) and its name.
struct HolidayForm {
    var day = ""
    var calendar = CalendarDay.Calendar.gregorian.rawValue
    var name = ""

    init() {}

    init(request req: Request) {
        day = req.formText("day")
        calendar = req.formText("calendar")
        name = req.formText("name")
    }

    /// A real day near today, not a holiday already, and a name up to 80 characters.
    func validate(_ req: Request) async throws -> (Holiday?, FieldErrors) {
        var errors: FieldErrors = [:]
        let parsed = try? CalendarDay.day(day, calendar: CalendarDay.Calendar(rawValue: calendar) ?? .gregorian)
        // A holiday is near: this year give or take two (a Hijri date typed as Gregorian lands centuries away).
        let year = { (day: CalendarDay) in Int(day.description.prefix(4)) ?? 0 }
        if let parsed, abs(year(parsed) - year(CalendarDay.today(req.now))) <= 2 {
            if try await Holiday.query(on: req.db).filter(\.$day == parsed.description).count() > 0 { errors["day"] = req.t("relationsSetup.error.holidayTaken") }
        } else {
            errors["day"] = req.t("relationsSetup.error.holiday")
        }
        if name.isEmpty { errors["name"] = req.t("validation.required") } else if name.count > 80 { errors["name"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let parsed else { return (nil, errors) }
        return (Holiday(day: parsed.description, name: name), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "day", label: req.t("relationsSetup.day"), value: day, hint: req.t("relationsSetup.dayHint"), error: errors["day"], required: true,
                      dir: "ltr", maxlength: 10),
            FormField(name: "calendar", label: req.t("relationsSetup.calendar"), kind: "select",
                      options: CalendarDay.Calendar.allCases.reversed().map {
                          FormField.Option(value: $0.rawValue, label: req.t("calendar.\($0.rawValue)"), selected: $0.rawValue == calendar)
                      }),
            FormField(name: "name", label: req.t("relationsSetup.name"), value: name, error: errors["name"], required: true, maxlength: 80),
        ].prepared()
    }
}
