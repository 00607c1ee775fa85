import Fluent
import Foundation
import LamasatCore
import SQLKit

/// Every fund's totals, summed in the database from gifts and commitments: the one place a balance is computed,
/// for the funds page, the committee's check and the reports alike.
enum FundBalances {
    static func all(on db: any Database) async throws -> [UUID: FundTotals] {
        let sql = db as! any SQLDatabase
        var totals: [UUID: FundTotals] = [:]
        let received = try await sql.raw("""
            SELECT fund_id, CAST(SUM(amount) AS BIGINT) AS total FROM donations
            WHERE status = 'received' AND kind = 'cash' AND fund_id IS NOT NULL GROUP BY fund_id
            """).all()
        for row in received {
            totals[try row.decode(column: "fund_id", as: UUID.self), default: .init()].received = try row.decode(column: "total", as: Int64.self)
        }
        let spent = try await sql.raw("""
            SELECT fund_id, status, CAST(SUM(amount) AS BIGINT) AS total FROM fund_commitments
            WHERE status IN ('committed', 'paid') GROUP BY fund_id, status
            """).all()
        for row in spent {
            let fund = try row.decode(column: "fund_id", as: UUID.self)
            let total = try row.decode(column: "total", as: Int64.self)
            if try row.decode(column: "status", as: String.self) == CommitmentStatus.paid.rawValue {
                totals[fund, default: .init()].paid = total
            } else {
                totals[fund, default: .init()].committed = total
            }
        }
        return totals
    }

    static func of(_ fundID: UUID, on db: any Database) async throws -> FundTotals {
        try await all(on: db)[fundID] ?? .init()
    }

    /// The codes of the beneficiary categories the administrator marked as entitled to zakat.
    static func zakatCategoryIDs(on db: any Database) async throws -> Set<UUID> {
        Set(try await ZakatEligibleCategory.query(on: db).all().map(\.categoryID))
    }
}
