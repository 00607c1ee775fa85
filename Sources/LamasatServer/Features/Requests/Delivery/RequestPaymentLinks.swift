import Fluent
import Foundation
import Vapor

/// What the payments feature adds to a request (issue 18), registered at start-up so that requests never name it:
/// the bank transfers of the request's approved aid, each with its batch, amount and state (a failed one with its
/// reason), for the request's page.
protocol RequestPaymentLink: Sendable {
    func transfers(for requestID: UUID, req: Request) async throws -> [String]
}

extension Application {
    private struct RequestPaymentLinksKey: StorageKey { typealias Value = Registry<any RequestPaymentLink> }

    var requestPaymentLinks: Registry<any RequestPaymentLink> { registry(RequestPaymentLinksKey.self) }
}

extension Registry where Element == any RequestPaymentLink {
    func transfers(for requestID: UUID, req: Request) async throws -> [String] {
        var found: [String] = []
        for link in all { found += try await link.transfers(for: requestID, req: req) }
        return found
    }
}
