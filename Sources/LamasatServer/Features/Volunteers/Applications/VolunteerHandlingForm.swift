import LamasatCore
import Vapor

/// What the coordinator records on an application: where it stands and a note.
struct VolunteerHandlingForm {
    var status = ""
    var note = ""

    init(_ item: VolunteerApplication) {
        status = item.status.rawValue
        note = item.note
    }

    init(request req: Request) {
        status = req.formText("status")
        note = req.formText("note")
    }

    func validate(_ req: Request) -> (VolunteerApplication.Status?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = VolunteerApplication.Status(rawValue: status)
        if chosen == nil { errors["status"] = req.t("validation.choose") }
        if note.count > 500 { errors["note"] = req.t("validation.tooLong") }
        return (errors.isEmpty ? chosen : nil, errors)
    }

    /// One application's fields; `key` (its id) tells them apart from the other applications' on the page.
    func fields(_ req: Request, errors: FieldErrors, key: String) -> [FormField] {
        [FormField(name: "status", label: req.t("portal.file.status"), kind: "select", error: errors["status"], required: true,
                   options: FormField.Option.choices(VolunteerApplication.Status.allCases, selected: status, req), key: key),
         FormField(name: "note", label: req.t("volunteer.note"), value: note, error: errors["note"], maxlength: 500, key: key, wide: true)].prepared()
    }
}
