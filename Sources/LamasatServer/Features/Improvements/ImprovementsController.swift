import Fluent
import LamasatCore
import Vapor

/// [P-15] What the association improved because of what beneficiaries said: each action with the feedback behind it
/// (survey comments, suggestions, complaints), an owner, a status and dates; the done and published ones make the
/// public "you said, we did" list.
struct ImprovementsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let improvements = routes.grouped("improvements")
        improvements.get { try await self.index(req: $0) }.requires(.recordImprovements)
        routes.exportsList("improvements", requires: .recordImprovements, title: "nav.improvements") { try await Self.export($0, limit: $1) }
        improvements.get("new") { try await self.form(req: $0, action: nil, errors: [:], status: .ok) }.requires(.recordImprovements)
        improvements.post { try await self.save(req: $0, existing: nil) }.requires(.recordImprovements)
        improvements.get(":actionID") { try await self.form(req: $0, action: try await self.action($0), errors: [:], status: .ok) }.requires(.recordImprovements)
        improvements.post(":actionID") { try await self.save(req: $0, existing: try await self.action($0)) }.requires(.recordImprovements)
        routes.get("you-said-we-did") { try await self.publicList(req: $0) }.declare(.public)
    }

    private static func visible(_ req: Request) throws -> QueryBuilder<ImprovementAction> {
        let staff = try req.requireStaff()
        let query = ImprovementAction.query(on: req.db)
        query.withinReach(of: staff, \.$branchID)
        return query
    }

    private func action(_ req: Request) async throws -> ImprovementAction {
        try await req.scoped(ImprovementAction.self, id: req.parameters.get("actionID"), branch: \.$branchID)
    }

    struct Row: Encodable { let path: String; let title: String; let status: String; let statusCode: String; let owner: String; let due: String; let links: Int; let published: Bool }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging }

    /// The actions of the filter within her reach, latest first, as the page and its export read them.
    static func listQuery(_ req: Request, status: ImprovementAction.Status?) throws -> QueryBuilder<ImprovementAction> {
        let query = try Self.visible(req).sort(\.$updatedAt, .descending)
        if let status { query.filter(\.$status == status) }
        return query
    }

    /// Every action of the filter: title, status, owner, due day and whether it is published.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let status = ImprovementAction.Status(rawValue: req.query[String.self, at: "status"] ?? "")
        let items = try await listQuery(req, status: status).limit(limit).all()
        let owners = Dictionary(try await StaffUser.query(on: req.db).filter(\.$id ~~ Set(items.compactMap(\.ownerID))).all().map { ($0.id!, $0.fullName) }) { a, _ in a }
        return ListExport.Table(
            columns: ["listExport.column.title", "improvement.status", "listExport.column.owner", "listExport.column.dueDay", "listExport.column.published"],
            rows: items.map { item in
                [.text(item.title), .text(req.t(item.status.localizationKey)), .text(item.ownerID.flatMap { owners[$0] } ?? "—"),
                 ListExport.text(item.dueOn), .text(req.t(item.isPublished ? "common.yes" : "common.no"))]
            }, filter: ["status": status?.rawValue ?? ""])
    }

    func index(req: Request) async throws -> View {
        let status = ImprovementAction.Status(rawValue: req.query[String.self, at: "status"] ?? "")
        let query = try Self.listQuery(req, status: status)
        let pageNumber = Paging.requestedPage(req)
        let (items, total) = try await query.page(pageNumber)
        let owners = try await StaffUser.query(on: req.db).filter(\.$id ~~ items.compactMap(\.ownerID)).all()
        let formatter = DualCalendarFormatter(language: req.language)
        var rows: [Row] = []
        for item in items {
            rows.append(Row(path: "/improvements/\(try item.requireID().uuidString)", title: item.title, status: req.t(item.status.localizationKey), statusCode: item.status.rawValue,
                            owner: owners.first { $0.id == item.ownerID }?.fullName ?? "—",
                            due: CalendarDay(stored: item.dueOn).map { formatter.date($0.moment).combined } ?? "—",
                            links: try await ImprovementLink.query(on: req.db).filter(\.$actionID == item.requireID()).count(), published: item.isPublished))
        }
        return try await req.render("satisfaction/improvements", IndexView(
            page: PageContext(req, title: req.t("nav.improvements")),
            filters: [FormField.filter(req, name: "status", label: req.t("improvement.status"), selected: status?.rawValue ?? "",
                                       choices: ImprovementAction.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })].prepared(),
            rows: rows.nonEmpty, paging: Paging(req, total: total, page: pageNumber, path: "/improvements", filters: ["status": status?.rawValue ?? ""], exports: true)))
    }

    struct Linked: Encodable { let label: String; let detail: String }
    struct FormView: Encodable {
        let page: PageContext; let action: String; let fields: [FormField]; let hasComments: Bool; let linked: [Linked]?
    }

    /// Survey comments of her branch from the last three months, to pick from: only from a month × branch × service
    /// with five or more answers, as on the results page.
    private func recentComments(_ req: Request) async throws -> [(SurveyAnswer, SurveyResponse)] {
        let staff = try req.requireStaff()
        let since = String(CalendarDay.today(req.now.addingTimeInterval(-92 * 86_400)).description.prefix(7))
        let responses = SurveyResponse.query(on: req.db).filter(\.$month >= since)
        responses.withinReach(of: staff, \.$branchID)
        let cells = SurveyCell.shareable(try await responses.all().map { $0.cell.withoutChannel })
        let query = SurveyAnswer.query(on: req.db).join(SurveyResponse.self, on: \SurveyAnswer.$responseID == \SurveyResponse.$id)
            .filter(\.$text != "").filter(SurveyResponse.self, \.$month >= since).sort(SurveyResponse.self, \.$month, .descending)
        query.withinReach(of: staff, SurveyResponse.self, \.$branchID)
        return try await query.all().map { ($0, try $0.joined(SurveyResponse.self)) }.filter { cells.contains($0.1.cell.withoutChannel) }.prefix(30).map { $0 }
    }

    /// Who may own an action of the branch: active staff of that branch or of all branches.
    private func owners(_ req: Request, branch: UUID) async throws -> [StaffUser] {
        try await StaffUser.query(on: req.db).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.$branch.id == branch || $0.scope == .allBranches }
    }

    func form(req: Request, action existing: ImprovementAction?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let owners = try await self.owners(req, branch: existing?.branchID ?? staff.user.$branch.id)
        var typed = existing.map(ImprovementForm.init) ?? ImprovementForm()
        if existing == nil { typed.owner = staff.userID.uuidString }
        if req.method == .POST { typed = ImprovementForm(request: req) }
        let formatter = DualCalendarFormatter(language: req.language)
        let comments = try await recentComments(req).map { answer, response -> (id: String, label: String) in
            let month = SurveyFilter.month(response.month).map { formatter.monthYear(year: $0.year, month: $0.month) } ?? response.month
            return (id: try answer.requireID().uuidString, label: "\(answer.text.prefix(200)) (\(month))")
        }
        let linked = try await existing.asyncMap { action in
            try await ImprovementLink.query(on: req.db).filter(\.$actionID == action.requireID()).all()
                .map { Linked(label: $0.label, detail: req.t($0.kind.localizationKey)) }
        } ?? []
        return try await req.render("satisfaction/improvement", FormView(
            page: PageContext(req, title: existing?.title ?? req.t("improvement.new")),
            action: try existing.map { "/improvements/\(try $0.requireID().uuidString)" } ?? "/improvements",
            fields: typed.fields(req, errors: errors, owners: owners, comments: comments), hasComments: !comments.isEmpty,
            linked: linked.nonEmpty)).encodeResponse(status: status, for: req)
    }

    func save(req: Request, existing: ImprovementAction?) async throws -> Response {
        let staff = try req.requireStaff()
        let branch = existing?.branchID ?? staff.user.$branch.id
        let form = ImprovementForm(request: req)
        let (valid, errors) = try await form.validate(req, owners: try await self.owners(req, branch: branch), recent: try await recentComments(req))
        guard let valid else { return try await self.form(req: req, action: existing, errors: errors, status: .unprocessableEntity) }
        let action = existing ?? ImprovementAction()
        if existing == nil {
            action.branchID = branch
            action.createdBy = staff.userID
            action.createdAt = req.now
        }
        form.apply(valid, to: action)
        action.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await action.save(on: db)
            let actionID = try action.requireID()
            for link in valid.links
            where try await ImprovementLink.query(on: db).filter(\.$actionID == actionID).filter(\.$kind == link.kind).filter(\.$targetID == link.target).count() == 0 {
                let stored = ImprovementLink()
                stored.actionID = actionID
                stored.kind = link.kind
                stored.targetID = link.target
                stored.label = link.label
                try await stored.create(on: db)
            }
            try await req.audit(existing == nil ? "improvement.created" : "improvement.updated", record: ("improvement", actionID.uuidString),
                                detail: "\(valid.status.rawValue) links+\(valid.links.count)", on: db)
        }
        return req.redirect(to: "/improvements?done=improvementSaved")
    }

    struct PublicItem: Encodable { let youSaid: String; let weDid: String; let when: String }
    struct PublicView: Encodable { let page: PageContext; let items: [PublicItem]? }

    /// "You said, we did": what is done and published, newest first; no names, no numbers.
    func publicList(req: Request) async throws -> View {
        let items = try await ImprovementAction.query(on: req.db).filter(\.$isPublished == true).filter(\.$status == .done)
            .sort(\.$doneOn, .descending).limit(50).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("satisfaction/you-said-we-did", PublicView(
            page: PageContext(req, title: req.t("improvement.publicTitle")),
            items: items.map { item in
                PublicItem(youSaid: item.youSaid, weDid: item.weDid,
                           when: CalendarDay(stored: item.doneOn).map { formatter.monthYear(year: $0.year, month: $0.month) } ?? "")
            }.nonEmpty))
    }
}
