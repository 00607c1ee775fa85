import Fluent
import LamasatCore
import Vapor

/// The tokens of other systems (`/admin/api-tokens`): list, create (the secret shown once), revoke. An
/// administrator limited to her branch sees and issues tokens of her branch only.
struct APITokensController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tokens = routes.grouped("api-tokens")
        tokens.get { try await self.index(req: $0) }.requires(.manageAPITokens)
        tokens.get("new") { try await self.new(req: $0) }.requires(.manageAPITokens)
        tokens.post { try await self.create(req: $0) }.requires(.manageAPITokens)
        tokens.get(":tokenID", "revoke") { try await self.confirmRevoke(req: $0) }.requires(.manageAPITokens)
        tokens.post(":tokenID", "revoke") { try await self.revoke(req: $0) }.requires(.manageAPITokens)
    }

    struct Row: Encodable {
        let id: String
        let name: String
        let prefix: String
        let scopes: String
        let branch: String
        let reach: String
        let expires: String
        let lastUsed: String
        let createdBy: String
        let createdAt: String
        let revoked: String?
        let isUsable: Bool
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let q = req.query[String.self, at: "q"]?.trimmingWhitespace() ?? ""
        let page = Paging.requestedPage(req)
        let query = APIToken.query(on: req.db).sort(\.$createdAt, .descending).sort(\.$id)
        try await reachable(query, staff, req)
        if !q.isEmpty { query.group(.or) { $0.filter(\.$name ~~ q).filter(\.$prefix ~~ q) } }
        let (tokens, total) = try await query.page(page)
        var rows: [Row] = []
        for token in tokens { rows.append(try await row(token, req)) }
        try await req.audit("api.tokensListed", outcome: .success, detail: "results=\(total)")
        return try await req.render("api/tokens/index", FilteredList(
            page: PageContext(req, title: req.t("apiTokens.title")),
            filters: [FormField(name: "q", label: req.t("list.search"), kind: "search", value: q, maxlength: 100)].prepared(),
            rows: rows.nonEmpty, paging: Paging(req, total: total, page: page, path: "/admin/api-tokens", filters: ["q": q])))
    }

    /// Tokens whose integration account is of a branch the administrator reaches.
    private func reachable(_ query: QueryBuilder<APIToken>, _ staff: StaffContext, _ req: Request) async throws {
        guard let own = staff.ownBranchOnly else { return }
        let accounts = try await StaffUser.query(on: req.db).filter(\.$isIntegration == true).filter(\.$branch.$id == own).all(\.$id)
        query.filter(\.$userID ~~ accounts)
    }

    private func row(_ token: APIToken, _ req: Request) async throws -> Row {
        let formatter = DualCalendarFormatter(language: req.language)
        let account = try await StaffUser.query(on: req.db).filter(\.$id == token.userID).with(\.$branch).first()
        let creator = try await StaffUser.find(token.createdBy, on: req.db)
        return Row(
            id: try token.requireID().uuidString, name: token.name, prefix: token.prefix,
            scopes: token.scopes.sorted { $0.rawValue < $1.rawValue }.map { req.t($0.localizationKey) }.joined(separator: "، "),
            branch: account?.branch.name(in: req.language) ?? "—", reach: account.map { req.t($0.scope.localizationKey) } ?? "—",
            expires: formatter.date(token.expiresAt).combined,
            lastUsed: token.lastUsedAt.map { formatter.dateTime($0).combined } ?? req.t("apiTokens.neverUsed"),
            createdBy: creator?.fullName ?? "—", createdAt: formatter.dateTime(token.createdAt).combined,
            revoked: token.revokedAt.map { formatter.dateTime($0).combined }, isUsable: token.isUsable(at: req.now))
    }

    struct FormView: Encodable {
        let page: PageContext
        let fields: [FormField]
    }

    struct CreatedView: Encodable {
        let page: PageContext
        let name: String
        let secret: String
    }

    func new(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        var form = APITokenForm(now: req.now)
        form.branchID = staff.user.$branch.id.uuidString
        return try await render(req, form, errors: [:])
    }

    private func render(_ req: Request, _ form: APITokenForm, errors: FieldErrors) async throws -> View {
        try await req.render("api/tokens/form", FormView(
            page: PageContext(req, title: req.t("apiTokens.newTitle")),
            fields: form.fields(req, branches: try await branches(req), errors: errors)))
    }

    private func branches(_ req: Request) async throws -> [Branch] {
        let query = Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$nameArabic)
        if let own = try req.requireStaff().ownBranchOnly { query.filter(\.$id == own) }
        return try await query.all()
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = APITokenForm(request: req)
        let (valid, errors) = try await form.validate(req, branches: try await branches(req), actorScope: staff.user.scope)
        guard let valid else {
            return try await render(req, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let issued = try await APITokenIssuer.issue(
            name: valid.name, branchID: try valid.branch.requireID(), scope: valid.scope, scopes: valid.scopes, expiresAt: valid.expiresAt,
            createdBy: staff.userID, now: req.now, on: req.db)
        // Never the secret: its prefix is enough to recognise it.
        try await req.audit("api.tokenCreated", record: ("api_token", try issued.token.requireID().uuidString),
                            detail: "prefix=\(issued.token.prefix) scopes=\(APIScope.stored(valid.scopes)) reach=\(valid.scope.rawValue)")
        let view = try await req.render("api/tokens/created", CreatedView(
            page: PageContext(req, title: req.t("apiTokens.createdTitle")), name: valid.name, secret: issued.secret))
        let response = try await view.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func token(_ req: Request) async throws -> APIToken {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("tokenID", as: UUID.self), let token = try await APIToken.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let account = try await StaffUser.find(token.userID, on: req.db)
        guard let account, staff.mayReach(branch: account.$branch.id) else {
            try await req.refusedOutOfScope(APIToken.schema, id: id)
            throw Abort(.notFound)
        }
        return token
    }

    struct RevokeView: Encodable {
        let page: PageContext
        let token: Row
    }

    func confirmRevoke(req: Request) async throws -> View {
        let token = try await token(req)
        return try await req.render("api/tokens/revoke", RevokeView(
            page: PageContext(req, title: req.t("apiTokens.revokeTitle", token.name)), token: try await row(token, req)))
    }

    func revoke(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let token = try await token(req)
        guard req.formText("confirm") == "yes" else { return req.redirect(to: "/admin/api-tokens/\(try token.requireID().uuidString)/revoke") }
        if token.revokedAt == nil {
            try await APITokenIssuer.revoke(token, by: staff.userID, now: req.now, on: req.db)
            try await req.audit("api.tokenRevoked", record: ("api_token", try token.requireID().uuidString), detail: "prefix=\(token.prefix)")
        }
        return req.redirect(to: "/admin/api-tokens?done=apiTokenRevoked")
    }
}
