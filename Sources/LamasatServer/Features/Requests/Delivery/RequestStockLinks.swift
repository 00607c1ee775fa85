import Fluent
import Foundation
import Vapor

/// What the in-kind stock (issue 18) adds to a delivery, registered at start-up so that requests never name it:
/// the items the delivery form may take from the branch's stock, and the issue written with the delivery.
protocol RequestStockLink: Sendable {
    /// The active items, each with the branch's balance.
    func choices(branchID: UUID, selected: String, req: Request) async throws -> [FormField.Option]
    /// Takes `quantity` of the item out of the branch's stock for `delivery`, inside the caller's transaction (which
    /// has already written). A localized refusal when the stock is short, or nil.
    func issue(itemID: UUID, quantity: Int, delivery: ServiceDelivery, branchID: UUID, req: Request, on db: any Database) async throws -> String?
}

extension Application {
    private struct RequestStockLinksKey: StorageKey { typealias Value = Registry<any RequestStockLink> }

    var requestStockLinks: Registry<any RequestStockLink> { registry(RequestStockLinksKey.self) }
}

/// The stock refused the delivery: the transaction is undone and the form comes back with the message.
struct StockRefused: Error { let message: String }

extension Registry where Element == any RequestStockLink {
    func choices(branchID: UUID, selected: String, req: Request) async throws -> [FormField.Option]? {
        guard let link = all.first else { return nil }
        return try await link.choices(branchID: branchID, selected: selected, req: req)
    }

    /// Throws `StockRefused` when the branch's stock is short.
    func issue(itemID: UUID, quantity: Int, delivery: ServiceDelivery, branchID: UUID, req: Request, on db: any Database) async throws {
        guard let link = all.first else { return }
        if let message = try await link.issue(itemID: itemID, quantity: quantity, delivery: delivery, branchID: branchID, req: req, on: db) {
            throw StockRefused(message: message)
        }
    }
}
