import Fluent
import Foundation
import LamasatCore
import Vapor

/// The funds and their balances for whoever watches the money, and one fund's ledger: gifts in, commitments out,
/// with a running balance. Never a beneficiary's name: a commitment is said by its request's tracking number.
struct FundsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("funds") { try await self.index(req: $0) }.requires(.viewFunds)
        routes.get("funds", ":fundID") { try await self.ledger(req: $0) }.requires(.viewFunds)
        routes.exportsTables(of: ["funds", ":fundID"], requires: .viewFunds) { req in
            let fund = try await Self.fund(req)
            return [try await Self.ledgerTable(fund, req: req).table]
        }
    }

    struct Row: Encodable {
        let id: String
        let name: String
        let designation: String
        let purpose: String
        let received: String
        let committed: String
        let paid: String
        let available: String
        let active: Bool
    }

    struct IndexView: Encodable {
        let page: PageContext
        let rows: [Row]
        let total: Row
        let canManage: Bool
    }

    func index(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let totals = try await FundBalances.all(on: req.db)
        let funds = try await Fund.query(on: req.db).sort(\.$sortOrder).sort(\.$code).all()
        let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: req.db).all().map { (try $0.requireID(), $0) })
        let money = { (halalas: Int64) in Money(halalas: halalas).formatted(req.language) }
        var sum = FundTotals()
        let rows = try funds.map { fund in
            let t = totals[try fund.requireID()] ?? .init()
            sum.received += t.received; sum.committed += t.committed; sum.paid += t.paid
            let restricted = fund.supportTypeID.flatMap { types[$0] }.map { req.t("fund.onlyFor", $0.name(in: req.language)) }
            return Row(id: try fund.requireID().uuidString, name: fund.name(in: req.language), designation: req.t(fund.designation.localizationKey),
                       purpose: [restricted, fund.purpose.isEmpty ? nil : fund.purpose].compactMap { $0 }.joined(separator: " — "),
                       received: money(t.received), committed: money(t.committed), paid: money(t.paid), available: money(t.available), active: fund.isActive)
        }
        let total = Row(id: "", name: req.t("fund.total"), designation: "", purpose: "", received: money(sum.received), committed: money(sum.committed),
                        paid: money(sum.paid), available: money(sum.available), active: true)
        return try await req.render("money/funds/index", IndexView(page: PageContext(req, title: req.t("nav.funds")), rows: rows, total: total,
                                                                   canManage: staff.can(.manageFunds))).encodeResponse(for: req)
    }

    static func fund(_ req: Request) async throws -> Fund {
        guard let id = req.parameters.get("fundID", as: UUID.self), let fund = try await Fund.find(id, on: req.db) else { throw Abort(.notFound) }
        return fund
    }

    /// One line of the ledger, oldest first for the running balance.
    struct Entry {
        let day: String
        let when: Date
        let isGift: Bool
        let amount: Int64
        /// Signed change of the available balance (a released commitment changes nothing).
        let change: Int64
        let what: String
        let detail: String
        let status: String
        var balance: Int64 = 0
    }

    /// The whole ledger as a table (the page shows a page of it, the export all of it) and its entries, newest first.
    static func ledgerTable(_ fund: Fund, req: Request) async throws -> (table: ReportTable, entries: [Entry]) {
        let staff = try req.requireStaff()
        let id = try fund.requireID()
        let formatter = DualCalendarFormatter(language: req.language)
        let gifts = try await Donation.query(on: req.db).filter(\.$fundID == id).filter(\.$kind == .cash).all()
        let showDonors = staff.can(.manageDonors)
        let donors = showDonors
            ? Dictionary(uniqueKeysWithValues: try await Donor.query(on: req.db).filter(\.$id ~~ Array(Set(gifts.map(\.donorID)))).all().map { (try $0.requireID(), $0) })
            : [:]
        let commitments = try await FundCommitment.query(on: req.db).filter(\.$fundID == id).all()
        let requests = Dictionary(uniqueKeysWithValues: try await SupportRequest.query(on: req.db).filter(\.$id ~~ Array(Set(commitments.map(\.requestID))))
            .with(\.$supportType).all().map { (try $0.requireID(), $0) })
        var entries: [Entry] = gifts.map { gift in
            let moment = CalendarDay(stored: gift.receivedOn)?.moment ?? gift.recordedAt
            let donor = donors[gift.donorID].map { $0.isAnonymous ? req.t("fund.anonymousDonor") : $0.name } ?? ""
            return Entry(day: formatter.date(moment).combined, when: moment, isGift: true, amount: gift.amount,
                         change: gift.status == .received ? gift.amount : 0, what: req.t(gift.designation.localizationKey), detail: donor,
                         status: req.t(gift.status.localizationKey))
        }
        entries += commitments.map { c in
            let request = requests[c.requestID]
            return Entry(day: formatter.date(c.createdAt).combined, when: c.createdAt, isGift: false, amount: c.amount,
                         change: c.status == .released ? 0 : -c.amount, what: request?.supportType.name(in: req.language) ?? "",
                         detail: request?.trackingNumber ?? "—", status: req.t(c.status.localizationKey))
        }
        entries.sort { ($0.when, $0.isGift ? 0 : 1) < ($1.when, $1.isGift ? 0 : 1) }
        var running: Int64 = 0
        for index in entries.indices {
            running += entries[index].change
            entries[index].balance = running
        }
        entries.reverse()
        let table = ReportTable(id: "ledger", title: req.t("fund.ledgerOf", fund.name(in: req.language)), columns: [
            .init(title: req.t("fund.ledger.date")), .init(title: req.t("fund.ledger.entry")), .init(title: req.t("fund.ledger.what")),
            .init(title: req.t("fund.ledger.detail")), .init(title: req.t("fund.ledger.status")), .init(title: req.t("fund.ledger.in")),
            .init(title: req.t("fund.ledger.out")), .init(title: req.t("fund.ledger.balance")),
        ], rows: entries.map { e in
            [.text(e.day), .text(req.t(e.isGift ? "fund.ledger.gift" : "fund.ledger.commitment")), .text(e.what), .text(e.detail), .text(e.status),
             e.isGift ? .money(Decimal(e.amount) / 100) : .empty, e.isGift ? .empty : .money(Decimal(e.amount) / 100), .money(Decimal(e.balance) / 100)]
        })
        return (table, entries)
    }

    struct LedgerRow: Encodable {
        let day: String; let entry: String; let what: String; let detail: String; let status: String
        let amountIn: String?; let amountOut: String?; let balance: String
    }

    struct LedgerView: Encodable {
        let page: PageContext
        let fund: Row
        let rows: [LedgerRow]?
        let paging: Paging
        let exports: [String: TableExport.Links]
    }

    func ledger(req: Request) async throws -> Response {
        let fund = try await Self.fund(req)
        let id = try fund.requireID()
        let (table, entries) = try await Self.ledgerTable(fund, req: req)
        let t = try await FundBalances.of(id, on: req.db)
        let money = { (halalas: Int64) in Money(halalas: halalas).formatted(req.language) }
        let page = Paging.requestedPage(req)
        let size = Paging.defaultSize
        let slice = entries.dropFirst((page - 1) * size).prefix(size)
        let path = "/funds/\(id.uuidString)"
        return try await req.render("money/funds/ledger", LedgerView(
            page: PageContext(req, title: fund.name(in: req.language)),
            fund: Row(id: id.uuidString, name: fund.name(in: req.language), designation: req.t(fund.designation.localizationKey), purpose: fund.purpose,
                      received: money(t.received), committed: money(t.committed), paid: money(t.paid), available: money(t.available), active: fund.isActive),
            rows: slice.isEmpty ? nil : slice.map { e in
                LedgerRow(day: e.day, entry: req.t(e.isGift ? "fund.ledger.gift" : "fund.ledger.commitment"), what: e.what, detail: e.detail, status: e.status,
                          amountIn: e.isGift ? money(e.amount) : nil, amountOut: e.isGift ? nil : money(e.amount), balance: money(e.balance))
            },
            paging: Paging(req, total: entries.count, page: page, size: size, path: path, filters: [:]),
            exports: TableExport.links(report: String(path.dropFirst()), tables: [table], query: ""))).encodeResponse(for: req)
    }
}
