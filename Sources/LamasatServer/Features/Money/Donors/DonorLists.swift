import Fluent
import LamasatCore
import SQLKit
import Vapor

/// What the donors, gifts and pledges lists share: their typed filters, the branch filter for readers of several
/// branches, and finding donors by name (any Arabic spelling) or number.
enum DonorLists {
    /// The list's query values, trimmed ("" when absent).
    static func typed(_ req: Request, _ names: [String]) -> [String: String] {
        req.listFilters(names)
    }

    /// Adds the branch filter when she reads more than one branch, and records that she looked at `list`.
    static func finish(_ req: Request, _ filters: inout [FormField], branches: [Branch], selected: String, list: String) async throws {
        if branches.count > 1 {
            filters.append(FormField.filter(req, name: "branch", label: req.t("user.branch"), selected: selected, records: branches))
        }
        try await req.audit("view", record: (list, "list"))
    }

    /// The SQL that folds a stored name the way `ArabicSearch.normalize` folds what is typed (hamza forms, alef
    /// maqsura, ta marbuta, tatweel), so any spelling finds the same donor.
    static let normalizedName = """
        LOWER(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(name, 'أ', 'ا'), 'إ', 'ا'), 'آ', 'ا'), 'ٱ', 'ا'), 'ى', 'ي'), 'ة', 'ه'), 'ـ', ''))
        """

    /// Ids of the donors whose folded name contains the folded text.
    static func idsByName(_ typed: String, on db: any Database) async throws -> [UUID] {
        struct Hit: Decodable { let id: UUID }
        let pattern = "%" + ArabicSearch.normalize(typed).replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        return try await db.sql.raw("SELECT id FROM donors WHERE \(unsafeRaw: normalizedName) LIKE \(bind: pattern) LIMIT 5000")
            .all(decoding: Hit.self).map(\.id)
    }

    /// Ids of the donors named or numbered like `q`.
    static func donorIDs(_ q: String, on db: any Database) async throws -> [UUID] {
        try await idsByName(q, on: db) + Donor.query(on: db).filter(\.$number ~~ q.uppercased()).all().compactMap(\.id)
    }
}

extension DonorsController.Gift {
    /// A gift as the donor's and the pledge's pages list it.
    init(_ req: Request, _ g: Donation, receipt: Receipt?, funds: [UUID: String], formatter: DualCalendarFormatter) throws {
        self.init(id: try g.requireID().uuidString,
                  day: CalendarDay(stored: g.receivedOn).map { formatter.date($0.moment).combined } ?? g.receivedOn,
                  amount: Money(halalas: g.amount).formatted(req.language), kind: req.t(g.kind.localizationKey),
                  designation: req.t(g.designation.localizationKey), fund: g.fundID.flatMap { funds[$0] } ?? "—",
                  receiptID: receipt?.id?.uuidString, receiptNumber: receipt?.number, status: req.t(g.status.localizationKey), statusCode: g.status.rawValue)
    }
}
