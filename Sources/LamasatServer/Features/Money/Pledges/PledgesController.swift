import Fluent
import LamasatCore
import Vapor

/// Pledges and sponsorships: made from a donor's page (an amount per instalment, once or every month, quarter or
/// year, a number of instalments or open), listed with the due and overdue first, one pledge's page with the gifts
/// that paid it, and cancelled with a reason.
struct PledgesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("donors", ":donorID", "pledges", "new") { req async throws -> Response in
            let donor = try await DonorsController.donor(req)
            return try await self.render(req, values: ["frequency": "1", "startsOn": CalendarDay.today(req.now).description, "instalments": "12",
                                                       "designation": Designation.general.rawValue], donor: donor, errors: [:])
        }.requires(.manageDonors)
        routes.post("donors", ":donorID", "pledges", "new") { try await self.create(req: $0) }.requires(.manageDonors)
        routes.get("pledges") { try await self.index(req: $0) }.requires(.manageDonors)
        routes.exportsList("pledges", requires: .manageDonors, title: "nav.pledges") { try await Self.export($0, limit: $1) }
        routes.get("pledges", ":pledgeID") { try await self.show(req: $0, status: .ok) }.requires(.manageDonors)
        routes.post("pledges", ":pledgeID", "cancel") { try await self.cancel(req: $0) }.requires(.manageDonors)
    }

    static func pledge(_ req: Request) async throws -> Pledge {
        try await req.scoped(Pledge.self, id: req.parameters.get("pledgeID"), branch: \.$branchID)
    }

    static let fields = ["amount", "frequency", "instalments", "startsOn", "designation", "fund", "note"]

    struct FormView: Encodable { let page: PageContext; let action: String; let back: String; let fields: [FormField] }

    func render(_ req: Request, values: [String: String], donor: Donor, errors: FieldErrors, status: HTTPStatus = .ok) async throws -> Response {
        let funds = try await Fund.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let id = try donor.requireID().uuidString
        func text(_ name: String, required: Bool = true, dir: String? = "ltr", inputmode: String? = nil, hint: String? = nil, maxlength: Int = 20) -> FormField {
            FormField(name: name, label: req.t("pledge.field.\(name)"), value: values[name] ?? "", hint: hint, error: errors[name], required: required,
                      autocomplete: "off", inputmode: inputmode, dir: dir, maxlength: maxlength)
        }
        let fields = [
            text("amount", inputmode: "decimal", hint: req.t("pledge.field.amount.hint")),
            FormField(name: "frequency", label: req.t("pledge.field.frequency"), kind: "select", error: errors["frequency"], required: true,
                      options: PledgeSchedule.Frequency.allCases.map { .init(value: String($0.rawValue), label: req.t($0.localizationKey), selected: String($0.rawValue) == values["frequency"]) }),
            text("instalments", inputmode: "numeric", hint: req.t("pledge.field.instalments.hint"), maxlength: 3),
            text("startsOn", inputmode: "numeric", hint: req.t("donation.field.receivedOn.hint"), maxlength: 12),
            FormField(name: "designation", label: req.t("donation.field.designation"), kind: "select", error: errors["designation"], required: true,
                      options: Designation.allCases.map { .init(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == values["designation"]) }),
            FormField(name: "fund", label: req.t("donation.field.fund"), kind: "select", error: errors["fund"], required: true,
                      options: [FormField.Option.choose(req)] + FormField.Option.records(funds, selected: values["fund"]) {
                          "\($0.name(in: req.language)) — \(req.t($0.designation.localizationKey))"
                      }),
            FormField(name: "note", label: req.t("donation.field.note"), kind: "textarea", value: values["note"] ?? "", error: errors["note"], maxlength: 500, wide: true),
        ].prepared()
        return try await req.render("money/donors/pledge-form", FormView(
            page: PageContext(req, title: req.t("pledge.newTitle", donor.name)), action: "/donors/\(id)/pledges/new", back: "/donors/\(id)", fields: fields
        )).encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let donor = try await DonorsController.donor(req)
        let values = Self.fields.reduce(into: [String: String]()) { $0[$1] = req.formText($1) }
        var errors: FieldErrors = [:]
        var amount: Int64 = 0
        do { amount = try Money(values["amount"]!).halalas; if amount == 0 { errors["amount"] = req.t("donation.error.zero") } } catch {
            errors["amount"] = req.t(error.localizationKey)
        }
        let frequency = Int(values["frequency"]!).flatMap(PledgeSchedule.Frequency.init(rawValue:))
        if frequency == nil { errors["frequency"] = req.t("validation.choose") }
        var instalments = 1
        if frequency != .once {
            if let n = ArabicDigits.parseInt(values["instalments"]!.isEmpty ? "0" : values["instalments"]!), (0...360).contains(n) { instalments = n } else {
                errors["instalments"] = req.t("pledge.error.instalments")
            }
        }
        var start: CalendarDay?
        do { start = try CalendarDay.day(values["startsOn"]!, calendar: .gregorian) } catch { errors["startsOn"] = req.t("donation.error.day") }
        let designation = Designation(rawValue: values["designation"]!)
        if designation == nil { errors["designation"] = req.t("validation.choose") }
        let fund = try await Fund.query(on: req.db).filter(\.$isActive == true).all().first { $0.id?.uuidString == values["fund"] }
        if let fund, let designation {
            if !designation.fits(fund: fund.designation) {
                errors["fund"] = req.t("donation.error.fundMismatch", req.t(designation.localizationKey), fund.name(in: req.language))
            }
        } else if fund == nil { errors["fund"] = req.t("donation.error.fund") }
        if values["note"]!.count > 500 { errors["note"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let frequency, let start, let designation, let fund else {
            return try await render(req, values: values, donor: donor, errors: errors, status: .unprocessableEntity)
        }
        let pledge = Pledge()
        pledge.donorID = try donor.requireID()
        pledge.branchID = donor.branchID
        pledge.designation = designation
        pledge.fundID = try fund.requireID()
        pledge.amount = amount
        pledge.frequencyMonths = frequency.rawValue
        pledge.instalments = instalments
        pledge.startsOn = start.description
        pledge.nextDueOn = start.description
        pledge.status = .active
        pledge.note = values["note"]!
        pledge.createdBy = staff.userID
        pledge.createdAt = req.now
        let (perInstalment, count) = (amount, instalments)
        try await req.db.writeTransaction { db in
            try await pledge.create(on: db)
            try await req.audit("money.pledge.created", record: ("pledge", try pledge.requireID().uuidString),
                                detail: "donor=\(try donor.requireID().uuidString) amount=\(perInstalment) every=\(frequency.rawValue) instalments=\(count)", on: db)
        }
        return req.redirect(to: "/pledges/\(try pledge.requireID().uuidString)?done=pledgeSaved")
    }

    // MARK: list

    struct Row: Encodable {
        let id: String; let donor: String; let donorID: String; let amount: String; let frequency: String; let progress: String
        let nextDue: String; let due: String?; let status: String; let statusCode: String
    }

    static let filterNames = ["q", "status", "frequency", "due", "branch"]

    /// The pledges of the list's filter within her reach, due ones first, as the page and its export read them.
    static func listQuery(_ req: Request, typed: [String: String], branches: [Branch]) async throws -> QueryBuilder<Pledge> {
        let today = CalendarDay.today(req.now)
        let query = Pledge.query(on: req.db)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            query.filter(\.$donorID ~~ (try await DonorLists.donorIDs(q, on: req.db)))
        }
        if let status = PledgeStatus(rawValue: typed["status"]!) { query.filter(\.$status == status) }
        if let frequency = Int(typed["frequency"]!).flatMap(PledgeSchedule.Frequency.init(rawValue:)) { query.filter(\.$frequencyMonths == frequency.rawValue) }
        switch typed["due"] {
        case "overdue": query.filter(\.$status == .active).filter(\.$nextDueOn < today.description)
        case "week": query.filter(\.$status == .active).filter(\.$nextDueOn >= today.description)
            .filter(\.$nextDueOn <= PledgeSchedule.adding(days: 7, to: today).description)
        default: break
        }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        // Due and overdue first: active pledges by their next day, then the finished ones.
        query.sort(\.$status).sort(\.$nextDueOn).sort(\.$createdAt, .descending)
        return query
    }

    /// Active pledges by their next day, then the finished ones.
    static func dueFirst(_ a: Pledge, _ b: Pledge) -> Bool {
        (a.status == .active ? 0 : 1, a.nextDueOn) < (b.status == .active ? 0 : 1, b.nextDueOn)
    }

    static func rows(_ items: [Pledge], req: Request) async throws -> [Row] {
        let today = CalendarDay.today(req.now)
        let donors = Dictionary(uniqueKeysWithValues: try await Donor.query(on: req.db).filter(\.$id ~~ Set(items.map(\.donorID))).all().map { ($0.id!, $0) })
        let paid = try await Self.paidCounts(items.compactMap(\.id), on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        return items.map { p in
            let next = CalendarDay(stored: p.nextDueOn)
            let due: String? = p.status != .active || next == nil ? nil : (next! < today ? req.t("pledge.due.overdue") :
                (PledgeSchedule.adding(days: 7, to: today) < next! ? nil : req.t("pledge.due.soon")))
            return Row(id: p.id!.uuidString, donor: donors[p.donorID]?.name ?? "—", donorID: p.donorID.uuidString,
                       amount: Money(halalas: p.amount).formatted(req.language), frequency: Self.frequency(req, p),
                       progress: p.instalments > 0 ? "\(paid[p.id!] ?? 0) / \(p.instalments)" : String(paid[p.id!] ?? 0),
                       nextDue: next.map { formatter.date($0.moment).combined } ?? "—", due: due,
                       status: req.t(p.status.localizationKey), statusCode: p.status.rawValue)
        }
    }

    /// Every pledge of the filter, as the list shows them; the amount as a number.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = DonorLists.typed(req, filterNames)
        let items = try await listQuery(req, typed: typed, branches: try await req.formBranches()).limit(limit).all().sorted(by: dueFirst)
        return ListExport.Table(
            columns: ["listExport.column.donor", "listExport.column.amount", "pledge.field.frequency", "listExport.column.progress",
                      "listExport.column.nextDue", "pledge.list.due", "donation.field.status"],
            rows: zip(items, try await rows(items, req: req)).map { p, r in
                [.text(r.donor), .money(Decimal(p.amount) / 100), .text(r.frequency), .text(r.progress), .text(r.nextDue), ListExport.text(r.due), .text(r.status)]
            }, filter: ListExport.searchHidden(typed))
    }

    func index(req: Request) async throws -> Response {
        let typed = DonorLists.typed(req, Self.filterNames)
        let branches = try await req.formBranches()
        let query = try await Self.listQuery(req, typed: typed, branches: branches)
        let page = Paging.requestedPage(req)
        var (items, total) = try await query.page(page)
        items.sort(by: Self.dueFirst)
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("pledge.list.searchHint")),
            FormField.filter(req, name: "status", label: req.t("donation.field.status"), selected: typed["status"]!,
                             choices: PledgeStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "frequency", label: req.t("pledge.field.frequency"), selected: typed["frequency"]!,
                             choices: PledgeSchedule.Frequency.allCases.map { (String($0.rawValue), req.t($0.localizationKey)) }),
            FormField.filter(req, name: "due", label: req.t("pledge.list.due"), selected: typed["due"]!,
                             choices: [("overdue", req.t("pledge.due.overdue")), ("week", req.t("pledge.due.week"))]),
        ]
        try await DonorLists.finish(req, &filters, branches: branches, selected: typed["branch"]!, list: "pledges")
        return try await req.render("money/donors/pledges", FilteredList(
            page: PageContext(req, title: req.t("nav.pledges")), filters: filters,
            rows: try await Self.rows(items, req: req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/pledges", filters: typed, exports: true)
        )).encodeResponse(for: req)
    }

    static func frequency(_ req: Request, _ p: Pledge) -> String {
        PledgeSchedule.Frequency(rawValue: p.frequencyMonths).map { req.t($0.localizationKey) } ?? "—"
    }

    static func paidCounts(_ ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        var counts: [UUID: Int] = [:]
        for gift in try await Donation.query(on: db).filter(\.$pledgeID ~~ ids).filter(\.$status == .received).field(\.$pledgeID).all() {
            if let id = gift.pledgeID { counts[id, default: 0] += 1 }
        }
        return counts
    }

    // MARK: one pledge

    struct PageView: Encodable {
        let page: PageContext; let id: String; let donorID: String; let facts: [FactRow]; let gifts: [DonorsController.Gift]?
        let cancelFields: [FormField]?; let error: String?
    }

    func show(req: Request, reason: String = "", error: String? = nil, status: HTTPStatus) async throws -> Response {
        let pledge = try await Self.pledge(req)
        let id = try pledge.requireID()
        let formatter = DualCalendarFormatter(language: req.language)
        func day(_ stored: String) -> String { CalendarDay(stored: stored).map { formatter.date($0.moment).combined } ?? "—" }
        let donor = try await Donor.find(pledge.donorID, on: req.db)
        let funds = try await DonationPages.fundNames(req)
        let gifts = try await Donation.query(on: req.db).filter(\.$pledgeID == id).sort(\.$receivedOn, .descending).all()
        let receipts = try await DonationPages.receipts(for: gifts, on: req.db)
        let facts = [
            FactRow(label: req.t("donation.field.donor"), value: donor.map { "\($0.name) · \($0.number)" } ?? "—", dir: nil, link: "/donors/\(pledge.donorID.uuidString)"),
            FactRow(label: req.t("pledge.field.amount"), value: Money(halalas: pledge.amount).formatted(req.language), dir: nil),
            FactRow(label: req.t("pledge.field.frequency"), value: Self.frequency(req, pledge), dir: nil),
            FactRow(label: req.t("pledge.field.instalments"), value: pledge.instalments == 0 ? req.t("pledge.open") : String(pledge.instalments), dir: nil),
            FactRow(label: req.t("pledge.field.startsOn"), value: day(pledge.startsOn), dir: nil),
            FactRow(label: req.t("pledge.nextDue"), value: day(pledge.nextDueOn), dir: nil),
            FactRow(label: req.t("donation.field.designation"), value: req.t(pledge.designation.localizationKey), dir: nil),
            FactRow(label: req.t("donation.field.fund"), value: pledge.fundID.flatMap { funds[$0] } ?? "—", dir: nil),
            FactRow(label: req.t("donation.field.status"), value: req.t(pledge.status.localizationKey), dir: nil),
        ] + (pledge.note.isEmpty ? [] : [FactRow(label: req.t("donation.field.note"), value: pledge.note, dir: nil)])
        try await req.audit("view", record: ("pledge", id.uuidString))
        return try await req.render("money/donors/pledge", PageView(
            page: PageContext(req, title: req.t("pledge.title", donor?.name ?? "")), id: id.uuidString, donorID: pledge.donorID.uuidString, facts: facts,
            gifts: try gifts.map { try DonorsController.Gift(req, $0, receipt: $0.id.flatMap { receipts[$0] }, funds: funds, formatter: formatter) }.nonEmpty,
            cancelFields: pledge.status == .active
                ? [FormField(name: "reason", label: req.t("pledge.cancel.reason"), kind: "textarea", value: reason, error: error, required: true, maxlength: 300)].prepared()
                : nil,
            error: error
        )).encodeResponse(status: status, for: req)
    }

    func cancel(req: Request) async throws -> Response {
        let pledge = try await Self.pledge(req)
        let reason = req.formText("reason")
        if pledge.status != .active { return try await show(req: req, reason: reason, error: req.t("pledge.cancel.error.notActive"), status: .unprocessableEntity) }
        if reason.isEmpty { return try await show(req: req, error: req.t("donation.cancel.error.reason"), status: .unprocessableEntity) }
        if reason.count > 300 { return try await show(req: req, reason: reason, error: req.t("validation.tooLong"), status: .unprocessableEntity) }
        let id = try pledge.requireID().uuidString
        try await req.db.writeTransaction { db in
            pledge.status = .cancelled
            pledge.nextDueOn = ""
            // The pledge has no reason column: the reason is kept in its note, and in the audit.
            pledge.note = [pledge.note, req.t("pledge.cancelledNote", reason)].filter { !$0.isEmpty }.joined(separator: "\n")
            try await pledge.save(on: db)
            try await req.audit("money.pledge.cancelled", record: ("pledge", id), detail: "reason=\(reason)", on: db)
        }
        return req.redirect(to: "/pledges/\(id)?done=pledgeCancelled")
    }
}

/// The daily pass that reminds donors of an instalment three days before it is due, once per instalment, only
/// with their consent.
enum PledgeReminders {
    static let jobName = "pledges.reminders"

    @discardableResult
    static func run(now: Date, localizer: Localizer, on db: any Database) async throws -> Int {
        let today = CalendarDay.today(now)
        let horizon = PledgeSchedule.adding(days: PledgeSchedule.reminderLeadDays, to: today)
        let due = try await Pledge.query(on: db).filter(\.$status == .active)
            .filter(\.$nextDueOn >= today.description).filter(\.$nextDueOn <= horizon.description).all()
        var queued = 0
        for pledge in due {
            guard let day = CalendarDay(stored: pledge.nextDueOn), PledgeSchedule.isReminderDue(day, today: today),
                  let donor = try await Donor.find(pledge.donorID, on: db), donor.isActive, DonorContact.route(donor) != nil else { continue }
            let id = try pledge.requireID().uuidString
            let key = "pledge-reminder:\(id):\(pledge.nextDueOn)"
            if try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == key).first() != nil { continue }
            let dayText = DualCalendarFormatter(language: .ar).date(day.moment).combined
            try await db.writeTransaction { db in
                try await DonorContact.send(donor, subject: "pledge-reminder",
                                            body: localizer.text("pledge.reminder.body", .ar, [donor.name, Money(halalas: pledge.amount).formatted(.ar), dayText]),
                                            key: key, relatedType: "pledge", relatedID: id, now: now, on: db)
                pledge.lastRemindedAt = now
                try await pledge.save(on: db)
            }
            queued += 1
        }
        return queued
    }
}
