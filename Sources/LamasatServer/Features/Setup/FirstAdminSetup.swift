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
        try await app.db.writeTransaction { db in
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
        return try await render(req, token: token, FirstAdminForm(), errors: [:])
    }

    private func render(_ req: Request, token: String, _ form: FirstAdminForm, errors: FieldErrors) async throws -> View {
        try await req.render("setup/setup", SetupView(
            page: PageContext(req, title: req.t("setup.title")), action: "/setup/\(token)", fields: form.fields(req, errors: errors)))
    }

    func create(req: Request) async throws -> Response {
        let (token, stored) = try await self.token(req)
        let form = FirstAdminForm(request: req)
        let (valid, errors) = form.validate(req)
        guard let valid else {
            return try await render(req, token: token, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let (fullName, username) = valid
        let hash = try await req.lamasat.passwords.hash(form.newPassword.password, on: req.application.threadPool)
        let now = req.now
        try await req.db.writeTransaction { db in
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
