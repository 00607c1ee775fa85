import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Gifts: recorded from a donor's page (cash or items, with the receipt number given in the same transaction and,
/// when she consents, a thank-you on her channel), listed within reach with filters and the total of the filtered
/// rows, shown one by one, and cancelled with a reason (the receipt keeps its number).
struct DonationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("donors", ":donorID", "donations", "new") { req async throws -> Response in
            let donor = try await DonorsController.donor(req)
            return try await self.render(req, DonationForm(donor: donor, today: CalendarDay.today(req.now)), donor: donor, errors: [:])
        }.requires(.manageDonors)
        routes.post("donors", ":donorID", "donations", "new") { try await self.record(req: $0) }.requires(.manageDonors)
        routes.get("donations") { try await self.index(req: $0) }.requires(.manageDonors)
        routes.exportsList("donations", requires: .manageDonors, title: "nav.donations") { try await Self.export($0, limit: $1) }
        routes.get("donations", ":donationID") { try await self.show(req: $0) }.requires(.manageDonors)
        routes.post("donations", ":donationID", "cancel") { try await self.cancel(req: $0) }.requires(.manageDonors)
    }

    static func donation(_ req: Request) async throws -> Donation {
        try await req.scoped(Donation.self, id: req.parameters.get("donationID"), branch: \.$branchID)
    }

    // MARK: recording

    struct FormView: Encodable {
        let page: PageContext
        let action: String
        let back: String
        let donor: String
        let main: [FormField]
        let cash: [FormField]
        let itemFields: [FormField]
        let end: [FormField]
        let alert: String?
    }

    static func choices(_ req: Request, donor: Donor) async throws -> (funds: [Fund], items: [StockItem], pledges: [Pledge]) {
        let funds = try await Fund.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let items = try await StockItem.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let pledges = try await Pledge.query(on: req.db).filter(\.$donorID == donor.requireID()).filter(\.$status == .active).sort(\.$nextDueOn).all()
        return (funds, items, pledges)
    }

    func render(_ req: Request, _ form: DonationForm, donor: Donor, errors: FieldErrors, status: HTTPStatus = .ok) async throws -> Response {
        let (funds, items, pledges) = try await Self.choices(req, donor: donor)
        let id = try donor.requireID().uuidString
        let fields = form.fields(req, donor: donor, funds: funds, items: items, pledges: pledges, errors: errors)
        return try await req.render("money/donors/donation-form", FormView(
            page: PageContext(req, title: req.t("donation.newTitle", donor.name)), action: "/donors/\(id)/donations/new", back: "/donors/\(id)",
            donor: "\(donor.name) · \(donor.number)", main: fields.main, cash: fields.cash, itemFields: fields.lines.flatMap { [$0.item, $0.quantity, $0.unitValue] }, end: fields.end,
            alert: errors.isEmpty ? nil : req.t("donation.error.form")
        )).encodeResponse(status: status, for: req)
    }

    func record(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let donor = try await DonorsController.donor(req)
        let form = DonationForm(request: req)
        let (funds, items, pledges) = try await Self.choices(req, donor: donor)
        let (valid, errors) = form.validate(req, funds: funds, items: items, pledges: pledges)
        guard let valid else { return try await render(req, form, donor: donor, errors: errors, status: .unprocessableEntity) }
        let thank = form.thank
        let (donation, receipt) = try await req.db.writeTransaction { db -> (Donation, Receipt) in
            let (donation, receipt) = try await DonationRecording.record(valid, donor: donor, by: staff.userID, now: req.now, on: db)
            let id = try donation.requireID().uuidString
            try await req.audit("money.donation.recorded", record: ("donation", id),
                                detail: "donor=\(try donor.requireID().uuidString) kind=\(donation.kind.rawValue) amount=\(donation.amount) designation=\(donation.designation.rawValue) receipt=\(receipt.number)",
                                on: db)
            if thank, let sent = try await DonorContact.send(
                donor, subject: "donation-thanks:\(receipt.number)",
                body: req.t("donation.thanks.body", donor.name, Money(halalas: donation.amount).formatted(req.language), receipt.number),
                key: "donation-thanks:\(id)", relatedType: "donation", relatedID: id, now: req.now, on: db) {
                try await req.audit("money.donation.thanked", record: ("donation", id), detail: "message=\(try sent.requireID().uuidString)", on: db)
            }
            return (donation, receipt)
        }
        _ = receipt
        return req.redirect(to: "/donations/\(try donation.requireID().uuidString)?done=donationRecorded")
    }

    // MARK: list

    struct Row: Encodable {
        let id: String; let day: String; let donor: String; let donorID: String; let amount: String; let kind: String; let method: String
        let designation: String; let fund: String; let receipt: String; let status: String; let statusCode: String
    }
    struct IndexView: Encodable {
        let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging; let total: String; let count: Int
    }
    static let filterNames = ["q", "from", "to", "designation", "kind", "method", "fund", "status", "branch", "thank"]

    /// The donations of the list's filter that she may reach, as the page and its export read them.
    static func listQuery(_ req: Request, typed: [String: String], branches: [Branch], funds: [Fund]) async throws -> QueryBuilder<Donation> {
        let query = Donation.query(on: req.db).sort(\.$receivedOn, .descending).sort(\.$recordedAt, .descending)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            let donorIDs = try await DonorLists.donorIDs(q, on: req.db)
            query.group(.or) { or in
                or.filter(\.$reference ~~ q)
                if !donorIDs.isEmpty { or.filter(\.$donorID ~~ donorIDs) }
            }
        }
        if let from = try? CalendarDay.day(typed["from"]!, calendar: .gregorian) { query.filter(\.$receivedOn >= from.description) }
        if let to = try? CalendarDay.day(typed["to"]!, calendar: .gregorian) { query.filter(\.$receivedOn <= to.description) }
        if let designation = Designation(rawValue: typed["designation"]!) { query.filter(\.$designation == designation) }
        if let kind = DonationKind(rawValue: typed["kind"]!) { query.filter(\.$kind == kind) }
        if let method = DonationMethod(rawValue: typed["method"]!) { query.filter(\.$method == method) }
        if let fund = funds.first(where: { $0.id?.uuidString == typed["fund"] }) { query.filter(\.$fundID == fund.id!) }
        if let status = DonationStatus(rawValue: typed["status"]!) { query.filter(\.$status == status) }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        if typed["thank"] == "phone" {
            // Donors who consent and prefer a call: someone thanks them by phone.
            let callers = try await Donor.query(on: req.db).filter(\.$preferredChannel == .phone).filter(\.$consentsToContact == true).all().compactMap(\.id)
            query.filter(\.$donorID ~~ callers).filter(\.$status == .received)
        }
        return query
    }

    /// Donations as the list shows them, with their donors, funds and receipts.
    static func rows(_ items: [Donation], req: Request, funds: [Fund]) async throws -> [Row] {
        let donors = Dictionary(uniqueKeysWithValues: try await Donor.query(on: req.db).filter(\.$id ~~ Set(items.map(\.donorID))).all().map { ($0.id!, $0) })
        let receipts = try await DonationPages.receipts(for: items, on: req.db)
        let fundNames = Dictionary(uniqueKeysWithValues: funds.map { ($0.id!, $0.name(in: req.language)) })
        let formatter = DualCalendarFormatter(language: req.language)
        return items.map { g in
            let donor = donors[g.donorID]
            return Row(id: g.id!.uuidString, day: CalendarDay(stored: g.receivedOn).map { formatter.date($0.moment).combined } ?? g.receivedOn,
                       donor: donor?.name ?? "—", donorID: g.donorID.uuidString, amount: Money(halalas: g.amount).formatted(req.language),
                       kind: req.t(g.kind.localizationKey), method: req.t(g.method.localizationKey), designation: req.t(g.designation.localizationKey),
                       fund: g.fundID.flatMap { fundNames[$0] } ?? "—", receipt: receipts[g.id!]?.number ?? "—",
                       status: req.t(g.status.localizationKey), statusCode: g.status.rawValue)
        }
    }

    /// Every donation of the filter; the amount as a number a spreadsheet can sum.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = DonorLists.typed(req, filterNames)
        let funds = try await Fund.query(on: req.db).sort(\.$sortOrder).all()
        let items = try await listQuery(req, typed: typed, branches: try await req.formBranches(), funds: funds).limit(limit).all()
        let rows = try await rows(items, req: req, funds: funds)
        return ListExport.Table(
            columns: ["listExport.column.day", "listExport.column.donor", "listExport.column.amount", "donation.field.kind", "donation.field.method",
                      "donation.field.designation", "donation.field.fund", "listExport.column.receipt", "donation.field.status"],
            rows: zip(items, rows).map { g, r in
                [.text(r.day), .text(r.donor), .money(Decimal(g.amount) / 100), .text(r.kind), .text(r.method), .text(r.designation), .text(r.fund),
                 .text(r.receipt), .text(r.status)]
            }, filter: ListExport.searchHidden(typed))
    }

    func index(req: Request) async throws -> Response {
        let typed = DonorLists.typed(req, Self.filterNames)
        let branches = try await req.formBranches()
        let funds = try await Fund.query(on: req.db).sort(\.$sortOrder).all()
        let query = try await Self.listQuery(req, typed: typed, branches: branches, funds: funds)
        // The total of every filtered row (not only this page), summed exactly in halalas.
        let amounts = try await query.copy().field(\.$amount).all().map(\.amount)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("donation.list.searchHint")),
            FormField(name: "from", label: req.t("report.from"), kind: "date", value: typed["from"]!, dir: "ltr"),
            FormField(name: "to", label: req.t("report.to"), kind: "date", value: typed["to"]!, dir: "ltr"),
            FormField.filter(req, name: "designation", label: req.t("donation.field.designation"), selected: typed["designation"]!,
                             choices: Designation.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "kind", label: req.t("donation.field.kind"), selected: typed["kind"]!,
                             choices: DonationKind.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "method", label: req.t("donation.field.method"), selected: typed["method"]!,
                             choices: DonationMethod.allCases.filter { $0 != .none }.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "fund", label: req.t("donation.field.fund"), selected: typed["fund"]!, records: funds),
            FormField.filter(req, name: "status", label: req.t("donation.field.status"), selected: typed["status"]!,
                             choices: DonationStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField.filter(req, name: "thank", label: req.t("donation.list.thank"), selected: typed["thank"]!,
                             choices: [("phone", req.t("donation.list.thankByPhone"))]),
        ]
        try await DonorLists.finish(req, &filters, branches: branches, selected: typed["branch"]!, list: "donations")
        return try await req.render("money/donors/donations", IndexView(
            page: PageContext(req, title: req.t("nav.donations")), filters: filters,
            rows: try await Self.rows(items, req: req, funds: funds).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/donations", filters: typed, exports: true),
            total: Money(halalas: amounts.reduce(0, +)).formatted(req.language), count: total
        )).encodeResponse(for: req)
    }

    // MARK: one gift

    struct ItemRow: Encodable { let name: String; let quantity: String; let unitValue: String; let value: String }
    struct PageView: Encodable {
        let page: PageContext
        let id: String
        let donorID: String
        let facts: [FactRow]
        let items: [ItemRow]?
        let receiptID: String?
        let receiptNumber: String?
        let cancelled: String?
        let cancelFields: [FormField]?
        let error: String?
    }

    func show(req: Request) async throws -> Response {
        try await page(req, donation: try await Self.donation(req), status: .ok)
    }

    func page(_ req: Request, donation: Donation, reason: String = "", error: String? = nil, status: HTTPStatus) async throws -> Response {
        let id = try donation.requireID()
        let formatter = DualCalendarFormatter(language: req.language)
        let donor = try await Donor.find(donation.donorID, on: req.db)
        let receipt = try await DonationPages.receipts(for: [donation], on: req.db)[id]
        var fund: Fund?
        if let fundID = donation.fundID { fund = try await Fund.find(fundID, on: req.db) }
        let lines = try await DonationItem.query(on: req.db).filter(\.$donationID == id).all()
        let stockItems = Dictionary(uniqueKeysWithValues: try await StockItem.query(on: req.db).all().map { ($0.id!, $0) })
        var facts = [
            FactRow(label: req.t("donation.field.donor"), value: donor.map { "\($0.name) · \($0.number)" } ?? "—", dir: nil, link: "/donors/\(donation.donorID.uuidString)"),
            FactRow(label: req.t("donation.field.amount"), value: Money(halalas: donation.amount).formatted(req.language), dir: nil),
            FactRow(label: req.t("donation.field.kind"), value: req.t(donation.kind.localizationKey), dir: nil),
            FactRow(label: req.t("donation.field.designation"), value: req.t(donation.designation.localizationKey), dir: nil),
            FactRow(label: req.t("donation.field.receivedOn"),
                    value: CalendarDay(stored: donation.receivedOn).map { formatter.date($0.moment).combined } ?? donation.receivedOn, dir: nil),
            FactRow(label: req.t("donation.field.status"), value: req.t(donation.status.localizationKey), dir: nil),
        ]
        if donation.kind == .cash {
            facts.insert(FactRow(label: req.t("donation.field.method"), value: req.t(donation.method.localizationKey), dir: nil), at: 3)
            facts.append(FactRow(label: req.t("donation.field.fund"), value: fund?.name(in: req.language) ?? "—", dir: nil))
            if !donation.reference.isEmpty { facts.append(FactRow(label: req.t("donation.field.reference"), value: donation.reference, dir: "ltr")) }
        }
        if donation.pledgeID != nil { facts.append(FactRow(label: req.t("donation.field.pledge"), value: req.t("donation.paysPledge"), dir: nil)) }
        if !donation.note.isEmpty { facts.append(FactRow(label: req.t("donation.field.note"), value: donation.note, dir: nil)) }
        try await req.audit("view", record: ("donation", id.uuidString))
        return try await req.render("money/donors/donation", PageView(
            page: PageContext(req, title: req.t("donation.title", receipt?.number ?? "")), id: id.uuidString, donorID: donation.donorID.uuidString,
            facts: facts,
            items: lines.map { line in
                ItemRow(name: stockItems[line.itemID].map { $0.name(in: req.language) } ?? "—", quantity: String(line.quantity),
                        unitValue: Money(halalas: line.unitValue).formatted(req.language),
                        value: Money(halalas: Int64(line.quantity) * line.unitValue).formatted(req.language))
            }.nonEmpty,
            receiptID: receipt?.id?.uuidString, receiptNumber: receipt?.number,
            cancelled: donation.status == .cancelled
                ? req.t("donation.cancelledOn", donation.cancelledAt.map { formatter.date($0).combined } ?? "", donation.cancelReason) : nil,
            cancelFields: donation.status == .received
                ? [FormField(name: "reason", label: req.t("donation.cancel.reason"), kind: "textarea", value: reason, error: error,
                             required: true, maxlength: 300)].prepared() : nil,
            error: error
        )).encodeResponse(status: status, for: req)
    }

    func cancel(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let donation = try await Self.donation(req)
        let reason = req.formText("reason")
        let id = try donation.requireID().uuidString
        if reason.isEmpty { return try await page(req, donation: donation, error: req.t("donation.cancel.error.reason"), status: .unprocessableEntity) }
        if reason.count > 300 { return try await page(req, donation: donation, reason: reason, error: req.t("validation.tooLong"), status: .unprocessableEntity) }
        do {
            try await req.db.writeTransaction { db in
                try await DonationRecording.cancel(donation, reason: reason, by: staff.userID, now: req.now, on: db)
                try await req.audit("money.donation.cancelled", record: ("donation", id), detail: "amount=\(donation.amount) reason=\(reason)", on: db)
            }
        } catch let refusal as DonationRecording.Refusal {
            // Nothing was kept: the page shows the gift as it is in the database.
            guard let fresh = try await Donation.find(donation.requireID(), on: req.db) else { throw Abort(.notFound) }
            let message: String
            switch refusal {
            case .alreadyCancelled: message = req.t("donation.cancel.error.already")
            case .fund(let available): message = req.t("donation.cancel.error.fund", Money(halalas: max(0, available)).formatted(req.language))
            case .stock(let item):
                let name = try await StockItem.find(item, on: req.db)?.name(in: req.language) ?? ""
                message = req.t("donation.cancel.error.stock", name)
            }
            try await req.audit("money.donation.cancelRefused", record: ("donation", id), outcome: .failure)
            return try await page(req, donation: fresh, reason: reason, error: message, status: .unprocessableEntity)
        }
        return req.redirect(to: "/donations/\(id)?done=donationCancelled")
    }
}
