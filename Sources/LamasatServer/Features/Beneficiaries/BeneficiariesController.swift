import Fluent
import LamasatCore
import Vapor

/// Finding files and registering new ones. National IDs are searched by POST so they never appear in a URL.
struct BeneficiariesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let files = routes.grouped("beneficiaries")
        files.get { try await self.index(req: $0, searching: false) }.requires(.viewBeneficiaries)
        files.post("search") { try await self.index(req: $0, searching: true) }.requires(.viewBeneficiaries)
        routes.exportsList("beneficiaries", requires: .viewBeneficiaries, title: "nav.beneficiaries", methods: [.GET, .POST]) { try await Self.export($0, limit: $1) }
        files.get("new") { try await self.new(req: $0) }.requires(.editBeneficiaries)
        files.post { try await self.create(req: $0) }.requires(.editBeneficiaries)
    }

    // MARK: List and search

    struct Row: Encodable {
        let id: String
        let fileNumber: String
        let name: String
        let maskedID: String
        let mobile: String
        let category: String
        let status: String
        let statusCode: String
        let branch: String
        let city: String
    }

    struct IndexView: Encodable {
        let page: PageContext
        let filters: [FormField]
        let rows: [Row]?
        let summary: String
        let previousPage: Int?
        let nextPage: Int?
        let searched: Bool
        /// A report figure's filter, kept as hidden fields across pages, and said in words above the list.
        let change: [Hidden]?
        let changeSummary: String?
        struct Hidden: Encodable { let name: String; let value: String }
    }

    static func row(_ b: BeneficiaryRegistry.ListRow, _ req: Request) -> Row {
        let english = req.language == .en
        let status = BeneficiaryStatus(rawValue: b.status) ?? .applicant
        return Row(id: b.id.uuidString, fileNumber: Beneficiary.fileNumber(b.file_sequence), name: b.name.full,
                   maskedID: (try? NationalID(b.national_id))?.masked ?? "", mobile: (try? SaudiMobile(b.mobile))?.local ?? b.mobile,
                   category: english && !b.category_en.isEmpty ? b.category_en : b.category_ar,
                   status: req.t(status.localizationKey), statusCode: status.rawValue,
                   branch: english && !b.branch_en.isEmpty ? b.branch_en : b.branch_ar, city: b.address_city)
    }

    /// One filter field, from the posted form (a search, so a typed ID stays out of addresses) or from the address.
    static func input(_ req: Request, posted: Bool, _ name: String) -> String {
        posted ? req.formText(name) : (req.query[String.self, at: name] ?? "").trimmingWhitespace()
    }

    /// The list's filter, as the page and its export read it; the search text comes only by POST.
    static func query(_ req: Request, posted: Bool) -> BeneficiaryRegistry.Query {
        func input(_ name: String) -> String { Self.input(req, posted: posted, name) }
        var query = BeneficiaryRegistry.Query()
        query.text = posted ? req.formText("q") : ""
        query.categoryID = UUID(uuidString: input("category"))
        query.status = BeneficiaryStatus(rawValue: input("status"))
        query.branchID = UUID(uuidString: input("branch"))
        query.city = input("city")
        query.schoolAgeChildren = input("schoolAge") == "on"
        query.documentsIncomplete = input("documentsIncomplete") == "on"
        query.change = FileChange(period: input("period"), opened: input("opened"), became: input("became"))
        query.sort = BeneficiaryRegistry.Query.Sort(rawValue: input("sort")) ?? .newest
        query.page = max(1, min(ArabicDigits.parseInt(input("page")) ?? 1, 100_000))
        return query
    }

    /// Every file of the filter (by GET without search text, or POSTed with the search form), IDs as the reader may
    /// take them out.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        var query = Self.query(req, posted: req.method == .POST)
        query.page = 1
        let found = try await BeneficiaryRegistry.search(query, staff: try req.requireStaff(), today: req.now, pageSize: limit, on: req.db)
        let rows: [[ReportTable.Cell]] = found.rows.map { b in
            let row = Self.row(b, req)
            return [.text(row.fileNumber), .text(row.name), ListExport.nationalID(b.national_id, req), .text(row.mobile), .text(row.category),
                    .text(row.status), .text(row.branch), ListExport.text(row.city)]
        }
        let filter = ["search": ListExport.searchKind(query.text), "category": query.categoryID?.uuidString ?? "", "status": query.status?.rawValue ?? "",
                      "branch": query.branchID?.uuidString ?? "", "city": query.city, "schoolAge": query.schoolAgeChildren ? "on" : "",
                      "documentsIncomplete": query.documentsIncomplete ? "on" : "", "sort": query.sort.rawValue]
            .merging(query.change?.parameters.map { ($0.name, $0.value) } ?? []) { first, _ in first }
        return ListExport.Table(
            columns: ["beneficiary.fileNumber", "beneficiary.name", "listExport.column.nationalID", "beneficiary.field.mobile", "beneficiary.field.category",
                      "beneficiary.status", "user.branch", "beneficiary.field.addressCity"],
            rows: rows, filter: filter)
    }

    func index(req: Request, searching: Bool) async throws -> View {
        let staff = try req.requireStaff()
        func input(_ name: String) -> String { Self.input(req, posted: searching, name) }
        let query = Self.query(req, posted: searching)
        let found = try await BeneficiaryRegistry.search(query, staff: staff, today: req.now, on: req.db)
        let (files, total) = (found.rows, found.total)
        try await Self.auditSearch(query.text, results: total, page: String(query.page), req: req)
        let categories = try await BeneficiaryCategory.query(on: req.db).sort(\.$sortOrder).all()
        let branches = try await req.formBranches()
        let filters = [
            FormField.search(req, value: query.text, label: req.t("beneficiary.search.label"), hint: req.t("beneficiary.search.hint"), maxlength: 120),
            FormField.filter(req, name: "category", label: req.t("beneficiary.field.category"), selected: input("category"),
                             records: categories),
            FormField.filter(req, name: "status", label: req.t("beneficiary.status"), selected: input("status"),
                             choices: BeneficiaryStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: input("branch"),
                             records: branches),
            FormField(name: "city", label: req.t("beneficiary.field.addressCity"), value: query.city, maxlength: 60),
            FormField(name: "sort", label: req.t("list.sort"), kind: "select", options: BeneficiaryRegistry.Query.Sort.allCases.map {
                FormField.Option(value: $0.rawValue, label: req.t("beneficiary.sort.\($0.rawValue)"), selected: $0 == query.sort)
            }),
            FormField(name: "schoolAge", label: req.t("beneficiary.filter.schoolAge"), kind: "checkbox", checked: query.schoolAgeChildren),
            FormField(name: "documentsIncomplete", label: req.t("beneficiary.filter.documentsIncomplete"), kind: "checkbox",
                      checked: query.documentsIncomplete),
        ].prepared()
        let pageCount = max(1, (total + Paging.defaultSize - 1) / Paging.defaultSize)
        return try await req.render("beneficiaries/index", IndexView(
            page: PageContext(req, title: req.t("nav.beneficiaries")), filters: filters,
            rows: files.map { Self.row($0, req) }.nonEmpty,
            summary: found.capped ? req.t("paging.summaryCapped", String(query.page), String(BeneficiaryRegistry.countCap))
                : req.t("paging.summary", String(min(query.page, pageCount)), String(pageCount), String(total)),
            previousPage: query.page > 1 ? query.page - 1 : nil,
            nextPage: query.page < pageCount || (found.capped && files.count == Paging.defaultSize) ? query.page + 1 : nil,
            searched: searching, change: query.change.map { $0.parameters.map { IndexView.Hidden(name: $0.name, value: $0.value) } },
            changeSummary: query.change.map { change in
                switch change.event {
                case .opened: req.t("beneficiary.fromReport.opened", change.period.title(req.language))
                case .became(let status): req.t("beneficiary.fromReport.became", req.t(status.localizationKey), change.period.title(req.language))
                }
            }))
    }

    /// Every list of files read is on the trail (the page and the API): how many, and by what kind of search —
    /// never the typed text, which may be a national ID or a mobile.
    static func auditSearch(_ text: String, results total: Int, page: String, req: Request) async throws {
        let kind = switch BeneficiaryRegistry.interpret(text) {
        case .none: "list"
        case .nationalID: "nationalID"
        case .mobile: "mobile"
        case .fileNumber: "fileNumber"
        case .name: "name"
        }
        try await req.audit(kind == "nationalID" ? "beneficiary.searchByID" : "beneficiary.listed", outcome: .success,
                            detail: "results=\(total) kind=\(kind) page=\(page)")
    }

    // MARK: Register

    struct FormView: Encodable {
        struct Similar: Encodable {
            let label: String
            let path: String?
        }

        let page: PageContext
        let action: String
        let sections: [BeneficiaryForm.Section]
        let similar: [Similar]?
        let duplicateStop: String?
        let duplicateLink: String?
        /// "Not the same person": asked only when files like hers were found.
        let notDuplicate: [FormField]
        let version: String?
    }

    func new(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        var form = BeneficiaryForm()
        form["branch"] = staff.user.$branch.id.uuidString
        return try await render(req, form, errors: [:])
    }

    func render(_ req: Request, _ form: BeneficiaryForm, errors: FieldErrors, similar: [FormView.Similar] = [],
                duplicateStop: String? = nil, duplicateLink: String? = nil) async throws -> View {
        let categories = try await req.formCategories()
        let branches = try await req.formBranches()
        return try await req.render("beneficiaries/form", FormView(
            page: PageContext(req, title: req.t("beneficiary.newTitle")), action: "/beneficiaries",
            sections: form.sections(req, categories: categories, branches: branches, errors: errors, isNew: true),
            similar: similar.nonEmpty, duplicateStop: duplicateStop, duplicateLink: duplicateLink,
            notDuplicate: [FormField(name: "notDuplicate", label: req.t("beneficiary.similar.confirm"), kind: "checkbox",
                                     checked: !form["notDuplicate"].isEmpty)],
            version: nil))
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = BeneficiaryForm(request: req)
        // The same national ID never makes a second file: said first, before anything else is asked for.
        if let typedID = try? NationalID(form["nationalID"]),
           let existing = try await Beneficiary.query(on: req.db).filter(\.$nationalID == typedID.value).first() {
            try await req.audit("beneficiary.duplicateRefused", record: ("beneficiary", try existing.requireID().uuidString), outcome: .denied)
            let visible = staff.mayReach(branch: existing.$branch.id)
            return try await render(req, form, errors: ["nationalID": req.t("beneficiary.duplicate.nationalID")],
                                    duplicateStop: req.t(visible ? "beneficiary.duplicate.seeFile" : "beneficiary.duplicate.contact"),
                                    duplicateLink: visible ? "/beneficiaries/\(try existing.requireID().uuidString)" : nil)
                .encodeResponse(status: .conflict, for: req)
        }
        let (valid, errors) = form.validate(req, categories: try await req.formCategories(), branches: try await req.formBranches(), isNew: true)
        guard let valid else {
            return try await render(req, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let file = Beneficiary()
        file.id = UUID()
        try file.apply(valid)
        let similar = try await BeneficiaryRegistry.similar(to: file, on: req.db)
        if !similar.isEmpty && form["notDuplicate"].isEmpty {
            let shown = try similar.map { match, reason in
                staff.mayReach(branch: match.$branch.id)
                    ? FormView.Similar(label: req.t("beneficiary.similar.\(reason)", match.fileNumber, match.name.full),
                                       path: "/beneficiaries/\(try match.requireID().uuidString)")
                    : FormView.Similar(label: req.t("beneficiary.similar.otherBranch"), path: nil)
            }
            return try await render(req, form, errors: [:], similar: shown).encodeResponse(status: .conflict, for: req)
        }
        try await Self.register(file, valid, confirmedApartFrom: similar, req: req)
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?done=beneficiaryCreated")
    }

    /// Saves a new file checked by the form (the page and the API): numbered, indexed, her consent recorded, and the
    /// similar files she was confirmed not to be kept with it.
    static func register(_ file: Beneficiary, _ valid: BeneficiaryForm.Valid, confirmedApartFrom similar: [(Beneficiary, String)],
                         req: Request) async throws {
        let staff = try req.requireStaff()
        try await req.db.writeTransaction { db in
            try await save(file, valid, author: staff.userID, confirmedApartFrom: similar, req: req, on: db)
        }
    }

    /// `register`'s writes, in the caller's transaction. `author` is the staff member, or nil when she registered
    /// herself online: then the file is its own author (as her portal requests are) and no staff member took her consent.
    static func save(_ file: Beneficiary, _ valid: BeneficiaryForm.Valid, author: UUID?, confirmedApartFrom similar: [(Beneficiary, String)] = [],
                     req: Request, on db: any Database) async throws {
        let now = req.now
        let writer = try author ?? file.requireID()
        file.status = .applicant
        file.statusReason = ""
        file.version = 1
        file.consentGiven = valid.consentGiven
        file.consentMethod = valid.consentMethod
        file.consentNoticeVersion = BeneficiaryConsent.noticeVersion
        file.consentAt = now
        file.consentBy = author
        file.createdAt = now
        file.updatedAt = now
        file.createdBy = writer
        file.updatedBy = writer
        file.fileSequence = try await BeneficiaryRegistry.nextFileSequence(on: db)
        try await file.create(on: db)
        try await BeneficiaryRegistry.indexName(file, on: db)
        if valid.consentGiven { try await ConsentLedger.registered(file, method: valid.consentMethod, by: author, now: now, on: db) }
        for (match, reason) in similar {
            try await DuplicateDecision(beneficiaryID: try file.requireID(), similarBeneficiaryID: try match.requireID(), matchedOn: reason,
                                        decidedBy: writer, decidedAt: now).create(on: db)
        }
        try await req.audit("beneficiary.created", record: ("beneficiary", try file.requireID().uuidString),
                            detail: similar.isEmpty ? (author == nil ? "registered online" : nil) : "confirmed not a duplicate of \(similar.count)", on: db)
    }
}

enum BeneficiaryConsent {
    /// The version of the privacy notice read to or by the beneficiary when she consents.
    static let noticeVersion = "2026-1"
}
