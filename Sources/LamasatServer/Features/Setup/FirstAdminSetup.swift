import Fluent
import LamasatCore
import Vapor

/// The first administrator of a new installation. With no staff user yet, the server prints a one-time link (valid
/// 24 hours) on its console; there is no default password anywhere.
enum FirstAdminSetup {
    static let validity: TimeInterval = 24 * 60 * 60

    /// Prints the set-up link when the database has no staff user. Returns the link, or nil when not needed.
    @discardableResult
    static func announceIfNeeded(_ app: Application) async throws -> String? {
        guard try await StaffUser.query(on: app.db).count() == 0 else { return nil }
        let token = SessionTokens.make()
        let now = app.lamasat.clock.now()
        try await app.db.transaction { db in
            // Only the newest link works: an older one printed on an earlier start is withdrawn.
            try await SetupToken.query(on: db).delete()
            try await SetupToken(tokenHash: SessionTokens.hash(token), expiresAt: now.addingTimeInterval(validity)).create(on: db)
        }
        let link = "\(app.lamasat.config.publicURL)/setup/\(token)"
        print("""

            ────────────────────────────────────────────────────────────────────
            لا يوجد حساب موظف بعد. افتحي هذا الرابط (لمرة واحدة، صالح 24 ساعة) لإنشاء حساب مدير النظام الأول:
            No staff account exists yet. Open this one-time link (valid 24 hours) to create the first administrator:

              \(link)

            From a script instead: printf '%s' "$PASSWORD" | lamasat user --username admin --name "…" --role admin
            ────────────────────────────────────────────────────────────────────

            """)
        return link
    }

    /// The stored token for a link, if it is still usable.
    static func validToken(_ token: String, now: Date, on db: any Database) async throws -> SetupToken? {
        guard try await StaffUser.query(on: db).count() == 0 else { return nil }
        guard let stored = try await SetupToken.query(on: db).filter(\.$tokenHash == SessionTokens.hash(token)).first(),
              stored.usedAt == nil, stored.expiresAt > now
        else { return nil }
        return stored
    }
}

struct FirstAdminSetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("setup", ":token") { try await self.show(req: $0) }.declare(.public)
        routes.post("setup", ":token") { try await self.create(req: $0) }.declare(.public)
    }

    struct SetupView: Encodable {
        let page: PageContext
        let action: String
        let fields: [FormField]
    }

    private func token(_ req: Request) async throws -> (String, SetupToken) {
        let token = req.parameters.get("token") ?? ""
        guard let stored = try await FirstAdminSetup.validToken(token, now: req.now, on: req.db) else {
            throw Abort(.notFound)
        }
        return (token, stored)
    }

    func show(req: Request) async throws -> View {
        let (token, _) = try await self.token(req)
        return try await render(req, token: token, errors: [:])
    }

    private func render(_ req: Request, token: String, errors: FieldErrors) async throws -> View {
        let fields = [
            FormField(name: "fullName", label: req.t("user.fullName"), value: req.formText("fullName"),
                      error: errors["fullName"], required: true, autocomplete: "name", maxlength: 120),
            FormField(name: "username", label: req.t("user.username"), value: req.formText("username"),
                      hint: req.t("user.username.hint"), error: errors["username"], required: true,
                      autocomplete: "username", dir: "ltr", maxlength: 32),
            FormField(name: "password", label: req.t("user.password"), kind: "password",
                      hint: req.t("password.hint"), error: errors["password"], required: true, autocomplete: "new-password"),
            FormField(name: "confirmation", label: req.t("user.passwordConfirmation"), kind: "password",
                      error: errors["confirmation"], required: true, autocomplete: "new-password"),
        ]
        return try await req.render("setup/setup", SetupView(
            page: PageContext(req, title: req.t("setup.title")), action: "/setup/\(token)", fields: fields.prepared()))
    }

    func create(req: Request) async throws -> Response {
        let (token, stored) = try await self.token(req)
        var errors: FieldErrors = [:]
        let fullName = req.formText("fullName")
        if fullName.isEmpty { errors["fullName"] = req.t("validation.required") }
        var username: StaffUsername?
        do { username = try StaffUsername(req.formText("username")) } catch { errors["username"] = req.t(error.localizationKey) }
        let password = req.formSecret("password")
        if let problem = PasswordPolicy.check(password, confirmation: req.formSecret("confirmation"), username: username?.value, common: req.lamasat.commonPasswords) {
            errors[problem == .mismatch ? "confirmation" : "password"] = req.t(problem.localizationKey)
        }
        guard errors.isEmpty, let username else {
            return try await render(req, token: token, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.lamasat.passwords.hash(password, on: req.application.threadPool)
        let now = req.now
        try await req.db.transaction { db in
            guard let headOffice = try await Branch.query(on: db).sort(\.$createdAt).first() else { throw Abort(.internalServerError) }
            let admin = StaffUser(
                username: username.value, fullName: fullName, email: nil, role: .admin, scope: .allBranches,
                branchID: try headOffice.requireID(), passwordHash: hash, mustChangePassword: false, now: now)
            try await admin.create(on: db)
            stored.usedAt = now
            try await stored.save(on: db)
            try await req.audit("setup.firstAdmin", record: ("staff_user", try admin.requireID().uuidString), actor: admin, on: db)
        }
        return req.redirect(to: "/signin?done=setupComplete")
    }
}
