import Fluent
import LamasatCore
import Vapor

/// The user form's input, its validation and its fields, shared by "new user" and "edit user".
struct UserForm {
    var fullName = ""
    var username = ""
    var email = ""
    var role = Role.relationsOfficer.rawValue
    var scope = ""
    var branchID = ""
    var newPassword = NewPasswordForm()

    init() {}

    init(_ user: StaffUser) {
        fullName = user.fullName
        username = user.username
        email = user.email ?? ""
        role = user.role.rawValue
        scope = user.scope.rawValue
        branchID = user.$branch.id.uuidString
    }

    init(request req: Request) {
        fullName = req.formText("fullName")
        username = req.formText("username")
        email = req.formText("email")
        role = req.formText("role")
        scope = req.formText("scope")
        branchID = req.formText("branch")
        newPassword = NewPasswordForm(request: req)
    }

    struct Valid {
        let fullName: String
        let username: String
        let email: String?
        let role: Role
        let scope: BranchScope
        let branch: Branch
    }

    /// Checks every field; `branches` are those the acting administrator may assign, and `actorScope` caps the
    /// scope she may give: nobody hands out a reach wider than her own.
    func validate(_ req: Request, branches: [Branch], isNew: Bool, actorScope: BranchScope) -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if fullName.isEmpty { errors["fullName"] = req.t("validation.required") }
        if fullName.count > 120 { errors["fullName"] = req.t("validation.tooLong") }
        var validUsername: StaffUsername?
        if isNew {
            do { validUsername = try StaffUsername(username) } catch { errors["username"] = req.t(error.localizationKey) }
        }
        if !FormField.isPlausibleEmail(email) {
            errors["email"] = req.t("validation.email")
        }
        let role = Role(rawValue: self.role)
        if role == nil { errors["role"] = req.t("validation.choose") }
        var scope = BranchScope(rawValue: self.scope) ?? role?.defaultScope
        if actorScope == .ownBranch, scope == .allBranches {
            if self.scope.isEmpty { scope = .ownBranch } else { errors["scope"] = req.t("user.scopeBeyondReach") }
        }
        let branch = branches.first { $0.id?.uuidString == branchID }
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        if isNew { errors.merge(newPassword.errors(req, username: validUsername?.value)) { first, _ in first } }
        guard errors.isEmpty, let role, let scope, let branch else { return (nil, errors) }
        return (Valid(fullName: fullName, username: validUsername?.value ?? username, email: email.isEmpty ? nil : email,
                      role: role, scope: scope, branch: branch), errors)
    }

    func fields(_ req: Request, branches: [Branch], errors: FieldErrors, isNew: Bool) -> [FormField] {
        let roleOptions = FormField.Option.choices(Role.allCases, selected: role, req)
        let chosenScope = scope.isEmpty ? (Role(rawValue: role)?.defaultScope.rawValue ?? "") : scope
        let scopeOptions = FormField.Option.choices(BranchScope.allCases, selected: chosenScope, req)
        let branchOptions = [FormField.Option.choose(req)]
            + FormField.Option.records(branches, selected: branchID) { $0.name(in: req.language) }
        var fields = [
            FormField(name: "fullName", label: req.t("user.fullName"), value: fullName, error: errors["fullName"],
                      required: true, autocomplete: "off", maxlength: 120),
        ]
        if isNew {
            fields.append(FormField(name: "username", label: req.t("user.username"), value: username,
                                    hint: req.t("user.username.hint"), error: errors["username"], required: true,
                                    autocomplete: "off", dir: "ltr", maxlength: 32))
        }
        fields += [
            FormField(name: "email", label: req.t("user.email"), kind: "email", value: email, error: errors["email"],
                      autocomplete: "off", dir: "ltr", maxlength: 254),
            FormField(name: "role", label: req.t("user.role"), kind: "select", error: errors["role"], required: true, options: roleOptions),
            FormField(name: "scope", label: req.t("user.scope"), kind: "select", hint: req.t("user.scope.hint"),
                      error: errors["scope"], required: true, options: scopeOptions),
            FormField(name: "branch", label: req.t("user.branch"), kind: "select", error: errors["branch"], required: true, options: branchOptions),
        ]
        if isNew { fields += newPassword.fields(req, errors: errors, label: req.t("user.initialPassword"), hint: req.t("user.initialPassword.hint")) }
        return fields.prepared()
    }
}
