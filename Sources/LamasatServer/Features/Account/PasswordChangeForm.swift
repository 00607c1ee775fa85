import LamasatCore
import Vapor

/// Her current password and the new one typed twice.
struct PasswordChangeForm {
    var current = ""
    var newPassword = NewPasswordForm()

    init() {}

    init(request req: Request) {
        current = req.formSecret("current")
        newPassword = NewPasswordForm(request: req)
    }

    /// The current password must be hers and the new one must pass the policy and differ from it.
    func validate(_ req: Request, user: StaffUser) async throws -> FieldErrors {
        let pool = req.application.threadPool
        var errors = newPassword.errors(req, username: user.username)
        if !(try await req.lamasat.passwords.verify(current, against: user.passwordHash, on: pool)) {
            errors["current"] = req.t("account.currentWrong")
        }
        if errors["password"] == nil, errors["confirmation"] == nil,
           try await req.lamasat.passwords.verify(newPassword.password, against: user.passwordHash, on: pool) {
            errors["password"] = req.t("account.samePassword")
        }
        return errors
    }

    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        ([FormField(name: "current", label: req.t("account.currentPassword"), kind: "password", error: errors["current"], required: true,
                    autocomplete: "current-password")]
         + newPassword.fields(req, errors: errors, label: req.t("account.newPassword"), hint: req.t("password.hint"))).prepared()
    }
}
