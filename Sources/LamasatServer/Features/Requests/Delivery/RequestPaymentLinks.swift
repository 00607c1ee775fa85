import Fluent
import Foundation
import Vapor

/// What the payments feature adds to a request (issue 18), registered at start-up so that requests never name it:
/// the bank transfers of the request's approved aid, each with its batch, amount and state (a failed one with its
/// reason), for the request's page.
protocol RequestPaymentLink: Sendable {
    func transfers(for requestID: UUID, req: Request) async throws -> [String]
    /// A transfer of the request is in a bank batch that has not come back yet.
    func hasPendingTransfer(requestID: UUID, on db: any Database) async throws -> Bool
    /// The request was cancelled: what was held for it and not paid is released, inside the caller's transaction.
    /// Returns how many holds were released.
    func requestCancelled(_ requestID: UUID, now: Date, on db: any Database) async throws -> Int
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

    func hasPendingTransfer(requestID: UUID, on db: any Database) async throws -> Bool {
        for link in all where try await link.hasPendingTransfer(requestID: requestID, on: db) { return true }
        return false
    }

    func requestCancelled(_ requestID: UUID, now: Date, on db: any Database) async throws -> Int {
        var released = 0
        for link in all { released += try await link.requestCancelled(requestID, now: now, on: db) }
        return released
    }
}
