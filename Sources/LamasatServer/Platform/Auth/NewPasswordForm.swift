import LamasatCore
import Vapor

/// A new password typed twice — on the first administrator's setup, a new user and a password change — checked
/// against the password policy and the person's own username.
struct NewPasswordForm {
    var password = ""
    var confirmation = ""

    init() {}

    init(request req: Request) {
        password = req.formSecret("password")
        confirmation = req.formSecret("confirmation")
    }

    /// The policy's verdict, on the field it concerns.
    func errors(_ req: Request, username: String?) -> FieldErrors {
        guard let problem = PasswordPolicy.check(password, confirmation: confirmation, username: username, common: req.lamasat.commonPasswords) else { return [:] }
        return [problem == .mismatch ? "confirmation" : "password": req.t(problem.localizationKey)]
    }

    /// The two password boxes; never filled back in after an error.
    func fields(_ req: Request, errors: FieldErrors, label: String, hint: String) -> [FormField] {
        [FormField(name: "password", label: label, kind: "password", hint: hint, error: errors["password"], required: true, autocomplete: "new-password"),
         FormField(name: "confirmation", label: req.t("user.passwordConfirmation"), kind: "password", error: errors["confirmation"],
                   required: true, autocomplete: "new-password")]
    }
}
