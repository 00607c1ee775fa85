import Fluent
import LamasatCore
import Vapor

/// The association's offices. A branch with active staff cannot be closed; branches are never deleted, because
/// records keep pointing at them.
struct BranchesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let branches = routes.grouped("branches")
        branches.get { try await self.index(req: $0) }.requires(.manageBranches)
        branches.get("new") { try await self.new(req: $0) }.requires(.manageBranches)
        branches.post { try await self.create(req: $0) }.requires(.manageBranches)
        branches.get(":branchID") { try await self.edit(req: $0) }.requires(.manageBranches)
        branches.post(":branchID") { try await self.update(req: $0) }.requires(.manageBranches)
    }

    struct Row: Encodable {
        let id: String
        let code: String
        let name: String
        let city: String
        let isActive: Bool
        let staffCount: Int
    }

    typealias IndexView = FilteredList<Row>

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let q = req.query[String.self, at: "q"]?.trimmingWhitespace() ?? ""
        let page = Paging.requestedPage(req)
        let query = Branch.query(on: req.db).sort(\.$code)
        if let own = staff.ownBranchOnly { query.filter(\.$id == own) }
        if !q.isEmpty {
            query.group(.or) { $0.filter(\.$nameArabic ~~ q).filter(\.$nameEnglish ~~ q).filter(\.$code ~~ q.uppercased()).filter(\.$city ~~ q) }
        }
        let (branches, total) = try await query.page(page)
        var rows: [Row] = []
        for branch in branches {
            let count = try await StaffUser.query(on: req.db).filter(\.$branch.$id == branch.requireID()).filter(\.$isActive == true).count()
            rows.append(Row(id: try branch.requireID().uuidString, code: branch.code, name: branch.name(in: req.language), city: branch.city,
                            isActive: branch.isActive, staffCount: count))
        }
        return try await req.render("admin/branches/index", IndexView(
            page: PageContext(req, title: req.t("nav.branches")), filters: [FormField.search(req, value: q)], rows: rows.nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/branches", filters: ["q": q])))
    }

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let fields: [FormField]
    }


    func new(req: Request) async throws -> View {
        try await render(req, BranchForm(), [:], action: "/admin/branches", title: req.t("branch.newTitle"), isNew: true)
    }

    private func render(_ req: Request, _ input: BranchForm, _ errors: FieldErrors, action: String, title: String, isNew: Bool) async throws -> View {
        try await req.render("admin/branches/form", FormView(
            page: PageContext(req, title: title), action: action, fields: input.fields(req, errors, isNew: isNew)))
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        // A branch-limited administrator cannot open offices she would not see.
        guard staff.user.scope == .allBranches else { throw Abort(.forbidden) }
        let input = BranchForm(request: req)
        var errors = input.errors(req)
        if errors["code"] == nil, try await Branch.query(on: req.db).filter(\.$code == input.code).first() != nil {
            errors["code"] = req.t("branch.code.taken")
        }
        guard errors.isEmpty else {
            return try await render(req, input, errors, action: "/admin/branches", title: req.t("branch.newTitle"), isNew: true)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let branch = Branch(code: input.code, nameArabic: input.nameArabic, nameEnglish: input.nameEnglish, city: input.city, now: req.now)
        try await req.db.writeTransaction { db in
            try await branch.create(on: db)
            try await req.audit("branch.created", record: ("branch", try branch.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/admin/branches?done=branchSaved")
    }

    private func target(_ req: Request, _ staff: StaffContext) async throws -> Branch {
        try await req.scoped(Branch.self, id: req.parameters.get("branchID"), reach: { $0.id })
    }

    func edit(req: Request) async throws -> View {
        let branch = try await target(req, try req.requireStaff())
        return try await render(req, BranchForm(branch), [:], action: "/admin/branches/\(try branch.requireID().uuidString)",
                                title: req.t("branch.editTitle", branch.name(in: req.language)), isNew: false)
    }

    func update(req: Request) async throws -> Response {
        let branch = try await target(req, try req.requireStaff())
        let input = BranchForm(request: req)
        var errors = input.errors(req)
        if errors["code"] == nil, input.code != branch.code,
           try await Branch.query(on: req.db).filter(\.$code == input.code).first() != nil {
            errors["code"] = req.t("branch.code.taken")
        }
        if branch.isActive, !input.isActive,
           try await StaffUser.query(on: req.db).filter(\.$branch.$id == branch.requireID()).filter(\.$isActive == true).count() > 0 {
            errors["isActive"] = req.t("branch.hasActiveStaff")
        }
        guard errors.isEmpty else {
            return try await render(req, input, errors, action: "/admin/branches/\(try branch.requireID().uuidString)",
                                    title: req.t("branch.editTitle", branch.name(in: req.language)), isNew: false)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await req.db.writeTransaction { db in
            branch.code = input.code
            branch.nameArabic = input.nameArabic
            branch.nameEnglish = input.nameEnglish
            branch.city = input.city
            branch.isActive = input.isActive
            branch.updatedAt = req.now
            try await branch.save(on: db)
            try await req.audit("branch.updated", record: ("branch", try branch.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/admin/branches?done=branchSaved")
    }
}
