import Fluent
import LamasatCore
import Vapor

/// The donor officer's receipts (issue 18): the list (by number, donor or amount; status, days, branch), each receipt
/// printable on A4 and on an 80 mm slip, sent to the donor by a fresh link (only with her consent), cancelled with a
/// reason (the number stays), and given again under a new number when the gift still stands.
struct ReceiptsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("receipts") { try await self.index(req: $0) }.requires(.manageDonors)
        routes.exportsList("receipts", requires: .manageDonors, title: "receipt.list.title") { try await Self.export($0, limit: $1) }
        routes.get("receipts", ":receiptID") { try await self.show(req: $0, small: false) }.requires(.manageDonors)
        routes.get("receipts", ":receiptID", "small") { try await self.show(req: $0, small: true) }.requires(.manageDonors)
        routes.post("receipts", ":receiptID", "send") { try await self.send(req: $0) }.requires(.manageDonors)
        routes.post("receipts", ":receiptID", "cancel") { try await self.cancel(req: $0) }.requires(.manageDonors)
        routes.post("receipts", ":receiptID", "reissue") { try await self.reissue(req: $0) }.requires(.manageDonors)
    }

    // MARK: List

    struct Row: Encodable {
        let id: String; let number: String; let donor: String; let amount: String; let received: String; let branch: String
        let status: String; let statusCode: String
    }
    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [Row]?; let paging: Paging; let error: String? }

    static let filterNames = ["q", "status", "from", "to", "branch"]

    /// The receipts of the list's filter within her reach, as the page and its export read them, and the message
    /// for a day that cannot be read.
    static func listQuery(_ req: Request, typed: [String: String], branches: [Branch]) throws -> (QueryBuilder<Receipt>, error: String?) {
        let query = Receipt.query(on: req.db).join(Donation.self, on: \Receipt.$donationID == \Donation.$id)
            .join(Donor.self, on: \Donation.$donorID == \Donor.$id)
            .sort(\.$issuedAt, .descending).sort(\.$number, .descending)
        query.withinReach(of: try req.requireStaff(), \.$branchID)
        let q = ArabicDigits.westernized(typed["q"]!)
        if !q.isEmpty {
            let amount = try? Money(q)
            query.group(.or) { or in
                or.filter(\Receipt.$number ~~ q.uppercased()).filter(Donor.self, \.$name ~~ q).filter(Donor.self, \.$number ~~ q.uppercased())
                if let amount { or.filter(Donation.self, \.$amount == amount.halalas) }
            }
        }
        if let status = ReceiptStatus(rawValue: typed["status"]!) { query.filter(\.$status == status) }
        var error: String?
        for (name, op) in [("from", DatabaseQuery.Filter.Method.greaterThanOrEqual), ("to", .lessThanOrEqual)] where !typed[name]!.isEmpty {
            if let day = try? CalendarDay.day(typed[name]!, calendar: .gregorian) {
                query.filter(Donation.self, \.$receivedOn, op, day.description)
            } else {
                error = req.t("receipt.list.badDay")
            }
        }
        if let branch = branches.first(where: { $0.id?.uuidString == typed["branch"] }) { query.filter(\.$branchID == branch.id!) }
        return (query, error)
    }

    static func rows(_ items: [Receipt], req: Request, branches: [Branch]) throws -> [Row] {
        let names = Dictionary(uniqueKeysWithValues: branches.compactMap { b in b.id.map { ($0, b.name(in: req.language)) } })
        let formatter = DualCalendarFormatter(language: req.language)
        return try items.map { r in
            let donation = try r.joined(Donation.self), donor = try r.joined(Donor.self)
            return Row(id: try r.requireID().uuidString, number: r.number, donor: donor.name,
                       amount: Money(halalas: donation.amount).formatted(req.language),
                       received: CalendarDay(stored: donation.receivedOn).map { formatter.date($0.moment).gregorian } ?? donation.receivedOn,
                       branch: names[r.branchID] ?? "—", status: req.t(r.status.localizationKey), statusCode: r.status.rawValue)
        }
    }

    /// Every receipt of the filter; a day that cannot be read is refused, as the page says, not dropped.
    static func export(_ req: Request, limit: Int) async throws -> ListExport.Table {
        let typed = filterNames.reduce(into: [String: String]()) { $0[$1] = (req.query[String.self, at: $1] ?? "").trimmingWhitespace() }
        let branches = try await req.formBranches()
        let (query, error) = try listQuery(req, typed: typed, branches: branches)
        guard error == nil else { throw Abort(.unprocessableEntity) }
        let items = try await query.limit(limit).all()
        return ListExport.Table(
            columns: ["listExport.column.number", "listExport.column.donor", "listExport.column.amount", "listExport.column.day", "user.branch", "receipt.status"],
            rows: try zip(items, rows(items, req: req, branches: branches)).map { item, r in
                [.text(r.number), .text(r.donor), .money(Decimal(try item.joined(Donation.self).amount) / 100), .text(r.received), .text(r.branch), .text(r.status)]
            }, filter: ListExport.searchHidden(typed))
    }

    func index(req: Request) async throws -> Response {
        let typed = Self.filterNames.reduce(into: [String: String]()) {
            $0[$1] = (req.query[String.self, at: $1] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let branches = try await req.formBranches()
        let (query, error) = try Self.listQuery(req, typed: typed, branches: branches)
        let page = Paging.requestedPage(req)
        let (items, total) = try await query.page(page)
        var filters = [
            FormField.search(req, value: typed["q"]!, hint: req.t("receipt.list.searchHint")),
            FormField.filter(req, name: "status", label: req.t("receipt.status"), selected: typed["status"]!,
                             choices: ReceiptStatus.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
            FormField(name: "from", label: req.t("report.from"), kind: "date", value: typed["from"]!, dir: "ltr"),
            FormField(name: "to", label: req.t("report.to"), kind: "date", value: typed["to"]!, dir: "ltr"),
        ]
        if branches.count > 1 {
            filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: typed["branch"]!, records: branches))
        }
        try await req.audit("view", record: ("receipts", "list"))
        return try await req.render("money/receipts/list", IndexView(
            page: PageContext(req, title: req.t("receipt.list.title")), filters: filters.prepared(),
            rows: try Self.rows(items, req: req, branches: branches).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/receipts", filters: typed, exports: true), error: error)).encodeResponse(for: req)
    }

    // MARK: One receipt

    struct ShowView: Encodable {
        let page: PageContext
        let receipt: ReceiptPrint
        let small: Bool
        let canReissue: Bool
        let canSend: Bool
        let reasonFields: [FormField]
        let error: String?
        let notice: String?
    }

    private func receipt(_ req: Request) async throws -> Receipt {
        try await req.scoped(Receipt.self, id: req.parameters.get("receiptID"), branch: \.$branchID)
    }

    func show(req: Request, small: Bool, given: Receipt? = nil, reason: String = "", reasonError: String? = nil, error: String? = nil,
              status: HTTPStatus = .ok) async throws -> Response {
        let receipt = if let given { given } else { try await receipt(req) }
        if status == .ok { req.printLanguage() }
        let printed = try await ReceiptPrint.make(req, receipt)
        let donation = try await Donation.find(receipt.donationID, on: req.db)
        let donor = try await donation.asyncMap { try await Donor.find($0.donorID, on: req.db) } ?? nil
        if status == .ok {
            try await req.audit("money.receipt.printed", record: ("receipt", printed.id), detail: small ? "size=80mm" : "size=A4")
        }
        let done = req.query[String.self, at: "done"].flatMap { ["sent", "cancelled", "reissued"].contains($0) ? $0 : nil }
        return try await req.render("money/receipts/show", ShowView(
            page: PageContext(req, title: req.t("receipt.title", receipt.number)), receipt: printed, small: small,
            canReissue: receipt.status == .cancelled && donation?.status == .received,
            canSend: receipt.status == .valid && donor?.consentsToContact == true,
            reasonFields: [FormField(name: "reason", label: req.t("receipt.cancel.reason"), kind: "textarea", value: reason, error: reasonError,
                                    required: true, maxlength: 300)].prepared(),
            error: error, notice: done.map { req.t("receipt.done.\($0)") })).encodeResponse(status: status, for: req)
    }

    /// A new link (the old one stops working) sent by SMS and e-mail to a donor who consented.
    func send(req: Request) async throws -> Response {
        let receipt = try await receipt(req)
        guard let donation = try await Donation.find(receipt.donationID, on: req.db),
              let donor = try await Donor.find(donation.donorID, on: req.db) else { throw Abort(.notFound) }
        let mobile = (try? SaudiMobile(donor.mobile))?.e164
        let email = donor.email.contains("@") ? donor.email : nil
        var refusal: String?
        if receipt.status == .cancelled { refusal = "receipt.send.cancelled" }
        else if !donor.consentsToContact { refusal = "receipt.send.noConsent" }
        else if mobile == nil && email == nil { refusal = "receipt.send.noAddress" }
        if let refusal { return try await show(req: req, small: false, given: receipt, error: req.t(refusal), status: .unprocessableEntity) }
        let token = SessionTokens.make()
        let link = "\(req.lamasat.config.publicURL)/receipt/\(token)"
        let id = try receipt.requireID().uuidString
        let organization = try await req.organization()
        // Donors read Arabic: the message is written in Arabic whatever the staff's page language.
        let body = req.lamasat.localizer.text("receipt.send.text", .ar, [receipt.number, Money(halalas: donation.amount).formatted(.ar),
                                                                         organization.nameArabic, link])
        try await req.db.writeTransaction { db in
            receipt.tokenHash = SessionTokens.hash(token)
            receipt.sentAt = req.now
            try await receipt.save(on: db)
            var channels: [String] = []
            for (channel, recipient) in [(MessageChannel.sms, mobile), (.email, email)] {
                guard let recipient else { continue }
                _ = try await Outbox.enqueue(Outbox.Draft(
                    channel: channel, recipient: recipient, subject: req.lamasat.localizer.text("receipt.send.subject", .ar, [receipt.number]), body: body,
                    idempotencyKey: "receipt:\(id):\(channel.rawValue):\(UUID().uuidString)", relatedType: "receipt", relatedID: id,
                    branchID: receipt.branchID), now: req.now, on: db)
                channels.append(channel.rawValue)
            }
            try await req.audit("money.receipt.sent", record: ("receipt", id), detail: "channels=\(channels.joined(separator: ","))", on: db)
        }
        return req.redirect(to: "/receipts/\(id)?done=sent")
    }

    /// Cancelled with a reason; the number stays on the receipt and is never given again.
    func cancel(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let receipt = try await receipt(req)
        let reason = req.formText("reason")
        var problem: String?
        if receipt.status == .cancelled { problem = req.t("receipt.cancel.already") }
        else if reason.isEmpty { problem = req.t("receipt.cancel.reasonRequired") }
        else if reason.count > 300 { problem = req.t("validation.tooLong") }
        if let problem {
            return try await show(req: req, small: false, given: receipt, reason: reason, reasonError: problem, error: problem, status: .unprocessableEntity)
        }
        let id = try receipt.requireID().uuidString
        try await req.db.writeTransaction { db in
            receipt.status = .cancelled
            receipt.cancelReason = reason
            receipt.cancelledBy = staff.userID
            receipt.cancelledAt = req.now
            try await receipt.save(on: db)
            try await req.audit("money.receipt.cancelled", record: ("receipt", id), detail: "number=\(receipt.number)", on: db)
        }
        return req.redirect(to: "/receipts/\(id)?done=cancelled")
    }

    /// A cancelled receipt of a gift still received gets a new receipt under a new number.
    func reissue(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let receipt = try await receipt(req)
        guard let donation = try await Donation.find(receipt.donationID, on: req.db) else { throw Abort(.notFound) }
        guard receipt.status == .cancelled, donation.status == .received else {
            let key = receipt.status == .valid ? "receipt.reissue.notCancelled" : "receipt.reissue.giftCancelled"
            return try await show(req: req, small: false, given: receipt, error: req.t(key), status: .unprocessableEntity)
        }
        let old = try receipt.requireID().uuidString
        let made = try await req.db.writeTransaction { db -> Receipt in
            let (made, _) = try await Receipt.issue(for: donation, by: staff.userID, at: req.now, on: db)
            try await req.audit("money.receipt.reissued", record: ("receipt", try made.requireID().uuidString),
                                detail: "number=\(made.number) replaces=\(receipt.number) old=\(old)", on: db)
            return made
        }
        return req.redirect(to: "/receipts/\(try made.requireID().uuidString)?done=reissued")
    }
}

/// `/receipt/<token>` (public): the donor's own link. Shows the receipt, valid or cancelled; "فاعل خير" for a donor
/// who asked to stay anonymous. An unknown token is 404. Rate-limited per address, as /verify is.
struct ReceiptPublicController: RouteCollection {
    static let perHour = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get("receipt", ":token") { try await self.open(req: $0) }.declare(.public)
    }

    struct PublicView: Encodable { let page: PageContext; let receipt: ReceiptPrint?; let tooMany: Bool }

    func open(req: Request) async throws -> Response {
        guard try await PublicLookup.take("receipt", limit: Self.perHour, req: req) else {
            return try await req.render("money/receipts/public", PublicView(page: PageContext(req, title: req.t("receipt.public.title")),
                                                                             receipt: nil, tooMany: true))
                .encodeResponse(status: .tooManyRequests, for: req)
        }
        let token = String((req.parameters.get("token") ?? "").prefix(100))
        guard !token.isEmpty, let receipt = try await Receipt.query(on: req.db).filter(\.$tokenHash == SessionTokens.hash(token)).first() else {
            try await req.audit("money.receipt.publicViewed", detail: "outcome=unknown")
            throw Abort(.notFound)
        }
        let printed = try await ReceiptPrint.make(req, receipt, publicPage: true)
        try await req.audit("money.receipt.publicViewed", record: ("receipt", printed.id), detail: "outcome=\(receipt.status.rawValue)")
        return try await req.render("money/receipts/public", PublicView(page: PageContext(req, title: req.t("receipt.public.title")),
                                                                         receipt: printed, tooMany: false)).encodeResponse(for: req)
    }
}
