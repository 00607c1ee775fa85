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
        try await render(req, PasswordChangeForm(), errors: [:])
    }

    private func render(_ req: Request, _ form: PasswordChangeForm, errors: FieldErrors) async throws -> View {
        let staff = try req.requireStaff()
        return try await req.render("account/password", PasswordView(
            page: PageContext(req, title: req.t("account.passwordTitle")), mustChange: staff.user.mustChangePassword,
            fields: form.fields(req, errors: errors)))
    }

    func change(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = PasswordChangeForm(request: req)
        let errors = try await form.validate(req, user: staff.user)
        guard errors.isEmpty else {
            try await req.audit("account.passwordChange", record: ("staff_user", staff.userID.uuidString), outcome: .failure)
            return try await render(req, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.lamasat.passwords.hash(form.newPassword.password, on: req.application.threadPool)
        try await req.db.writeTransaction { db in
            staff.user.passwordHash = hash
            staff.user.mustChangePassword = false
            staff.user.updatedAt = req.now
            try await staff.user.save(on: db)
            // Other browsers signed in with the old password are signed out.
            try await StaffSession.query(on: db).filter(\.$user.$id == staff.userID).filter(\.$id != staff.session.requireID()).delete()
            try await req.audit("account.passwordChange", record: ("staff_user", staff.userID.uuidString), on: db)
        }
        return req.redirect(to: "/?done=passwordChanged")
    }
}
