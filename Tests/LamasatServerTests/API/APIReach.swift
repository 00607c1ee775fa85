import Foundation
@testable import LamasatServer

/// The records of the head office that the API route walk probes from another branch, by path parameter name.
/// Each part of the API fills its own function; the walk merges them.
enum APIReach {
    static func records(_ t: TestContext) async throws -> [String: (value: String, id: UUID)] {
        try await filesRecords(t).merging(requestsRecords(t)) { $1 }
    }
}
