import Fluent
import Foundation

/// Part C of issue 18's demo: the approved cash requests paid from a fund (commitments), stock issued on deliveries.
enum DemoFunds {
    static func load(branches: [String: UUID], now: Date, on db: any Database) async throws -> Int {
        0
    }
}
