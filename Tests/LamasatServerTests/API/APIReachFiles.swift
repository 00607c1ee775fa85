import Foundation
@testable import LamasatServer

/// Head-office records for the API route walk (`APIBranchReachTests`): the files part's path parameters.
extension APIReach {
    static func filesRecords(_ t: TestContext) async throws -> [String: (value: String, id: UUID)] {
        [:]
    }
}
