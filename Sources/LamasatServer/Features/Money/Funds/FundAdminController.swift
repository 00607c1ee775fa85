import Fluent
import Foundation
import LamasatCore
import Vapor

/// The administrator's funds: create, edit and close; and which beneficiary categories are entitled to zakat.
/// A fund that has received or committed money keeps its designation. Every change is audited.
struct FundAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let funds = routes.grouped("admin", "funds")
        funds.get { try await self.index(req: $0) }.requires(.manageFunds)
        funds.get("new") { try await self.edit(req: $0, form: nil, errors: [:], status: .ok) }.requires(.manageFunds)
        funds.post { try await self.save(req: $0) }.requires(.manageFunds)
        funds.get(":fundID") { try await self.edit(req: $0, form: nil, errors: [:], status: .ok) }.requires(.manageFunds)
        funds.post(":fundID") { try await self.save(req: $0) }.requires(.manageFunds)
        funds.post(":fundID", "active") { try await self.toggle(req: $0) }.requires(.manageFunds)
        routes.get("admin", "zakat-categories") { try await self.zakat(req: $0) }.requires(.manageFunds)
        routes.post("admin", "zakat-categories") { try await self.saveZakat(req: $0) }.requires(.manageFunds)
    }

    struct Row: Encodable { let id: String; let code: String; let name: String; let designation: String; let purpose: String; let active: Bool }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]; let done: String? }

    func index(req: Request) async throws -> Response {
        let funds = try await Fund.query(on: req.db).sort(\.$sortOrder).sort(\.$code).all()
        let rows = try funds.map { Row(id: try $0.requireID().uuidString, code: $0.code, name: $0.name(in: req.language),
                                       designation: req.t($0.designation.localizationKey), purpose: $0.purpose, active: $0.isActive) }
        let done = req.query[String.self, at: "done"].flatMap { ["saved", "closed", "opened"].contains($0) ? req.t("fund.done.\($0)") : nil }
        return try await req.render("money/funds/admin", IndexView(page: PageContext(req, title: req.t("nav.adminFunds")), rows: rows, done: done))
            .encodeResponse(for: req)
    }

    struct Form {
        var names = CatalogEntryForm()
        var designation = Designation.general.rawValue
        var supportType = ""
        var purpose = ""

        init() {}

        init(_ fund: Fund) {
            names = CatalogEntryForm(id: fund.id, code: fund.code, nameArabic: fund.nameArabic, nameEnglish: fund.nameEnglish, isActive: fund.isActive)
            designation = fund.designation.rawValue
            supportType = fund.supportTypeID?.uuidString ?? ""
            purpose = fund.purpose
        }

        init(request req: Request) {
            names = CatalogEntryForm(request: req)
            designation = req.formText("designation")
            supportType = req.formText("supportType")
            purpose = req.formText("purpose")
        }

        func fields(_ req: Request, errors: FieldErrors, isNew: Bool, types: [SupportType]) -> [FormField] {
            var fields: [FormField] = []
            if isNew {
                fields.append(FormField(name: "code", label: req.t("fund.code"), value: names.code, hint: req.t("fund.codeHint"), error: errors["code"],
                                        required: true, dir: "ltr", maxlength: 40))
            }
            fields += [
                FormField(name: "nameArabic", label: req.t("fund.nameArabic"), value: names.nameArabic, error: errors["nameArabic"], required: true, maxlength: 120),
                FormField(name: "nameEnglish", label: req.t("fund.nameEnglish"), value: names.nameEnglish, error: errors["nameEnglish"], dir: "ltr", maxlength: 120),
                FormField(name: "designation", label: req.t("fund.designation"), kind: "select", error: errors["designation"], required: true,
                          options: Designation.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == designation) }),
                FormField(name: "supportType", label: req.t("fund.supportType"), kind: "select", hint: req.t("fund.supportTypeHint"), error: errors["supportType"],
                          options: [.init(value: "", label: req.t("fund.anySupportType"), selected: supportType.isEmpty)]
                              + FormField.Option.records(types, selected: supportType) { $0.name(in: req.language) }),
                FormField(name: "purpose", label: req.t("fund.purpose"), value: purpose, error: errors["purpose"], maxlength: 200),
            ]
            return fields.prepared()
        }
    }

    struct EditView: Encodable { let page: PageContext; let action: String; let fields: [FormField]; let isNew: Bool; let error: String? }

    private func existing(_ req: Request) async throws -> Fund? {
        guard req.parameters.get("fundID") != nil else { return nil }
        return try await FundsController.fund(req)
    }

    func edit(req: Request, form: Form?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let fund = try await existing(req)
        let types = try await SupportType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let form = form ?? fund.map { Form($0) } ?? Form()
        let action = fund.map { "/admin/funds/\($0.id!.uuidString)" } ?? "/admin/funds"
        return try await req.render("money/funds/edit", EditView(
            page: PageContext(req, title: fund.map { req.t("fund.editTitle", $0.name(in: req.language)) } ?? req.t("fund.newTitle")),
            action: action, fields: form.fields(req, errors: errors, isNew: fund == nil, types: types), isNew: fund == nil,
            error: errors.isEmpty ? nil : req.t("form.fixErrors"))).encodeResponse(status: status, for: req)
    }

    func save(req: Request) async throws -> Response {
        let fund = try await existing(req)
        var form = Form(request: req)
        form.names.id = fund?.id?.uuidString ?? ""
        var errors = try await form.names.errors(isNew: fund == nil, longestName: 120, req) { code in
            try await Fund.query(on: req.db).filter(\.$code == code).count() > 0
        }
        let designation = Designation(rawValue: form.designation)
        if designation == nil { errors["designation"] = req.t("validation.choose") }
        var supportTypeID: UUID?
        if !form.supportType.isEmpty {
            supportTypeID = UUID(uuidString: form.supportType)
            if (try await supportTypeID.asyncMap({ try await SupportType.find($0, on: req.db) }) ?? nil) == nil { errors["supportType"] = req.t("validation.choose") }
            else if designation != .restricted { errors["supportType"] = req.t("fund.error.supportTypeOnlyRestricted") }
        }
        if form.purpose.count > 200 { errors["purpose"] = req.t("validation.tooLong") }
        if let fund, let designation, designation != fund.designation, try await Self.hasMoney(fund, on: req.db) {
            errors["designation"] = req.t("fund.error.designationLocked")
        }
        guard errors.isEmpty, let designation else { return try await edit(req: req, form: form, errors: errors, status: .unprocessableEntity) }
        let record = fund ?? Fund()
        if fund == nil {
            record.code = form.names.code
            record.isActive = true
            record.sortOrder = (try await Fund.query(on: req.db).max(\.$sortOrder) ?? 0) + 1
            record.createdAt = req.now
        }
        let before = fund.map { "\($0.designation.rawValue) \($0.nameArabic)" }
        record.nameArabic = form.names.nameArabic
        record.nameEnglish = form.names.nameEnglish
        record.designation = designation
        record.supportTypeID = supportTypeID
        record.purpose = form.purpose
        try await req.db.writeTransaction { db in
            try await record.save(on: db)
            try await req.audit(fund == nil ? "money.fund.create" : "money.fund.update", record: ("fund", try record.requireID().uuidString),
                                detail: [before, "\(designation.rawValue) \(record.nameArabic) \(record.supportTypeID?.uuidString ?? "")"].compactMap { $0 }.joined(separator: " → "), on: db)
        }
        return req.redirect(to: "/admin/funds?done=saved")
    }

    /// A fund that received a gift or holds a commitment keeps its designation.
    static func hasMoney(_ fund: Fund, on db: any Database) async throws -> Bool {
        let id = try fund.requireID()
        if try await Donation.query(on: db).filter(\.$fundID == id).count() > 0 { return true }
        return try await FundCommitment.query(on: db).filter(\.$fundID == id).count() > 0
    }

    /// Closes an open fund (the committee no longer offers it) or opens a closed one.
    func toggle(req: Request) async throws -> Response {
        let fund = try await FundsController.fund(req)
        fund.isActive.toggle()
        try await req.db.writeTransaction { db in
            try await fund.save(on: db)
            try await req.audit(fund.isActive ? "money.fund.open" : "money.fund.close", record: ("fund", try fund.requireID().uuidString), detail: fund.code, on: db)
        }
        return req.redirect(to: "/admin/funds?done=\(fund.isActive ? "opened" : "closed")")
    }

    struct ZakatView: Encodable { let page: PageContext; let fields: [FormField]; let done: Bool }

    func zakat(req: Request) async throws -> Response {
        let marked = try await FundBalances.zakatCategoryIDs(on: req.db)
        let categories = try await BeneficiaryCategory.query(on: req.db).sort(\.$sortOrder).all()
        let fields = [FormField(name: "categories[]", label: req.t("zakat.entitled"), kind: "checkboxes", hint: req.t("zakat.hint"),
                                options: try categories.map { FormField.Option(value: try $0.requireID().uuidString, label: $0.name(in: req.language),
                                                                    selected: marked.contains(try $0.requireID())) })].prepared()
        return try await req.render("money/funds/zakat", ZakatView(page: PageContext(req, title: req.t("zakat.title")), fields: fields,
                                                                   done: req.query[String.self, at: "done"] != nil)).encodeResponse(for: req)
    }

    /// The categories ticked are entitled to zakat from now on; the others no longer are.
    func saveZakat(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let all = Set(try await BeneficiaryCategory.query(on: req.db).all().map { try $0.requireID() })
        let chosen = Set(req.formTexts("categories").compactMap(UUID.init(uuidString:))).intersection(all)
        let rows = try await ZakatEligibleCategory.query(on: req.db).all()
        let had = Set(rows.map(\.categoryID))
        guard chosen != had else { return req.redirect(to: "/admin/zakat-categories?done=1") }
        try await req.db.writeTransaction { db in
            for row in rows where !chosen.contains(row.categoryID) { try await row.delete(on: db) }
            for id in chosen.subtracting(had) {
                let row = ZakatEligibleCategory()
                row.categoryID = id
                row.markedBy = staff.userID
                row.markedAt = req.now
                try await row.create(on: db)
            }
            try await req.audit("money.zakatCategories", record: ("zakat_categories", "all"),
                                detail: "added=\(chosen.subtracting(had).map(\.uuidString).sorted().joined(separator: ",")) removed=\(had.subtracting(chosen).map(\.uuidString).sorted().joined(separator: ","))",
                                on: db)
        }
        return req.redirect(to: "/admin/zakat-categories?done=1")
    }
}
