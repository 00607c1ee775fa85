import Fluent
import LamasatCore
import Vapor

/// The association's identity and the decision period announced to applicants (at least 14 days, [P-22]).
struct SettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("settings") { try await self.show(req: $0) }.requires(.manageSettings)
        routes.post("settings") { try await self.save(req: $0) }.requires(.manageSettings)
        routes.post("settings", "two-factor") { try await self.saveSecondFactor(req: $0) }.requires(.manageSettings)
    }

    struct SettingsView: Encodable {
        let page: PageContext
        let fields: [FormField]
        let secondFactor: [FormField]
    }

    /// Two-step sign-in for every role (administrators and managers always have it).
    func saveSecondFactor(req: Request) async throws -> Response {
        let all = req.formCheckbox("allStaff")
        try await req.db.writeTransaction { db in
            try await SecondFactorSetting.set(allStaff: all, on: db)
            try await req.audit("settings.secondFactor", record: ("organization_settings", "1"), detail: "allStaff=\(all)", on: db)
        }
        return req.redirect(to: "/admin/settings?done=secondFactorSettingSaved")
    }

    func show(req: Request) async throws -> View {
        try await render(req, SettingsForm(try await OrganizationSettings.current(on: req.db)), errors: [:])
    }

    private func render(_ req: Request, _ form: SettingsForm, errors: FieldErrors) async throws -> View {
        let allStaff = try await SecondFactorSetting.allStaff(on: req.db)
        return try await req.render("admin/settings", SettingsView(page: PageContext(req, title: req.t("nav.settings")),
                                                                  fields: form.fields(req, errors: errors),
                                                                  secondFactor: SettingsForm.secondFactorFields(req, allStaff: allStaff)))
    }

    func save(req: Request) async throws -> Response {
        let form = SettingsForm(request: req)
        let (valid, errors) = form.validate(req)
        guard let profile = valid else {
            return try await render(req, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let staff = try req.requireStaff()
        // Read before the transaction, which then only writes: on SQLite a transaction that reads and then writes fails
        // at once with SQLITE_BUSY when another connection committed in between. The form replaces every field.
        let row = try await OrganizationSettings.find(OrganizationSettings.singletonID, on: req.db)
            ?? OrganizationSettings(profile: profile, now: req.now)
        row.apply(profile)
        row.updatedAt = req.now
        row.updatedBy = staff.userID
        try await req.db.writeTransaction { db in
            try await row.save(on: db)
            try await req.audit("settings.updated", record: ("organization_settings", "1"),
                                detail: "decisionPeriodDays=\(profile.decisionPeriodDays)", on: db)
        }
        req.lamasat.cache.clear()
        return req.redirect(to: "/admin/settings?done=settingsSaved")
    }
}
