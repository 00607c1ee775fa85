import Fluent
import Foundation
import LamasatCore
import Vapor

/// In-kind stock: every item's balance per branch with what came in and went out this month, an item's movements,
/// a counted correction (with its reason, never below zero) and the item catalog.
struct StockController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("stock") { try await self.index(req: $0) }.requires(.viewFunds)
        routes.get("stock", "adjust") { try await self.adjustForm(req: $0, form: AdjustForm(item: $0.query[String.self, at: "item"] ?? ""), errors: [:], status: .ok) }
            .requires(.manageFunds)
        routes.post("stock", "adjust") { try await self.adjust(req: $0) }.requires(.manageFunds)
        routes.get("stock", ":itemID") { try await self.movements(req: $0) }.requires(.viewFunds)
        routes.get("admin", "stock-items") { try await self.catalog(req: $0, form: nil, errors: [:], status: .ok) }.requires(.manageFunds)
        routes.post("admin", "stock-items") { try await self.saveItem(req: $0) }.requires(.manageFunds)
    }

    /// The branches her scope reaches, by name.
    static func branches(_ req: Request) async throws -> [Branch] {
        let staff = try req.requireStaff()
        let query = Branch.query(on: req.db).filter(\.$isActive == true).sort(\.$code)
        if let own = staff.ownBranchOnly { query.filter(\.$id == own) }
        return try await query.all()
    }

    struct Row: Encodable { let id: String; let item: String; let unit: String; let branch: String; let balance: String; let came: String; let went: String; let low: Bool }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]?; let month: String; let canAdjust: Bool; let done: Bool }

    func index(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let today = CalendarDay.today(req.now)
        let monthStart = CalendarDay(gregorianYear: today.year, month: today.month, day: 1).moment
        let balances = try await StockBalances.all(since: monthStart, on: req.db)
        let items = try await StockItem.query(on: req.db).sort(\.$sortOrder).all()
        let branches = try await Self.branches(req)
        var rows: [Row] = []
        for item in items {
            for branch in branches {
                let b = balances[.init(item: try item.requireID(), branch: try branch.requireID())]
                guard item.isActive || (b?.balance ?? 0) != 0 else { continue }
                rows.append(Row(id: try item.requireID().uuidString, item: item.name(in: req.language), unit: item.unit, branch: branch.name(in: req.language),
                                balance: String(b?.balance ?? 0), came: String(b?.came ?? 0), went: String(b?.went ?? 0), low: (b?.balance ?? 0) == 0))
            }
        }
        return try await req.render("money/stock/index", IndexView(
            page: PageContext(req, title: req.t("nav.stock")), rows: rows.nonEmpty,
            month: DualCalendarFormatter(language: req.language).monthYear(year: today.year, month: today.month),
            canAdjust: staff.can(.manageFunds), done: req.query[String.self, at: "done"] != nil)).encodeResponse(for: req)
    }

    struct MovementRow: Encodable { let when: String; let branch: String; let kind: String; let quantity: String; let note: String }
    struct MovementsView: Encodable { let page: PageContext; let item: String; let itemID: String; let rows: [MovementRow]?; let paging: Paging; let canAdjust: Bool }

    func movements(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("itemID", as: UUID.self), let item = try await StockItem.find(id, on: req.db) else { throw Abort(.notFound) }
        let page = Paging.requestedPage(req)
        let (moves, total) = try await StockMovement.query(on: req.db).filter(\.$itemID == id).withinReach(of: staff, \.$branchID)
            .sort(\.$recordedAt, .descending).page(page)
        let names = Dictionary(uniqueKeysWithValues: try await Branch.query(on: req.db).all().map { (try $0.requireID(), $0.name(in: req.language)) })
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("money/stock/item", MovementsView(
            page: PageContext(req, title: item.name(in: req.language)), item: item.name(in: req.language), itemID: id.uuidString,
            rows: moves.isEmpty ? nil : moves.map {
                MovementRow(when: formatter.dateTime($0.recordedAt).combined, branch: names[$0.branchID] ?? "—", kind: req.t($0.kind.localizationKey),
                            quantity: $0.quantity > 0 ? "+\($0.quantity)" : String($0.quantity), note: $0.note)
            },
            paging: Paging(req, total: total, page: page, path: "/stock/\(id.uuidString)", filters: [:]), canAdjust: staff.can(.manageFunds)))
            .encodeResponse(for: req)
    }

    /// A counted correction: the count found on the shelf, and why it differs.
    struct AdjustForm {
        var item = ""
        var branch = ""
        var counted = ""
        var reason = ""

        init(item: String = "") { self.item = item }

        init(request req: Request) {
            item = req.formText("item")
            branch = req.formText("branch")
            counted = req.formText("counted")
            reason = req.formText("reason")
        }

        func fields(_ req: Request, errors: FieldErrors, items: [StockItem], branches: [Branch]) -> [FormField] {
            [
                FormField(name: "item", label: req.t("stock.item"), kind: "select", error: errors["item"], required: true,
                          options: [.choose(req)] + FormField.Option.records(items, selected: item) { $0.name(in: req.language) }),
                FormField(name: "branch", label: req.t("stock.branch"), kind: "select", error: errors["branch"], required: true,
                          options: [.choose(req)] + FormField.Option.records(branches, selected: branch.isEmpty && branches.count == 1 ? branches[0].id?.uuidString : branch) { $0.name(in: req.language) }),
                FormField(name: "counted", label: req.t("stock.counted"), value: counted, hint: req.t("stock.countedHint"), error: errors["counted"],
                          required: true, inputmode: "numeric", dir: "ltr", maxlength: 6),
                FormField(name: "reason", label: req.t("stock.reason"), kind: "textarea", value: reason, error: errors["reason"], required: true, maxlength: 300),
            ].prepared()
        }
    }

    struct AdjustView: Encodable { let page: PageContext; let fields: [FormField]; let error: String? }

    func adjustForm(req: Request, form: AdjustForm, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let items = try await StockItem.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        return try await req.render("money/stock/adjust", AdjustView(
            page: PageContext(req, title: req.t("stock.adjustTitle")), fields: form.fields(req, errors: errors, items: items, branches: try await Self.branches(req)),
            error: errors.isEmpty ? nil : req.t("form.fixErrors"))).encodeResponse(status: status, for: req)
    }

    func adjust(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = AdjustForm(request: req)
        var errors: FieldErrors = [:]
        let item = try await UUID(uuidString: form.item).asyncMap { try await StockItem.find($0, on: req.db) } ?? nil
        if item == nil { errors["item"] = req.t("validation.choose") }
        let branch = UUID(uuidString: form.branch).flatMap { id in staff.mayReach(branch: id) ? id : nil }
        if branch == nil { errors["branch"] = req.t("validation.choose") }
        let counted = ArabicDigits.parseInt(form.counted)
        if counted == nil || !(0...1_000_000).contains(counted!) { errors["counted"] = req.t("stock.error.counted") }
        if form.reason.isEmpty { errors["reason"] = req.t("stock.error.reason") } else if form.reason.count > 300 { errors["reason"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let item, let branch, let counted else { return try await adjustForm(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        let itemID = try item.requireID()
        let unchanged = try await req.db.writeTransaction { db -> Bool in
            // The correction is the difference between the count and the balance, read after the write lock is taken.
            let movement = StockMovement()
            movement.itemID = itemID
            movement.branchID = branch
            movement.kind = .adjusted
            movement.quantity = 0
            movement.note = String(form.reason.prefix(300))
            movement.recordedBy = staff.userID
            movement.recordedAt = req.now
            try await movement.create(on: db)
            let before = try await StockBalances.of(itemID, branch: branch, on: db)
            guard counted != before else { try await movement.delete(on: db); return true }
            movement.quantity = counted - before
            try await movement.save(on: db)
            try await req.audit("money.stock.adjust", record: ("stock_movement", try movement.requireID().uuidString),
                                detail: "\(item.code) \(before)→\(counted): \(movement.note)", on: db)
            return false
        }
        if unchanged {
            return try await adjustForm(req: req, form: form, errors: ["counted": req.t("stock.error.sameCount")], status: .unprocessableEntity)
        }
        return req.redirect(to: "/stock?done=1")
    }

    struct ItemRow: Encodable { let code: String; let name: String; let unit: String; let active: Bool }
    struct CatalogView: Encodable { let page: PageContext; let rows: [ItemRow]; let fields: [FormField]; let error: String? }

    func catalog(req: Request, form: CatalogEntryForm?, unit: String = "", errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let items = try await StockItem.query(on: req.db).sort(\.$sortOrder).all()
        let form = form ?? CatalogEntryForm()
        let fields = [
            FormField(name: "code", label: req.t("stock.code"), value: form.code, hint: req.t("fund.codeHint"), error: errors["code"], required: true, dir: "ltr", maxlength: 40),
            FormField(name: "nameArabic", label: req.t("fund.nameArabic"), value: form.nameArabic, error: errors["nameArabic"], required: true, maxlength: 120),
            FormField(name: "nameEnglish", label: req.t("fund.nameEnglish"), value: form.nameEnglish, error: errors["nameEnglish"], dir: "ltr", maxlength: 120),
            FormField(name: "unit", label: req.t("stock.unit"), value: unit, error: errors["unit"], required: true, maxlength: 30),
        ].prepared()
        return try await req.render("money/stock/items", CatalogView(
            page: PageContext(req, title: req.t("stock.itemsTitle")),
            rows: items.map { ItemRow(code: $0.code, name: $0.name(in: req.language), unit: $0.unit, active: $0.isActive) }, fields: fields,
            error: errors.isEmpty ? nil : req.t("form.fixErrors"))).encodeResponse(status: status, for: req)
    }

    func saveItem(req: Request) async throws -> Response {
        let form = CatalogEntryForm(request: req)
        let unit = req.formText("unit")
        var errors = try await form.errors(isNew: true, longestName: 120, req) { code in try await StockItem.query(on: req.db).filter(\.$code == code).count() > 0 }
        if unit.isEmpty || unit.count > 30 { errors["unit"] = req.t("validation.required") }
        guard errors.isEmpty else { return try await catalog(req: req, form: form, unit: unit, errors: errors, status: .unprocessableEntity) }
        let item = StockItem()
        item.code = form.code
        item.nameArabic = form.nameArabic
        item.nameEnglish = form.nameEnglish
        item.unit = unit
        item.isActive = true
        item.sortOrder = (try await StockItem.query(on: req.db).max(\.$sortOrder) ?? 0) + 1
        try await req.db.writeTransaction { db in
            try await item.create(on: db)
            try await req.audit("money.stockItem.create", record: ("stock_item", try item.requireID().uuidString), detail: item.code, on: db)
        }
        return req.redirect(to: "/admin/stock-items")
    }
}
