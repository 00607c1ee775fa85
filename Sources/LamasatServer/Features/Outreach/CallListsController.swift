import Fluent
import LamasatCore
import Vapor

/// Call lists for the phone channel: produced by rules, assigned to staff; each call is logged as a contact on the
/// eight-channel log, which ticks the entry off.
struct CallListsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let calls = routes.grouped("calls")
        calls.get { try await self.index(req: $0) }.requires(.logContacts)
        calls.get(":listID") { try await self.show(req: $0) }.requires(.logContacts)
        calls.post(":listID", "assign") { try await self.assign(req: $0) }.requires(.runOutreach)
    }

    struct Row: Encodable { let id: String; let name: String; let owner: String; let pending: Int; let done: Int; let mine: Bool }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]? }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let query = CallList.query(on: req.db).sort(\.$createdAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        // Without the outreach permission, a staff member sees the lists given to her.
        if !staff.can(.runOutreach) { query.filter(\.$assignedTo == staff.userID) }
        let lists = try await query.limit(100).all()
        let entries = try await CallEntry.query(on: req.db).filter(\.$listID ~~ lists.compactMap(\.id)).all()
        let owners = try await StaffUser.names(Set(lists.compactMap(\.assignedTo)), on: req.db)
        return try await req.render("calls/index", IndexView(page: PageContext(req, title: req.t("nav.calls")), rows: lists.map { list in
            let mine = entries.filter { $0.listID == list.id }
            return Row(id: try list.requireID().uuidString, name: Self.title(list, req: req), owner: list.assignedTo.flatMap { owners[$0] } ?? "—",
                       pending: mine.filter { !$0.isDone }.count, done: mine.filter(\.isDone).count, mine: list.assignedTo == staff.userID)
        }.nonEmpty))
    }

    private func list(_ req: Request) async throws -> CallList {
        let staff = try req.requireStaff()
        let list = try await req.scoped(CallList.self, id: req.parameters.get("listID"), branch: \.$branchID)
        guard staff.can(.runOutreach) || list.assignedTo == staff.userID else { throw Abort(.notFound) }
        return list
    }

    struct Entry: Encodable { let id: String; let fileID: String; let name: String; let mobile: String; let reason: String; let done: Bool }
    struct ShowView: Encodable { let page: PageContext; let id: String; let entries: [Entry]; let fields: [FormField]?; let canAssign: Bool }

    func show(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let list = try await list(req)
        try await req.auditView("call_list", id: try list.requireID().uuidString)
        let entries = try await CallEntry.query(on: req.db).filter(\.$listID == list.requireID()).all()
        let files = Dictionary(uniqueKeysWithValues: try await Beneficiary.query(on: req.db).filter(\.$id ~~ entries.map(\.beneficiaryID))
            .withinReach(of: staff, \.$branch.$id).all().map { (try $0.requireID(), $0) })
        let callers = try await Self.callers(list, on: req.db)
        return try await req.render("calls/show", ShowView(
            page: PageContext(req, title: Self.title(list, req: req)), id: try list.requireID().uuidString,
            entries: try entries.sorted { !$0.isDone && $1.isDone }.compactMap { e in
                try files[e.beneficiaryID].map { Entry(id: try e.requireID().uuidString, fileID: try $0.requireID().uuidString, name: $0.name.full,
                                                   mobile: (try? SaudiMobile($0.mobile))?.local ?? $0.mobile,
                                                   reason: req.t("outreach.rule.\(e.reason)"), done: e.isDone) }
            },
            fields: callers.isEmpty ? nil : CallListOwnerForm(list).fields(req, callers: callers),
            canAssign: staff.can(.runOutreach)))
    }

    /// Active staff who log contacts and reach the list's branch.
    static func callers(_ list: CallList, on db: any Database) async throws -> [StaffUser] {
        try await StaffUser.query(on: db).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.can(.logContacts) && $0.scope.permits(recordBranch: list.branchID, userBranch: $0.$branch.id) }
    }

    func assign(req: Request) async throws -> Response {
        let list = try await list(req)
        guard let caller = CallListOwnerForm(request: req).validate(callers: try await Self.callers(list, on: req.db)) else { throw Abort(.badRequest) }
        list.assignedTo = caller.id
        try await req.db.writeTransaction { db in
            try await list.save(on: db)
            try await req.audit("calls.assigned", detail: "\(list.name) → \(caller.username)", on: db)
        }
        return req.redirect(to: "/calls/\(try list.requireID().uuidString)?done=settingsSaved")
    }

    /// "No contact for a long time — 25 November 2026…" from the rule that made the list and its day.
    static func title(_ list: CallList, req: Request) -> String {
        let rule = list.source.hasPrefix("rule:") ? req.t("outreach.rule.\(list.source.dropFirst(5))") : list.name
        return rule + " — " + DualCalendarFormatter(language: req.language).date(list.createdAt).combined
    }

    /// A `ContactOrigin`: ticks off the call entry a contact was logged for, when it belongs to the same file and is
    /// not done yet, and sends the officer back to its list.
    @Sendable static func completeEntry(_ contact: Contact, _ raw: String?, on db: any Database) async throws -> String? {
        guard let id = UUID(uuidString: raw ?? ""), let entry = try await CallEntry.find(id, on: db) else { return nil }
        if entry.beneficiaryID == contact.beneficiaryID, !entry.isDone {
            entry.isDone = true
            entry.contactID = contact.id
            try await entry.save(on: db)
        }
        return "/calls/\(entry.listID.uuidString)"
    }
}
