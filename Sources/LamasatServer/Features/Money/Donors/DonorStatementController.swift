import Fluent
import LamasatCore
import Vapor

/// A donor's yearly statement: printable on A4 in both calendars under the association's name and licence number,
/// each received gift with its day, receipt number, designation and amount, and the totals by designation; sent to
/// her (a text summary, no link) on her channel when she consents.
struct DonorStatementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("donors", ":donorID", "statement") { try await self.print(req: $0) }.requires(.manageDonors)
        routes.post("donors", ":donorID", "statement", "send") { try await self.send(req: $0) }.requires(.manageDonors)
    }

    struct Line: Encodable { let day: String; let receipt: String; let designation: String; let kind: String; let amount: String }
    struct Total: Encodable { let label: String; let amount: String }
    struct Statement {
        let year: Int
        let gifts: [Donation]
        let receipts: [UUID: Receipt]
        var total: Int64 { gifts.reduce(0) { $0 + $1.amount } }
        var byDesignation: [(Designation, Int64)] {
            Designation.allCases.compactMap { d in
                let sum = gifts.filter { $0.designation == d }.reduce(Int64(0)) { $0 + $1.amount }
                return sum > 0 ? (d, sum) : nil
            }
        }
    }

    static func year(_ req: Request, _ raw: String?) -> Int {
        let now = CalendarDay.today(req.now).year
        guard let typed = ArabicDigits.parseInt(raw ?? ""), (2000...now).contains(typed) else { return now }
        return typed
    }

    /// The received gifts of `year` (Gregorian), oldest first.
    static func statement(_ donor: Donor, year: Int, on db: any Database) async throws -> Statement {
        let gifts = try await Donation.query(on: db).filter(\.$donorID == donor.requireID()).filter(\.$status == .received)
            .filter(\.$receivedOn >= "\(year)-01-01").filter(\.$receivedOn <= "\(year)-12-31").sort(\.$receivedOn).all()
        return Statement(year: year, gifts: gifts, receipts: try await DonationPages.receipts(for: gifts, on: db))
    }

    struct PrintView: Encodable {
        let page: PageContext
        let organization: OrganizationProfile
        let id: String
        let name: String
        let number: String
        let year: Int
        let period: String
        let issued: String
        let lines: [Line]?
        let totals: [Total]?
        let total: String
        let canSend: Bool
        let channel: String
        let years: [Int]
    }

    func print(req: Request) async throws -> View {
        let donor = try await DonorsController.donor(req)
        req.printLanguage()
        let year = Self.year(req, req.query[String.self, at: "year"])
        let statement = try await Self.statement(donor, year: year, on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        func day(_ stored: String) -> String { CalendarDay(stored: stored).map { formatter.date($0.moment).combined } ?? stored }
        let first = CalendarDay(gregorianYear: year, month: 1, day: 1), last = CalendarDay(gregorianYear: year, month: 12, day: 31)
        try await req.audit("money.donor.statementPrinted", record: ("donor", try donor.requireID().uuidString), detail: "year=\(year)")
        let current = CalendarDay.today(req.now).year
        return try await req.render("money/donors/statement", PrintView(
            page: PageContext(req, title: req.t("donor.statement.title", String(year))), organization: try await req.organization(),
            id: try donor.requireID().uuidString, name: donor.name, number: donor.number, year: year,
            period: "\(formatter.date(first.moment).combined) — \(formatter.date(last.moment).combined)", issued: formatter.date(req.now).combined,
            lines: statement.gifts.map { g in
                Line(day: day(g.receivedOn), receipt: g.id.flatMap { statement.receipts[$0]?.number } ?? "—",
                     designation: req.t(g.designation.localizationKey), kind: req.t(g.kind.localizationKey),
                     amount: Money(halalas: g.amount).formatted(req.language))
            }.nonEmpty,
            totals: statement.byDesignation.map { Total(label: req.t($0.0.localizationKey), amount: Money(halalas: $0.1).formatted(req.language)) }.nonEmpty,
            total: Money(halalas: statement.total).formatted(req.language),
            canSend: DonorContact.route(donor) != nil, channel: req.t(donor.preferredChannel.localizationKey),
            years: Array(stride(from: current, through: current - 4, by: -1))))
    }

    func send(req: Request) async throws -> Response {
        let donor = try await DonorsController.donor(req)
        let id = try donor.requireID().uuidString
        let year = Self.year(req, req.formText("year"))
        guard DonorContact.route(donor) != nil else {
            try await req.audit("money.donor.statementRefused", record: ("donor", id), outcome: .failure, detail: "year=\(year) no consent or channel")
            return req.redirect(to: "/donors/\(id)/statement?year=\(year)&done=statementNotSent")
        }
        let statement = try await Self.statement(donor, year: year, on: req.db)
        let parts = statement.byDesignation.map { "\(req.t($0.0.localizationKey)): \(Money(halalas: $0.1).formatted(.ar))" }.joined(separator: "، ")
        let body = req.t("donor.statement.message", donor.name, String(year), String(statement.gifts.count),
                         Money(halalas: statement.total).formatted(.ar), parts.isEmpty ? "—" : parts)
        try await req.db.writeTransaction { db in
            // Each press sends once more on purpose; the key only keeps one press from queuing twice.
            let sent = try await DonorContact.send(donor, subject: "donor-statement:\(year)", body: body,
                                                   key: "donor-statement:\(id):\(year):\(req.now.timeIntervalSince1970)",
                                                   relatedType: "donor", relatedID: id, now: req.now, on: db)
            try await req.audit("money.donor.statementSent", record: ("donor", id),
                                detail: "year=\(year) message=\(try sent?.requireID().uuidString ?? "-")", on: db)
        }
        return req.redirect(to: "/donors/\(id)/statement?year=\(year)&done=statementSent")
    }
}
