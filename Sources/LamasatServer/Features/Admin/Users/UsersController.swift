import Fluent
import LamasatCore
import Vapor

/// Staff accounts: list with search and filters, create, edit role/scope/branch, disable and enable, reset password.
/// An administrator limited to her own branch sees and manages only that branch's staff.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get { try await self.index(req: $0) }.requires(.manageUsers)
        routes.exportsList("users", requires: .manageUsers, title: "nav.users") { try await self.export($0, limit: $1) }
        users.get("new") { try await self.new(req: $0) }.requires(.manageUsers)
        users.post { try await self.create(req: $0) }.requires(.manageUsers)
        users.get(":userID") { try await self.edit(req: $0) }.requires(.manageUsers)
        users.post(":userID") { try await self.update(req: $0) }.requires(.manageUsers)
        users.post(":userID", "disable") { try await self.setActive(req: $0, false) }.requires(.manageUsers)
        users.post(":userID", "enable") { try await self.setActive(req: $0, true) }.requires(.manageUsers)
        users.post(":userID", "password") { try await self.resetPassword(req: $0) }.requires(.manageUsers)
    }

    // MARK: List

    struct Row: Encodable {
        let id: String
        let fullName: String
        let username: String
        let role: String
        let branch: String
        let isActive: Bool
        let lastSignIn: String
    }

    typealias IndexView = FilteredList<Row>

    /// The users of the list's filter that she may manage, as the page and its export read them.
    func listQuery(_ req: Request, _ staff: StaffContext, typed: [String: String]) -> QueryBuilder<StaffUser> {
        // Integrations' accounts are managed with their tokens (/admin/api-tokens), never here.
        let query = StaffUser.query(on: req.db).with(\.$branch).filter(\.$isIntegration == false).sort(\.$fullName)
        scoped(query, staff)
        let q = typed["q"] ?? ""
        if !q.isEmpty {
            query.group(.or) { $0.filter(\.$fullName ~~ q).filter(\.$username ~~ q.lowercased()) }
        }
        if let role = Role(rawValue: typed["role"] ?? "") { query.filter(\.$role == role) }
        if let branchID = UUID(uuidString: typed["branch"] ?? "") { query.filter(\.$branch.$id == branchID) }
        if typed["status"] == "active" { query.filter(\.$isActive == true) }
        if typed["status"] == "disabled" { query.filter(\.$isActive == false) }
        return query
    }

    static func typed(_ req: Request) -> [String: String] {
        ["q": req.query[String.self, at: "q"]?.trimmingWhitespace() ?? "", "role": req.query[String.self, at: "role"] ?? "",
         "branch": req.query[String.self, at: "branch"] ?? "", "status": req.query[String.self, at: "status"] ?? ""]
    }

    func rows(_ users: [StaffUser], req: Request) throws -> [Row] {
        let formatter = DualCalendarFormatter(language: req.language)
        return try users.map { user in
            Row(id: try user.requireID().uuidString, fullName: user.fullName, username: user.username,
                role: req.t(user.role.localizationKey), branch: user.branch.name(in: req.language), isActive: user.isActive,
                lastSignIn: user.lastSignInAt.map { formatter.dateTime($0).combined } ?? req.t("user.neverSignedIn"))
        }
    }

    /// Every user of the filter, as the list shows them.
    func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = Self.typed(req)
        let users = try await listQuery(req, try req.requireStaff(), typed: typed).limit(limit).all()
        return ListExport.Table(
            columns: ["listExport.column.name", "listExport.column.username", "user.role", "user.branch", "user.status", "listExport.column.lastSignIn"],
            rows: try rows(users, req: req).map { r in
                [.text(r.fullName), .text(r.username), .text(r.role), .text(r.branch), .text(req.t(r.isActive ? "user.active" : "user.disabled")), .text(r.lastSignIn)]
            }, filter: typed)
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let typed = Self.typed(req)
        let (q, role, branch, status) = (typed["q"]!, typed["role"]!, typed["branch"]!, typed["status"]!)
        let page = Paging.requestedPage(req)
        let (users, total) = try await listQuery(req, staff, typed: typed).page(page)
        let rows = try rows(users, req: req)
        let branches = try await assignableBranches(req, staff, includeInactive: true)
        let filters = [
            FormField(name: "q", label: req.t("list.search"), kind: "search", value: q, maxlength: 100),
            FormField.filter(req, name: "role", label: req.t("user.role"), selected: role,
                             choices: Role.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: branch,
                             records: branches),
            FormField.filter(req, name: "status", label: req.t("user.status"), selected: status,
                             choices: [("active", req.t("user.active")), ("disabled", req.t("user.disabled"))]),
        ].prepared()
        return try await req.render("admin/users/index", IndexView(
            page: PageContext(req, title: req.t("nav.users")), filters: filters, rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/users", filters: typed, exports: true)))
    }

    // MARK: Create

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let fields: [FormField]
        let isNew: Bool
        let user: Row?
        let temporaryPassword: String?
    }

    func new(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        var form = UserForm()
        form.branchID = staff.user.$branch.id.uuidString
        let branches = try await assignableBranches(req, staff)
        return try await renderForm(req, form: form, branches: branches, errors: [:], user: nil)
    }

    private func renderForm(
        _ req: Request, form: UserForm, branches: [Branch], errors: FieldErrors, user: StaffUser?, temporaryPassword: String? = nil
    ) async throws -> View {
        let row = try user.map {
            Row(id: try $0.requireID().uuidString, fullName: $0.fullName, username: $0.username, role: req.t($0.role.localizationKey),
                branch: $0.branch.name(in: req.language), isActive: $0.isActive, lastSignIn: "")
        }
        let title = user == nil ? req.t("user.newTitle") : req.t("user.editTitle", user!.fullName)
        return try await req.render("admin/users/form", FormView(
            page: PageContext(req, title: title), action: user.map { "/admin/users/\(try $0.requireID().uuidString)" } ?? "/admin/users",
            fields: form.fields(req, branches: branches, errors: errors, isNew: user == nil), isNew: user == nil,
            user: row, temporaryPassword: temporaryPassword))
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = UserForm(request: req)
        let branches = try await assignableBranches(req, staff)
        var (valid, errors) = form.validate(req, branches: branches, isNew: true, actorScope: staff.user.scope)
        if let valid, try await StaffUser.query(on: req.db).filter(\.$username == valid.username).first() != nil {
            errors["username"] = req.t("validation.username.taken")
        }
        guard let valid, errors.isEmpty else {
            return try await renderForm(req, form: form, branches: branches, errors: errors, user: nil)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.lamasat.passwords.hash(form.newPassword.password, on: req.application.threadPool)
        let user = StaffUser(
            username: valid.username, fullName: valid.fullName, email: valid.email, role: valid.role, scope: valid.scope,
            branchID: try valid.branch.requireID(), passwordHash: hash, mustChangePassword: true, now: req.now)
        try await req.db.writeTransaction { db in
            try await user.create(on: db)
            try await req.audit("user.created", record: ("staff_user", try user.requireID().uuidString),
                                detail: "role=\(valid.role.rawValue) scope=\(valid.scope.rawValue)", on: db)
        }
        return req.redirect(to: "/admin/users?done=userCreated")
    }

    // MARK: Edit

    /// The user named in the URL, if the acting administrator's scope reaches her; otherwise 404, so another
    /// branch's staff cannot even be confirmed to exist.
    /// A change (edit, disable, password) to an account whose reach is wider than the administrator's own is
    /// refused and audited: a branch administrator cannot take over an all-branches account.
    private func target(_ req: Request, _ staff: StaffContext, forChange: Bool = false) async throws -> StaffUser {
        let user = try await req.scoped(StaffUser.self, id: req.parameters.get("userID"), branch: \.$branch.$id) {
            $0.filter(\.$isIntegration == false)
        }
        try await user.$branch.load(on: req.db)
        if forChange, staff.user.scope == .ownBranch, user.scope == .allBranches {
            try await req.audit("user.changeRefused", record: ("staff_user", try user.requireID().uuidString), outcome: .denied,
                                detail: "wider reach")
            throw Abort(.forbidden)
        }
        return user
    }

    func edit(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let user = try await target(req, staff)
        let branches = try await assignableBranches(req, staff)
        return try await renderForm(req, form: UserForm(user), branches: branches, errors: [:], user: user)
    }

    func update(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let user = try await target(req, staff, forChange: true)
        let form = UserForm(request: req)
        let branches = try await assignableBranches(req, staff)
        var (valid, errors) = form.validate(req, branches: branches, isNew: false, actorScope: staff.user.scope)
        if let valid, user.id == staff.userID, valid.role != .admin {
            errors["role"] = req.t("user.cannotDemoteSelf")
        } else if let valid, user.id == staff.userID, valid.scope != user.scope || valid.branch.id != user.$branch.id {
            errors["scope"] = req.t("user.cannotChangeOwnReach")
        } else if let valid, user.role == .admin, valid.role != .admin, user.isActive, try await isLastActiveAdmin(user, on: req.db) {
            errors["role"] = req.t("user.lastAdmin")
        }
        guard let valid, errors.isEmpty else {
            return try await renderForm(req, form: form, branches: branches, errors: errors, user: user)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        var changes: [String] = []
        if user.role != valid.role { changes.append("role=\(user.role.rawValue)→\(valid.role.rawValue)") }
        if user.scope != valid.scope { changes.append("scope=\(user.scope.rawValue)→\(valid.scope.rawValue)") }
        if user.$branch.id != valid.branch.id { changes.append("branch") }
        let accessChanged = !changes.isEmpty
        if user.fullName != valid.fullName { changes.append("fullName") }
        if user.email != valid.email { changes.append("email") }

        let changeSummary = changes.joined(separator: " ")
        try await req.db.writeTransaction { db in
            user.fullName = valid.fullName
            user.email = valid.email
            user.role = valid.role
            user.scope = valid.scope
            user.$branch.id = try valid.branch.requireID()
            user.updatedAt = req.now
            try await user.save(on: db)
            // New rights take effect at once: her open sessions end and she signs in again.
            if accessChanged { try await db.endSessions(of: try user.requireID()) }
            try await req.audit("user.updated", record: ("staff_user", try user.requireID().uuidString),
                                detail: changeSummary, on: db)
        }
        return req.redirect(to: "/admin/users?done=userUpdated")
    }

    func setActive(req: Request, _ active: Bool) async throws -> Response {
        let staff = try req.requireStaff()
        let user = try await target(req, staff, forChange: true)
        if !active {
            if user.id == staff.userID { return try await refuse(req, user, staff, "user.cannotDisableSelf") }
            if user.role == .admin, try await isLastActiveAdmin(user, on: req.db) { return try await refuse(req, user, staff, "user.lastAdmin") }
        }
        try await req.db.writeTransaction { db in
            user.isActive = active
            user.updatedAt = req.now
            try await user.save(on: db)
            if !active { try await db.endSessions(of: try user.requireID()) }
            try await req.audit(active ? "user.enabled" : "user.disabled", record: ("staff_user", try user.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/admin/users/\(try user.requireID().uuidString)?done=\(active ? "userEnabled" : "userDisabled")")
    }

    private func refuse(_ req: Request, _ user: StaffUser, _ staff: StaffContext, _ key: String) async throws -> Response {
        let branches = try await assignableBranches(req, staff)
        return try await renderForm(req, form: UserForm(user), branches: branches, errors: ["role": req.t(key)], user: user)
            .encodeResponse(status: .conflict, for: req)
    }

    /// Sets a random temporary password, shown once to the administrator; the user must replace it at sign-in.
    func resetPassword(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let user = try await target(req, staff, forChange: true)
        let temporary = Self.temporaryPassword()
        let hash = try await req.lamasat.passwords.hash(temporary, on: req.application.threadPool)
        try await req.db.writeTransaction { db in
            user.passwordHash = hash
            user.mustChangePassword = true
            user.updatedAt = req.now
            try await user.save(on: db)
            try await db.endSessions(of: try user.requireID())
            try await req.audit("user.passwordReset", record: ("staff_user", try user.requireID().uuidString), on: db)
        }
        let branches = try await assignableBranches(req, staff)
        return try await renderForm(req, form: UserForm(user), branches: branches, errors: [:], user: user, temporaryPassword: temporary)
            .encodeResponse(for: req)
    }

    /// 14 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<14).map { _ in alphabet.randomElement(using: &generator)! })
    }

    // MARK: Scope

    private func scoped(_ query: QueryBuilder<StaffUser>, _ staff: StaffContext) {
        query.withinReach(of: staff, \.$branch.$id)
    }

    private func assignableBranches(_ req: Request, _ staff: StaffContext, includeInactive: Bool = false) async throws -> [Branch] {
        let query = Branch.query(on: req.db).sort(\.$nameArabic)
        if !includeInactive { query.filter(\.$isActive == true) }
        if let own = staff.ownBranchOnly { query.filter(\.$id == own) }
        return try await query.all()
    }

    private func isLastActiveAdmin(_ user: StaffUser, on db: any Database) async throws -> Bool {
        try await StaffUser.query(on: db).filter(\.$role == .admin).filter(\.$isActive == true)
            .filter(\.$id != user.requireID()).count() == 0
    }
}
