import Foundation
@testable import LamasatServer

/// Head-office records for the API route walk (`APIBranchReachTests`): the requests and relations part's path parameters.
extension APIReach {
    static func requestsRecords(_ t: TestContext) async throws -> [String: (value: String, id: UUID)] {
        [:]
    }
}
