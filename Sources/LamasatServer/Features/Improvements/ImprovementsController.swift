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
        improvements.get("new") { try await self.form(req: $0, action: nil, errors: [:], status: .ok) }.requires(.recordImprovements)
        improvements.post { try await self.save(req: $0, existing: nil) }.requires(.recordImprovements)
        improvements.get(":actionID") { try await self.form(req: $0, action: try await self.action($0), errors: [:], status: .ok) }.requires(.recordImprovements)
        improvements.post(":actionID") { try await self.save(req: $0, existing: try await self.action($0)) }.requires(.recordImprovements)
        routes.get("you-said-we-did") { try await self.publicList(req: $0) }.declare(.public)
    }

    private func visible(_ req: Request) throws -> QueryBuilder<ImprovementAction> {
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

    func index(req: Request) async throws -> View {
        let status = ImprovementAction.Status(rawValue: req.query[String.self, at: "status"] ?? "")
        let query = try visible(req).sort(\.$updatedAt, .descending)
        if let status { query.filter(\.$status == status) }
        let pageNumber = Paging.requestedPage(req)
        let (items, total) = try await query.page(pageNumber)
        let owners = try await StaffUser.query(on: req.db).filter(\.$id ~~ items.compactMap(\.ownerID)).all()
        let formatter = DualCalendarFormatter(language: req.language)
        var rows: [Row] = []
        for item in items {
            rows.append(Row(path: "/improvements/\(try item.requireID().uuidString)", title: item.title, status: req.t(item.status.localizationKey), statusCode: item.status.rawValue,
                            owner: owners.first { $0.id == item.ownerID }?.fullName ?? "—",
                            due: CalendarDay(stored: item.dueOn).map { formatter.date($0.moment).combined } ?? "—",
                            links: try await ImprovementLink.query(on: req.db).filter(\.$actionID == item.id!).count(), published: item.isPublished))
        }
        return try await req.render("satisfaction/improvements", IndexView(
            page: PageContext(req, title: req.t("nav.improvements")),
            filters: [FormField.filter(req, name: "status", label: req.t("improvement.status"), selected: status?.rawValue ?? "",
                                       choices: ImprovementAction.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })],
            rows: rows.nonEmpty, paging: Paging(req, total: total, page: pageNumber, path: "/improvements", filters: ["status": status?.rawValue ?? ""])))
    }

    struct Choice: Encodable { let value: String; let label: String; let detail: String; let checked: Bool }
    struct FormView: Encodable {
        let page: PageContext; let action: String; let fields: [FormField]; let comments: [Choice]?; let linked: [Choice]?; let referencesError: String?
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

    func form(req: Request, action existing: ImprovementAction?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = req.method == .POST
        func value(_ name: String, _ current: String?) -> String { typed ? req.formText(name) : current ?? "" }
        let branch = existing?.branchID ?? staff.user.$branch.id
        let owners = try await StaffUser.query(on: req.db).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.$branch.id == branch || $0.scope == .allBranches }
        let owner = typed ? req.formText("owner") : existing?.ownerID?.uuidString ?? staff.userID.uuidString
        let state = typed ? req.formText("status") : existing?.status.rawValue ?? ImprovementAction.Status.planned.rawValue
        let fields = [
            FormField(name: "title", label: req.t("improvement.title"), value: value("title", existing?.title), error: errors["title"], required: true, maxlength: 200),
            FormField(name: "youSaid", label: req.t("improvement.youSaid"), kind: "textarea", value: value("youSaid", existing?.youSaid), hint: req.t("improvement.youSaidHint"),
                      error: errors["youSaid"], required: true, maxlength: 1000),
            FormField(name: "weDid", label: req.t("improvement.weDid"), kind: "textarea", value: value("weDid", existing?.weDid), hint: req.t("improvement.weDidHint"),
                      error: errors["weDid"], maxlength: 1000),
            FormField(name: "owner", label: req.t("improvement.owner"), kind: "select", error: errors["owner"], required: true,
                      options: owners.map { FormField.Option(value: $0.id!.uuidString, label: $0.fullName, selected: $0.id!.uuidString == owner) }),
            FormField(name: "status", label: req.t("improvement.status"), kind: "select", error: errors["status"], required: true,
                      options: FormField.Option.choices(ImprovementAction.Status.allCases, selected: state, req)),
            FormField(name: "dueOn", label: req.t("improvement.dueOn"), kind: "date", value: value("dueOn", existing?.dueOn), error: errors["dueOn"], dir: "ltr"),
            FormField(name: "doneOn", label: req.t("improvement.doneOn"), kind: "date", value: value("doneOn", existing?.doneOn), error: errors["doneOn"], dir: "ltr"),
            FormField(name: "references", label: req.t("improvement.references"), value: value("references", ""), hint: req.t("improvement.referencesHint"),
                      error: errors["references"], dir: "ltr", maxlength: 300),
            FormField(name: "isPublished", label: req.t("improvement.published"), kind: "checkbox", hint: req.t("improvement.publishedHint"), error: errors["isPublished"],
                      checked: typed ? req.formCheckbox("isPublished") : existing?.isPublished ?? false),
        ].prepared()
        let picked = Set(typed ? ((try? req.content.get([String].self, at: "comments")) ?? []) : [])
        let formatter = DualCalendarFormatter(language: req.language)
        let comments = try await recentComments(req).map { answer, response in
            Choice(value: try answer.requireID().uuidString, label: String(answer.text.prefix(200)),
                   detail: SurveyFilter.month(response.month).map { formatter.monthYear(year: $0.year, month: $0.month) } ?? response.month,
                   checked: picked.contains(try answer.requireID().uuidString))
        }
        let linked = try await existing.asyncMap { action in
            try await ImprovementLink.query(on: req.db).filter(\.$actionID == action.id!).all()
                .map { Choice(value: $0.id!.uuidString, label: $0.label, detail: req.t($0.kind.localizationKey), checked: true) }
        } ?? []
        return try await req.render("satisfaction/improvement", FormView(
            page: PageContext(req, title: existing?.title ?? req.t("improvement.new")),
            action: existing.map { "/improvements/\($0.id!.uuidString)" } ?? "/improvements", fields: fields, comments: comments.nonEmpty,
            linked: linked.nonEmpty, referencesError: errors["comments"])).encodeResponse(status: status, for: req)
    }

    func save(req: Request, existing: ImprovementAction?) async throws -> Response {
        let staff = try req.requireStaff()
        var errors: FieldErrors = [:]
        let title = req.formText("title"), youSaid = req.formText("youSaid"), weDid = req.formText("weDid")
        if title.isEmpty { errors["title"] = req.t("validation.required") } else if title.count > 200 { errors["title"] = req.t("validation.tooLong") }
        if youSaid.isEmpty { errors["youSaid"] = req.t("validation.required") } else if youSaid.count > 1000 { errors["youSaid"] = req.t("validation.tooLong") }
        if weDid.count > 1000 { errors["weDid"] = req.t("validation.tooLong") }
        let status = ImprovementAction.Status(rawValue: req.formText("status"))
        if status == nil { errors["status"] = req.t("validation.choose") }
        let branch = existing?.branchID ?? staff.user.$branch.id
        let owner = try await StaffUser.query(on: req.db).filter(\.$id == (UUID(uuidString: req.formText("owner")) ?? UUID())).filter(\.$isActive == true).first()
        if owner == nil || (owner!.$branch.id != branch && owner!.scope != .allBranches) { errors["owner"] = req.t("validation.choose") }
        func day(_ name: String) -> String? {
            let text = req.formText(name)
            if text.isEmpty { return "" }
            guard let parsed = try? CalendarDay.day(text, calendar: .gregorian) else {
                errors[name] = req.t("improvement.error.date")
                return nil
            }
            return parsed.description
        }
        let dueOn = day("dueOn") ?? "", doneOn = day("doneOn") ?? ""
        if status == .done && weDid.isEmpty { errors["weDid"] = req.t("improvement.error.weDid") }
        if status == .done && doneOn.isEmpty && errors["doneOn"] == nil { errors["doneOn"] = req.t("improvement.error.doneOn") }
        if doneOn > CalendarDay.today(req.now).description { errors["doneOn"] = req.t("improvement.error.future") }
        if req.formCheckbox("isPublished") && status != .done { errors["isPublished"] = req.t("improvement.error.publish") }
        // Feedback it answers: complaint or suggestion numbers she may see, and survey comments of her branch.
        var links: [(ImprovementLink.Kind, UUID, String)] = []
        let numbers = req.formText("references").uppercased().split(whereSeparator: { ", ،\n".contains($0) }).map(String.init)
        var unknown: [String] = []
        for number in numbers.prefix(20) {
            if let complaint = try await req.visibleComplaints().filter(\.$number == number).first() {
                links.append((complaint.kind == .suggestion ? .suggestion : .complaint, try complaint.requireID(), complaint.number))
            } else {
                unknown.append(number)
            }
        }
        if !unknown.isEmpty { errors["references"] = req.t("improvement.error.references", unknown.joined(separator: "، ")) }
        let picked = Set((try? req.content.get([String].self, at: "comments")) ?? [])
        for (answer, _) in try await recentComments(req) where picked.contains(try answer.requireID().uuidString) {
            links.append((.surveyComment, try answer.requireID(), String(answer.text.prefix(120))))
        }
        guard errors.isEmpty, let status, let owner else { return try await form(req: req, action: existing, errors: errors, status: .unprocessableEntity) }
        let action = existing ?? ImprovementAction()
        if existing == nil {
            action.branchID = branch
            action.createdBy = staff.userID
            action.createdAt = req.now
        }
        action.title = title
        action.youSaid = youSaid
        action.weDid = weDid
        action.ownerID = owner.id
        action.status = status
        action.dueOn = dueOn
        action.doneOn = status == .done ? doneOn : ""
        action.isPublished = req.formCheckbox("isPublished")
        action.updatedAt = req.now
        let chosen = links
        try await req.db.transaction { db in
            try await action.save(on: db)
            for (kind, target, label) in chosen
            where try await ImprovementLink.query(on: db).filter(\.$actionID == action.id!).filter(\.$kind == kind).filter(\.$targetID == target).count() == 0 {
                let link = ImprovementLink()
                link.actionID = try action.requireID()
                link.kind = kind
                link.targetID = target
                link.label = label
                try await link.create(on: db)
            }
            try await req.audit(existing == nil ? "improvement.created" : "improvement.updated", record: ("improvement", try action.requireID().uuidString),
                                detail: "\(status.rawValue) links+\(chosen.count)", on: db)
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
