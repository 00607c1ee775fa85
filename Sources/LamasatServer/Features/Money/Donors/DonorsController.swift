import Fluent
import LamasatCore
import SQLKit
import Vapor

/// `/donors`: the donors within the officer's reach (searched by name in any Arabic spelling, number or mobile;
/// filtered by kind, branch, consent, anonymity and activity), a donor's page (gifts with their receipts, pledges,
/// totals by year and designation), and the record's form with edits guarded by its version.
struct DonorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let donors = routes.grouped("donors")
        donors.get { try await self.index(req: $0) }.requires(.manageDonors)
        routes.exportsList("donors", requires: .manageDonors, title: "nav.donors") { try await Self.export($0, limit: $1) }
        donors.get("new") { try await self.render($0, DonorForm(), donor: nil, errors: [:]) }.requires(.manageDonors)
        donors.post("new") { try await self.save(req: $0, donor: nil) }.requires(.manageDonors)
        donors.get(":donorID") { try await self.show(req: $0) }.requires(.manageDonors)
        donors.get(":donorID", "edit") { req async throws -> Response in
            let donor = try await Self.donor(req)
            return try await self.render(req, DonorForm(donor), donor: donor, errors: [:])
        }.requires(.manageDonors)
        donors.post(":donorID", "edit") { try await self.save(req: $0, donor: try await Self.donor($0)) }.requires(.manageDonors)
    }

    static func donor(_ req: Request) async throws -> Donor {
        try await req.scoped(Donor.self, id: req.parameters.get("donorID"), branch: \.$branchID)
    }

    // MARK: list

    struct Row: Encodable {
        let id: String; let number: String; let name: String; let kind: String; let mobile: String; let branch: String
        let channel: String; let consent: Bool; let anonymous: Bool; let active: Bool
    }

    static let filterNames = ["q", "kind", "branch", "consent", "anonymous", "active"]

    /// The donors of the list's filter that she may reach, as the page and its export read them.
    static func listQuery(_ req: Request, typed: [String: String], branches: [Branch]) async throws -> QueryBuilder<Donor> {
        let query = Donor.query(on: req.db).sort(\.$name)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            let mobile = (try? SaudiMobile(q))?.e164
            let named = try await DonorLists.idsByName(q, on: req.db)
            query.group(.or) { or in
                or.filter(\.$number ~~ q.uppercased())
                if !named.isEmpty { or.filter(\.$id ~~ named) }
                if let mobile { or.filter(\.$mobile == mobile) } else if q.allSatisfy(\.isNumber), q.count >= 4 { or.filter(\.$mobile ~~ q) }
            }
        }
        if let kind = DonorKind(rawValue: typed["kind"]!) { query.filter(\.$kind == kind) }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        for (name, field) in [("consent", \Donor.$consentsToContact), ("anonymous", \Donor.$isAnonymous), ("active", \Donor.$isActive)] {
            if typed[name] == "yes" { query.filter(field == true) } else if typed[name] == "no" { query.filter(field == false) }
        }
        return query
    }

    static func rows(_ items: [Donor], req: Request, branches: [Branch]) -> [Row] {
        let names = Dictionary(uniqueKeysWithValues: branches.compactMap { b in b.id.map { ($0, b.name(in: req.language)) } })
        return items.map { d in
            Row(id: d.id!.uuidString, number: d.number, name: d.name, kind: req.t(d.kind.localizationKey),
                mobile: (try? SaudiMobile(d.mobile))?.local ?? d.mobile, branch: names[d.branchID] ?? "—",
                channel: req.t(d.preferredChannel.localizationKey), consent: d.consentsToContact, anonymous: d.isAnonymous, active: d.isActive)
        }
    }

    /// Every donor of the filter, as the list shows them.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = DonorLists.typed(req, filterNames)
        let branches = try await req.formBranches()
        let items = try await listQuery(req, typed: typed, branches: branches).limit(limit).all()
        let yes = { (flag: Bool) in ReportTable.Cell.text(req.t(flag ? "common.yes" : "common.no")) }
        return ListExport.Table(
            columns: ["listExport.column.number", "listExport.column.name", "donor.field.kind", "listExport.column.mobile", "user.branch",
                      "listExport.column.channel", "donor.field.consents", "donor.field.anonymous", "donor.field.active"],
            rows: rows(items, req: req, branches: branches).map { r in
                [.text(r.number), .text(r.name), .text(r.kind), .text(r.mobile), .text(r.branch), .text(r.channel), yes(r.consent), yes(r.anonymous), yes(r.active)]
            }, filter: ListExport.searchHidden(typed))
    }

    func index(req: Request) async throws -> Response {
        let typed = DonorLists.typed(req, Self.filterNames)
        let branches = try await req.formBranches()
        let query = try await Self.listQuery(req, typed: typed, branches: branches)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        let yesNo = [("yes", req.t("common.yes")), ("no", req.t("common.no"))]
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("donor.list.searchHint")),
            FormField.filter(req, name: "kind", label: req.t("donor.field.kind"), selected: typed["kind"]!,
                             choices: DonorKind.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "consent", label: req.t("donor.field.consents"), selected: typed["consent"]!, choices: yesNo),
            FormField.filter(req, name: "anonymous", label: req.t("donor.field.anonymous"), selected: typed["anonymous"]!, choices: yesNo),
            FormField.filter(req, name: "active", label: req.t("donor.field.active"), selected: typed["active"]!, choices: yesNo),
        ]
        try await DonorLists.finish(req, &filters, branches: branches, selected: typed["branch"]!, list: "donors")
        return try await req.render("money/donors/list", FilteredList(
            page: PageContext(req, title: req.t("nav.donors")), filters: filters,
            rows: Self.rows(items, req: req, branches: branches).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/donors", filters: typed, exports: true)
        )).encodeResponse(for: req)
    }

    // MARK: form

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let back: String
        let version: String?
        let alert: String?
        let fields: [FormField]
    }

    func render(_ req: Request, _ form: DonorForm, donor: Donor?, errors: FieldErrors, alert: String? = nil,
                status: HTTPStatus = .ok) async throws -> Response {
        let branches = try await req.formBranches()
        var (title, action, back, version) = (req.t("donor.newTitle"), "/donors/new", "/donors", String?.none)
        if let donor {
            let id = try donor.requireID().uuidString
            (title, action, back, version) = (req.t("donor.editTitle", donor.name), "/donors/\(id)/edit", "/donors/\(id)", form["version"])
        }
        return try await req.render("money/donors/form", FormView(
            page: PageContext(req, title: title), action: action, back: back, version: version, alert: alert,
            fields: form.fields(req, branches: branches, errors: errors, editing: donor != nil)
        )).encodeResponse(status: status, for: req)
    }

    /// The donor already holding this mobile or identifier, if another one does.
    static func duplicate(of valid: DonorForm.Valid, except id: UUID?, on db: any Database) async throws -> (field: String, donor: Donor)? {
        if !valid.mobile.isEmpty, let other = try await Donor.query(on: db).filter(\.$mobile == valid.mobile).first(), other.id != id {
            return ("mobile", other)
        }
        if !valid.identifier.isEmpty, let other = try await Donor.query(on: db).filter(\.$identifier == valid.identifier).first(), other.id != id {
            return ("identifier", other)
        }
        return nil
    }

    func save(req: Request, donor: Donor?) async throws -> Response {
        let staff = try req.requireStaff()
        var form = DonorForm(request: req)
        if donor == nil { form.active = true }
        let (valid, errors) = form.validate(req, branches: try await req.formBranches())
        guard let valid else { return try await render(req, form, donor: donor, errors: errors, status: .unprocessableEntity) }
        if let duplicate = try await Self.duplicate(of: valid, except: donor?.id, on: req.db) {
            return try await render(req, form, donor: donor, errors: [duplicate.field: req.t("donor.error.duplicate", duplicate.donor.number, duplicate.donor.name)],
                                    status: .unprocessableEntity)
        }
        guard let donor else {
            let made = Donor()
            try form.apply(valid, to: made, now: req.now)
            made.createdBy = staff.userID
            made.createdAt = req.now
            made.updatedAt = req.now
            made.version = 1
            try await req.db.writeTransaction { db in
                made.number = ReferenceNumber("D", sequence: try await Counters.next("donor", on: db), at: req.now).description
                try await made.create(on: db)
                let id = try made.requireID().uuidString
                let fields = DonorForm.stored(made).filter { !$0.value.isEmpty && $0.value != "false" }.keys.sorted()
                try await req.audit("money.donor.created", record: ("donor", id), detail: fields.joined(separator: ","), on: db)
                if made.consentsToContact { try await req.audit("money.donor.consentGiven", record: ("donor", id), on: db) }
            }
            return req.redirect(to: "/donors/\(try made.requireID().uuidString)?done=donorSaved")
        }
        let id = try donor.requireID()
        let before = DonorForm.stored(donor)
        let expected = ArabicDigits.parseInt(form["version"]) ?? -1
        let typed = form
        let saved = try await req.db.writeTransaction { db -> Bool in
            guard let version = try await OptimisticLock.bump(Donor.schema, id: id, expected: expected, on: db) else { return false }
            let consented = donor.consentsToContact
            try typed.apply(valid, to: donor, now: req.now)
            donor.version = version
            donor.updatedAt = req.now
            try await donor.save(on: db)
            let after = DonorForm.stored(donor)
            let changed = before.keys.sorted().filter { before[$0] != after[$0] }
            try await req.audit("money.donor.updated", record: ("donor", id.uuidString), detail: changed.joined(separator: ","), on: db)
            if consented != donor.consentsToContact {
                try await req.audit(donor.consentsToContact ? "money.donor.consentGiven" : "money.donor.consentWithdrawn",
                                    record: ("donor", id.uuidString), on: db)
            }
            return true
        }
        guard saved else {
            let current = try await Donor.find(id, on: req.db)
            form["version"] = String(current?.version ?? expected)
            try await req.audit("money.donor.editConflict", record: ("donor", id.uuidString), outcome: .failure)
            return try await render(req, form, donor: donor, errors: [:], alert: req.t("donor.error.stale"), status: .conflict)
        }
        return req.redirect(to: "/donors/\(id.uuidString)?done=donorSaved")
    }

    // MARK: page

    struct Gift: Encodable {
        let id: String; let day: String; let amount: String; let kind: String; let designation: String; let fund: String
        let receiptID: String?; let receiptNumber: String?; let status: String; let statusCode: String
    }
    struct PledgeLine: Encodable {
        let id: String; let amount: String; let frequency: String; let nextDue: String; let status: String; let statusCode: String
    }
    struct Total: Encodable { let label: String; let amount: String }
    struct PageView: Encodable {
        let page: PageContext
        let id: String
        let name: String
        let number: String
        let facts: [FactRow]
        let gifts: [Gift]?
        let pledges: [PledgeLine]?
        let byYear: [Total]?
        let byDesignation: [Total]?
        let statementYear: String
    }

    func show(req: Request) async throws -> View {
        let donor = try await Self.donor(req)
        let id = try donor.requireID()
        let formatter = DualCalendarFormatter(language: req.language)
        let gifts = try await Donation.query(on: req.db).filter(\.$donorID == id).sort(\.$receivedOn, .descending).all()
        let receipts = try await DonationPages.receipts(for: gifts, on: req.db)
        let funds = try await DonationPages.fundNames(req)
        let pledges = try await Pledge.query(on: req.db).filter(\.$donorID == id).sort(\.$createdAt, .descending).all()
        var byYear: [String: Int64] = [:], byDesignation: [Designation: Int64] = [:]
        for gift in gifts where gift.status == .received {
            byYear[String(gift.receivedOn.prefix(4)), default: 0] += gift.amount
            byDesignation[gift.designation, default: 0] += gift.amount
        }
        let branch = try await Branch.find(donor.branchID, on: req.db)
        func day(_ stored: String) -> String { CalendarDay(stored: stored).map { formatter.date($0.moment).combined } ?? stored }
        var facts = [
            FactRow(label: req.t("donor.field.kind"), value: req.t(donor.kind.localizationKey), dir: nil),
            FactRow(label: req.t("donor.field.mobile"), value: (try? SaudiMobile(donor.mobile))?.local ?? "—", dir: "ltr"),
            FactRow(label: req.t("donor.field.email"), value: donor.email.isEmpty ? "—" : donor.email, dir: "ltr"),
            FactRow(label: req.t("donor.field.city"), value: donor.city.isEmpty ? "—" : donor.city, dir: nil),
            FactRow(label: req.t("donor.field.preferredChannel"), value: req.t(donor.preferredChannel.localizationKey), dir: nil),
            FactRow(label: req.t("donor.field.consents"), value: donor.consentAt.map { req.t("donor.consentSince", formatter.date($0).combined) } ?? req.t("common.no"), dir: nil),
            FactRow(label: req.t("donor.field.anonymous"), value: req.t(donor.isAnonymous ? "common.yes" : "common.no"), dir: nil),
            FactRow(label: req.t("user.branch"), value: branch?.name(in: req.language) ?? "—", dir: nil),
            FactRow(label: req.t("donor.field.active"), value: req.t(donor.isActive ? "common.yes" : "common.no"), dir: nil),
        ]
        if donor.kind == .organization { facts.insert(FactRow(label: req.t("donor.field.contactPerson"), value: donor.contactPerson, dir: nil), at: 1) }
        if !donor.identifier.isEmpty { facts.insert(FactRow(label: req.t("donor.field.identifier"), value: donor.identifier, dir: "ltr"), at: 1) }
        if !donor.notes.isEmpty { facts.append(FactRow(label: req.t("donor.field.notes"), value: donor.notes, dir: nil)) }
        try await req.audit("view", record: ("donor", id.uuidString))
        return try await req.render("money/donors/donor", PageView(
            page: PageContext(req, title: donor.name), id: id.uuidString, name: donor.name, number: donor.number, facts: facts,
            gifts: try gifts.map { try Gift(req, $0, receipt: $0.id.flatMap { receipts[$0] }, funds: funds, formatter: formatter) }.nonEmpty,
            pledges: try pledges.map { p in
                PledgeLine(id: try p.requireID().uuidString, amount: Money(halalas: p.amount).formatted(req.language),
                           frequency: PledgeSchedule.Frequency(rawValue: p.frequencyMonths).map { req.t($0.localizationKey) } ?? "—",
                           nextDue: p.nextDueOn.isEmpty ? "—" : day(p.nextDueOn), status: req.t(p.status.localizationKey), statusCode: p.status.rawValue)
            }.nonEmpty,
            byYear: byYear.keys.sorted(by: >).map { Total(label: $0, amount: Money(halalas: byYear[$0]!).formatted(req.language)) }.nonEmpty,
            byDesignation: Designation.allCases.compactMap { d in byDesignation[d].map { Total(label: req.t(d.localizationKey), amount: Money(halalas: $0).formatted(req.language)) } }.nonEmpty,
            statementYear: String(CalendarDay.today(req.now).year)))
    }
}
