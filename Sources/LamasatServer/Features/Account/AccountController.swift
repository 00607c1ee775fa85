import Fluent
import LamasatCore
import Vapor

/// A staff member changes her own password (and must, after an administrator reset it).
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get("password") { try await self.show(req: $0) }.declare(.signedIn)
        account.post("password") { try await self.change(req: $0) }.declare(.signedIn)
    }

    struct PasswordView: Encodable {
        let page: PageContext
        let mustChange: Bool
        let fields: [FormField]
    }

    func show(req: Request) async throws -> View {
        try await render(req, errors: [:])
    }

    private func render(_ req: Request, errors: FieldErrors) async throws -> View {
        let staff = try req.requireStaff()
        let fields = [
            FormField(name: "current", label: req.t("account.currentPassword"), kind: "password", error: errors["current"],
                      required: true, autocomplete: "current-password"),
            FormField(name: "password", label: req.t("account.newPassword"), kind: "password", hint: req.t("password.hint"),
                      error: errors["password"], required: true, autocomplete: "new-password"),
            FormField(name: "confirmation", label: req.t("user.passwordConfirmation"), kind: "password",
                      error: errors["confirmation"], required: true, autocomplete: "new-password"),
        ]
        return try await req.render("account/password", PasswordView(
            page: PageContext(req, title: req.t("account.passwordTitle")), mustChange: staff.user.mustChangePassword,
            fields: fields.prepared()))
    }

    func change(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let pool = req.application.threadPool
        var errors: FieldErrors = [:]
        let password = req.formSecret("password")
        if !(try await req.lamasat.passwords.verify(req.formSecret("current"), against: staff.user.passwordHash, on: pool)) {
            errors["current"] = req.t("account.currentWrong")
        }
        if let problem = PasswordPolicy.check(password, confirmation: req.formSecret("confirmation"), username: staff.user.username, common: req.lamasat.commonPasswords) {
            errors[problem == .mismatch ? "confirmation" : "password"] = req.t(problem.localizationKey)
        } else if try await req.lamasat.passwords.verify(password, against: staff.user.passwordHash, on: pool) {
            errors["password"] = req.t("account.samePassword")
        }
        guard errors.isEmpty else {
            try await req.audit("account.passwordChange", record: ("staff_user", staff.userID.uuidString), outcome: .failure)
            return try await render(req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.lamasat.passwords.hash(password, on: pool)
        try await req.db.transaction { db in
            staff.user.passwordHash = hash
            staff.user.mustChangePassword = false
            staff.user.updatedAt = req.now
            try await staff.user.save(on: db)
            // Other browsers signed in with the old password are signed out.
            try await StaffSession.query(on: db).filter(\.$user.$id == staff.userID).filter(\.$id != staff.session.id!).delete()
            try await req.audit("account.passwordChange", record: ("staff_user", staff.userID.uuidString), on: db)
        }
        return req.redirect(to: "/?done=passwordChanged")
    }
}
