import Fluent
import LamasatCore
import Vapor

/// [issue 16] Her e-mail choice per kind: off, at once, or in the daily digest. Urgent kinds start "at once".
enum NotificationPreferencesPage {
    struct PreferencesView: Encodable {
        let page: PageContext
        let fields: [FormField]
        let hasEmail: Bool
    }

    static func fields(_ req: Request, chosen: [NotificationKind: String], errors: FieldErrors) -> [FormField] {
        NotificationKind.allCases.map { kind in
            FormField(name: kind.rawValue, label: req.t(kind.localizationKey), kind: "select", error: errors[kind.rawValue],
                      options: EmailMode.allCases.map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == chosen[kind]) })
        }.prepared()
    }

    static func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let modes = try await NotificationPreference.modes(of: staff.userID, on: req.db)
        return try await render(req, chosen: modes.mapValues(\.rawValue), errors: [:])
    }

    static func render(_ req: Request, chosen: [NotificationKind: String], errors: FieldErrors) async throws -> View {
        let staff = try req.requireStaff()
        return try await req.render("notifications/preferences", PreferencesView(
            page: PageContext(req, title: req.t("notifications.preferences")), fields: fields(req, chosen: chosen, errors: errors),
            hasEmail: !(staff.user.email ?? "").isEmpty))
    }

    static func save(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        var chosen: [NotificationKind: String] = [:], modes: [NotificationKind: EmailMode] = [:], errors: FieldErrors = [:]
        for kind in NotificationKind.allCases {
            let value = (try? req.content.get(String.self, at: kind.rawValue)) ?? ""
            chosen[kind] = value
            if let mode = EmailMode(rawValue: value) { modes[kind] = mode } else { errors[kind.rawValue] = req.t("notifications.error.mode") }
        }
        guard errors.isEmpty else {
            return try await render(req, chosen: chosen, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let chosenModes = modes
        try await req.db.writeTransaction { db in
            try await NotificationPreference.query(on: db).filter(\.$userID == staff.userID).delete()
            for (kind, mode) in chosenModes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where mode != kind.defaultEmail {
                let preference = NotificationPreference()
                (preference.userID, preference.kind, preference.email) = (staff.userID, kind, mode)
                try await preference.create(on: db)
            }
            try await req.audit("account.notificationPreferences", record: ("staff_user", staff.userID.uuidString), on: db)
        }
        return req.redirect(to: "/account/notifications?done=notificationPreferencesSaved")
    }
}
