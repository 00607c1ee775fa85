import Fluent
import Foundation
import LamasatCore
import Vapor

/// A new token as typed: the integration's name, its scopes, its branch and reach, and its expiry day.
struct APITokenForm {
    var name = ""
    var scopes: Set<String> = []
    var branchID = ""
    var scope = BranchScope.ownBranch.rawValue
    var expires = ""

    static let defaultDays = 90
    static let maximumDays = 365

    init(now: Date) {
        expires = Self.day(now.addingTimeInterval(Double(Self.defaultDays) * 86_400))
    }

    init(request req: Request) {
        name = req.formText("name")
        scopes = Set(req.formTexts("scopes"))
        branchID = req.formText("branch")
        scope = req.formText("scope")
        expires = req.formText("expires")
    }

    struct Valid {
        let name: String
        let scopes: Set<APIScope>
        let branch: Branch
        let scope: BranchScope
        let expiresAt: Date
    }

    /// `branches` are those the administrator may assign; like a user's, a token never reaches wider than she does.
    func validate(_ req: Request, branches: [Branch], actorScope: BranchScope) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if name.isEmpty { errors["name"] = req.t("validation.required") }
        else if name.count > 80 { errors["name"] = req.t("validation.tooLong") }
        else if try await APIToken.query(on: req.db).filter(\.$name == name).filter(\.$revokedAt == nil).first() != nil {
            errors["name"] = req.t("apiTokens.nameTaken")
        }
        let chosen = Set(scopes.compactMap(APIScope.init(rawValue:)))
        if chosen.isEmpty || chosen.count != scopes.count { errors["scopes"] = req.t("apiTokens.scopesRequired") }
        let branch = branches.first { $0.id?.uuidString == branchID } ?? (branches.count == 1 ? branches.first : nil)
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        let reach = BranchScope(rawValue: scope)
        if reach == nil { errors["scope"] = req.t("validation.choose") }
        if actorScope == .ownBranch, reach == .allBranches { errors["scope"] = req.t("user.scopeBeyondReach") }
        let expiresAt = Self.endOfDay(expires)
        if let expiresAt {
            if expiresAt <= req.now || expiresAt > req.now.addingTimeInterval(Double(Self.maximumDays + 1) * 86_400) {
                errors["expires"] = req.t("apiTokens.expiresRange")
            }
        } else {
            errors["expires"] = req.t("validation.invalid")
        }
        guard errors.isEmpty, let branch, let reach, let expiresAt else { return (nil, errors) }
        return (Valid(name: name, scopes: chosen, branch: branch, scope: reach, expiresAt: expiresAt), errors)
    }

    func fields(_ req: Request, branches: [Branch], errors: FieldErrors) -> [FormField] {
        [
            FormField(name: "name", label: req.t("apiTokens.name"), value: name, hint: req.t("apiTokens.name.hint"),
                      error: errors["name"], required: true, maxlength: 80),
            FormField(name: "scopes[]", label: req.t("apiTokens.scopes"), kind: "checkboxes", error: errors["scopes"], required: true,
                      options: APIScope.allCases.map { FormField.Option(value: $0.rawValue, label: req.t($0.localizationKey),
                                                                          selected: scopes.contains($0.rawValue)) }),
            FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true,
                      options: FormField.Option.records(branches, selected: branchID) { $0.name(in: req.language) }),
            FormField(name: "scope", label: req.t("user.scope"), kind: "select", error: errors["scope"], required: true,
                      options: FormField.Option.choices(BranchScope.allCases, selected: scope, req)),
            FormField(name: "expires", label: req.t("apiTokens.expires"), kind: "date", value: expires, hint: req.t("apiTokens.expires.hint"),
                      error: errors["expires"], required: true, dir: "ltr"),
        ].prepared()
    }

    /// yyyy-mm-dd in Riyadh.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The last second of a yyyy-mm-dd day in Riyadh: a token is good through the day written.
    static func endOfDay(_ text: String) -> Date? {
        let parts = ArabicDigits.westernized(text).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (2000...2200).contains(parts[0]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = DualCalendarFormatter.riyadh
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 23, minute: 59, second: 59)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }
}
