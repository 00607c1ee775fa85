import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The money reports (issue 18): gifts of the period by month (cash and in-kind value), by designation and by
/// method; the top donors (an anonymous donor is "فاعل خير"); donor retention against the period before; every
/// fund's balance (association-wide) and the aid paid from each fund by support type (amounts only, no names).
/// Only received gifts count: a cancelled gift is in no figure. A reader of one branch sees her branch's gifts.
struct DonationFigures {
    let req: Request
    let scope: ReportScope
    var db: any Database { req.db }

    /// The tables whose money column is drawn as bars, and which column.
    static let barColumns = ["by-month": 3, "by-designation": 2, "by-method": 2]

    func tables() async throws -> [ReportLinkedTable] {
        let gifts = try await receivedGifts()
        let current = gifts.filter { inPeriod($0.received_on) }
        return [byMonth(current), byDesignation(current), byMethod(current), try await topDonors(current), retention(gifts),
                try await fundBalances(), try await aidPaid()]
    }

    struct Gift: Decodable { let donor_id: UUID; let kind: String; let method: String; let amount: Int64; let designation: String; let received_on: String }

    /// Every received gift within reach up to the period's last day (the earlier ones tell new donors from returning).
    private func receivedGifts() async throws -> [Gift] {
        let conditions: [SQLQueryString] = ["status = \(bind: DonationStatus.received.rawValue)", "received_on <= \(bind: scope.period.last.description)"]
            + scope.reach("branch_id")
        return try await db.sql.raw("""
            SELECT donor_id, kind, method, amount, designation, received_on FROM donations\(SQLQueryString.whereClause(conditions))
            """).all(decoding: Gift.self)
    }

    private func inPeriod(_ day: String) -> Bool { day >= scope.period.first.description && day <= scope.period.last.description }
    private func inPrevious(_ day: String) -> Bool { day >= scope.previous.first.description && day <= scope.previous.last.description }

    private func money(_ halalas: Int64) -> ReportTable.Cell { .money(Decimal(halalas) / 100) }

    private func byMonth(_ gifts: [Gift]) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "by-month", title: req.t("moneyReport.byMonth"),
                                       columns: ["", req.t("moneyReport.cash"), req.t("moneyReport.inKind"), req.t("moneyReport.total")])
        var cash: Int64 = 0, goods: Int64 = 0
        for month in scope.period.months {
            let inMonth = gifts.filter { $0.received_on >= month.first.description && $0.received_on <= month.last.description }
            let c = inMonth.filter { $0.kind == DonationKind.cash.rawValue }.reduce(Int64(0)) { $0 + $1.amount }
            let g = inMonth.filter { $0.kind == DonationKind.inKind.rawValue }.reduce(Int64(0)) { $0 + $1.amount }
            cash += c
            goods += g
            table.add([.text(month.title(req.language)), money(c), money(g), money(c + g)])
        }
        table.add([.text(req.t("report.total")), money(cash), money(goods), money(cash + goods)])
        return table.build(note: req.t("moneyReport.byMonthNote"))
    }

    private func byDesignation(_ gifts: [Gift]) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "by-designation", title: req.t("moneyReport.byDesignation"),
                                       columns: ["", req.t("moneyReport.gifts"), req.t("moneyReport.amount"), req.t("moneyReport.share")])
        let whole = gifts.reduce(Int64(0)) { $0 + $1.amount }
        for designation in Designation.allCases {
            let these = gifts.filter { $0.designation == designation.rawValue }
            let sum = these.reduce(Int64(0)) { $0 + $1.amount }
            table.add([.text(req.t(designation.localizationKey)), .number(these.count), money(sum), .share(Int(sum), of: Int(whole))])
        }
        return table.build()
    }

    private func byMethod(_ gifts: [Gift]) -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "by-method", title: req.t("moneyReport.byMethod"),
                                       columns: ["", req.t("moneyReport.gifts"), req.t("moneyReport.amount")])
        for method in DonationMethod.allCases where method != .none {
            let these = gifts.filter { $0.kind == DonationKind.cash.rawValue && $0.method == method.rawValue }
            table.add([.text(req.t(method.localizationKey)), .number(these.count), money(these.reduce(Int64(0)) { $0 + $1.amount })])
        }
        let goods = gifts.filter { $0.kind == DonationKind.inKind.rawValue }
        table.add([.text(req.t(DonationKind.inKind.localizationKey)), .number(goods.count), money(goods.reduce(Int64(0)) { $0 + $1.amount })])
        return table.build()
    }

    private func topDonors(_ gifts: [Gift]) async throws -> ReportLinkedTable {
        var table = ReportTableBuilder(id: "top-donors", title: req.t("moneyReport.topDonors"),
                                       columns: ["", req.t("moneyReport.gifts"), req.t("moneyReport.amount")])
        var perDonor: [UUID: (count: Int, sum: Int64)] = [:]
        for gift in gifts { perDonor[gift.donor_id, default: (0, 0)].count += 1; perDonor[gift.donor_id, default: (0, 0)].sum += gift.amount }
        let top = perDonor.sorted { $0.value.sum != $1.value.sum ? $0.value.sum > $1.value.sum : $0.key.uuidString < $1.key.uuidString }.prefix(10)
        let donors = try await Donor.query(on: db).filter(\.$id ~~ top.map(\.key)).all()
        let names = Dictionary(uniqueKeysWithValues: donors.compactMap { d in d.id.map { ($0, d.publicName) } })
        for (donor, figures) in top { table.add([.text(names[donor] ?? "—"), .number(figures.count), money(figures.sum)]) }
        return table.build(note: req.t("moneyReport.topDonorsNote"))
    }

    /// New: first gift ever in this period. Retained: gave in the period before and in this one. Lapsed: gave in the
    /// period before, not in this one. The rate: retained of those who gave in the period before.
    private func retention(_ gifts: [Gift]) -> ReportLinkedTable {
        let now = Set(gifts.filter { inPeriod($0.received_on) }.map(\.donor_id))
        let before = Set(gifts.filter { inPrevious($0.received_on) }.map(\.donor_id))
        let earlier = Set(gifts.filter { $0.received_on < scope.period.first.description }.map(\.donor_id))
        let retained = now.intersection(before).count
        var table = ReportTableBuilder(id: "retention", title: req.t("moneyReport.retention"), columns: ["", req.t("moneyReport.donors")])
        table.add([.text(req.t("moneyReport.retention.previous", scope.previous.title(req.language))), .number(before.count)])
        table.add([.text(req.t("moneyReport.retention.current", scope.period.title(req.language))), .number(now.count)])
        table.add([.text(req.t("moneyReport.retention.new")), .number(now.subtracting(earlier).count)])
        table.add([.text(req.t("moneyReport.retention.retained")), .number(retained)])
        table.add([.text(req.t("moneyReport.retention.lapsed")), .number(before.subtracting(now).count)])
        table.add([.text(req.t("moneyReport.retention.rate")), .share(retained, of: before.count)])
        return table.build(note: req.t("moneyReport.retentionNote"))
    }

    /// Every fund as it stands today, for the whole association.
    private func fundBalances() async throws -> ReportLinkedTable {
        let totals = try await FundBalances.all(on: db)
        var table = ReportTableBuilder(id: "fund-balances", title: req.t("moneyReport.funds"),
                                       columns: ["", req.t("moneyReport.fund.received"), req.t("moneyReport.fund.committed"),
                                                 req.t("moneyReport.fund.paid"), req.t("moneyReport.fund.available")])
        var sum = FundTotals()
        for fund in try await Fund.query(on: db).sort(\.$sortOrder).all() {
            let t = totals[try fund.requireID()] ?? .init()
            sum.received += t.received; sum.committed += t.committed; sum.paid += t.paid
            table.add([.text(fund.name(in: req.language)), money(t.received), money(t.committed), money(t.paid), money(t.available)])
        }
        table.add([.text(req.t("report.total")), money(sum.received), money(sum.committed), money(sum.paid), money(sum.available)])
        return table.build(note: req.t("moneyReport.fundsNote"))
    }

    struct Paid: Decodable { let fund_id: UUID; let support_type_id: UUID; let amount: Int64 }

    /// Aid paid in the period from each fund, by support type: sums only.
    private func aidPaid() async throws -> ReportLinkedTable {
        let conditions: [SQLQueryString] = ["c.status = \(bind: CommitmentStatus.paid.rawValue)", scope.within("c.closed_at", scope.period)]
            + scope.reach("c.branch_id")
        let rows = try await db.sql.raw("""
            SELECT c.fund_id AS fund_id, r.support_type_id AS support_type_id, c.amount AS amount
            FROM fund_commitments c JOIN support_requests r ON r.id = c.request_id\(SQLQueryString.whereClause(conditions))
            """).all(decoding: Paid.self)
        let funds = Dictionary(uniqueKeysWithValues: try await Fund.query(on: db).all().compactMap { f in f.id.map { ($0, f.name(in: req.language)) } })
        let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: db).all().compactMap { s in s.id.map { ($0, s.name(in: req.language)) } })
        var sums: [String: (fund: String, type: String, count: Int, sum: Int64)] = [:]
        for row in rows {
            let fund = funds[row.fund_id] ?? "—", type = types[row.support_type_id] ?? "—"
            sums["\(fund)|\(type)", default: (fund, type, 0, 0)].count += 1
            sums["\(fund)|\(type)", default: (fund, type, 0, 0)].sum += row.amount
        }
        var table = ReportTableBuilder(id: "aid-paid", title: req.t("moneyReport.aidPaid"),
                                       columns: [req.t("moneyReport.fund"), req.t("moneyReport.supportType"), req.t("moneyReport.payments"),
                                                 req.t("moneyReport.amount")])
        for (_, line) in sums.sorted(by: { $0.key < $1.key }) { table.add([.text(line.fund), .text(line.type), .number(line.count), money(line.sum)]) }
        if !rows.isEmpty {
            table.add([.text(req.t("report.total")), .text(""), .number(rows.count), money(rows.reduce(Int64(0)) { $0 + $1.amount })])
        }
        return table.build(note: req.t("moneyReport.aidPaidNote"))
    }
}
