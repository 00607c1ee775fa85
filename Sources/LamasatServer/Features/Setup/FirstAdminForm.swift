import LamasatCore
import Vapor

/// The first administrator's account as typed on the one-time setup page.
struct FirstAdminForm {
    var fullName = ""
    var username = ""
    var newPassword = NewPasswordForm()

    init() {}

    init(request req: Request) {
        fullName = req.formText("fullName")
        username = req.formText("username")
        newPassword = NewPasswordForm(request: req)
    }

    /// Her name and a valid username, or the errors (password ones included).
    func validate(_ req: Request) -> ((fullName: String, username: StaffUsername)?, FieldErrors) {
        var errors: FieldErrors = [:]
        if fullName.isEmpty { errors["fullName"] = req.t("validation.required") } else if fullName.count > 120 { errors["fullName"] = req.t("validation.tooLong") }
        var valid: StaffUsername?
        do { valid = try StaffUsername(username) } catch { errors["username"] = req.t(error.localizationKey) }
        errors.merge(newPassword.errors(req, username: valid?.value)) { first, _ in first }
        guard errors.isEmpty, let valid else { return (nil, errors) }
        return ((fullName, valid), errors)
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        ([
            FormField(name: "fullName", label: req.t("user.fullName"), value: fullName, error: errors["fullName"], required: true,
                      autocomplete: "name", maxlength: 120),
            FormField(name: "username", label: req.t("user.username"), value: username, hint: req.t("user.username.hint"),
                      error: errors["username"], required: true, autocomplete: "username", dir: "ltr", maxlength: 32),
        ] + newPassword.fields(req, errors: errors, label: req.t("user.password"), hint: req.t("password.hint"))).prepared()
    }
}
