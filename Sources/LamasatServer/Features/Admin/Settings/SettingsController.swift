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
        let secondFactorAllStaff: Bool
    }

    /// Two-step sign-in for every role (administrators and managers always have it).
    func saveSecondFactor(req: Request) async throws -> Response {
        let all = req.formCheckbox("allStaff")
        try await req.db.transaction { db in
            try await SecondFactorSetting.set(allStaff: all, on: db)
            try await req.audit("settings.secondFactor", record: ("organization_settings", "1"), detail: "allStaff=\(all)", on: db)
        }
        return req.redirect(to: "/admin/settings?done=secondFactorSettingSaved")
    }

    func show(req: Request) async throws -> View {
        let profile = try await OrganizationSettings.current(on: req.db)
        return try await render(req, values: Self.values(of: profile), errors: [:])
    }

    static func values(of profile: OrganizationProfile) -> [OrganizationProfile.Field: String] {
        [.nameArabic: profile.nameArabic, .nameEnglish: profile.nameEnglish, .licenceNumber: profile.licenceNumber,
         .phone: profile.phone, .socialMedia: profile.socialMedia, .email: profile.email,
         .decisionPeriodDays: String(profile.decisionPeriodDays)]
    }

    private func render(_ req: Request, values: [OrganizationProfile.Field: String], errors: [OrganizationProfile.Field: String]) async throws -> View {
        func field(_ key: OrganizationProfile.Field, kind: String = "text", dir: String? = nil, inputmode: String? = nil,
                   required: Bool = false, hint: String? = nil) -> FormField {
            FormField(name: key.rawValue, label: req.t("settings.\(key.rawValue)"), kind: kind, value: values[key] ?? "",
                      hint: hint, error: errors[key], required: required, autocomplete: "off", inputmode: inputmode, dir: dir)
        }
        let fields = [
            field(.nameArabic, required: true),
            field(.nameEnglish, dir: "ltr"),
            field(.licenceNumber, dir: "ltr", inputmode: "numeric"),
            field(.phone, kind: "tel", dir: "ltr", inputmode: "tel"),
            field(.socialMedia, dir: "ltr"),
            field(.email, kind: "email", dir: "ltr"),
            field(.decisionPeriodDays, dir: "ltr", inputmode: "numeric", required: true, hint: req.t("settings.decisionPeriodDays.hint")),
        ].prepared()
        let allStaff = try await SecondFactorSetting.allStaff(on: req.db)
        return try await req.render("admin/settings", SettingsView(page: PageContext(req, title: req.t("nav.settings")), fields: fields,
                                                                  secondFactorAllStaff: allStaff))
    }

    func save(req: Request) async throws -> Response {
        var values: [OrganizationProfile.Field: String] = [:]
        for field in OrganizationProfile.Field.allCases { values[field] = req.formText(field.rawValue) }
        let days = ArabicDigits.parseInt(values[.decisionPeriodDays] ?? "")
        let profile = OrganizationProfile(
            nameArabic: values[.nameArabic] ?? "", nameEnglish: values[.nameEnglish] ?? "",
            licenceNumber: ArabicDigits.westernized(values[.licenceNumber] ?? "").replacingOccurrences(of: " ", with: ""),
            phone: ArabicDigits.westernized(values[.phone] ?? "").replacingOccurrences(of: " ", with: ""),
            socialMedia: values[.socialMedia] ?? "", email: values[.email] ?? "", decisionPeriodDays: days ?? 0)
        var errors = profile.problems().mapValues { req.t($0) }
        if days == nil { errors[.decisionPeriodDays] = req.t("validation.wholeNumber") }
        guard errors.isEmpty else {
            return try await render(req, values: values, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let staff = try req.requireStaff()
        try await req.db.transaction { db in
            let row = try await OrganizationSettings.find(OrganizationSettings.singletonID, on: db)
                ?? OrganizationSettings(profile: profile, now: req.now)
            row.apply(profile)
            row.updatedAt = req.now
            row.updatedBy = staff.userID
            try await row.save(on: db)
            try await req.audit("settings.updated", record: ("organization_settings", "1"),
                                detail: "decisionPeriodDays=\(profile.decisionPeriodDays)", on: db)
        }
        return req.redirect(to: "/admin/settings?done=settingsSaved")
    }
}
