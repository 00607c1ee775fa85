import Fluent
import Foundation
import Vapor

/// Invented donors and the money they gave over 18 months, the aid approved from the funds, and its payment
/// batches (issue 18). Added once: nothing is added when donors exist already.
enum DemoMoney {
    static let months = 18

    /// A line for the console, or "" when the money was loaded before.
    static func load(branches: [String: UUID], now: Date, on app: Application) async throws -> String {
        guard try await Donor.query(on: app.db).count() == 0 else { return "" }
        let waiting = Set(try await OutboxMessage.query(on: app.db).filter(\.$status == .queued).all().compactMap(\.id))
        let donors = try await DemoDonors.load(branches: branches, officer: "demo.donors", now: now, on: app.db)
        let receipts = try await DemoReceipts.load(officer: "demo.donors", now: now, on: app.db)
        let commitments = try await DemoFunds.load(branches: branches, now: now, on: app.db)
        let batches = try await DemoPayments.load(maker: "demo.finance", checker: "demo.finance2", now: now, on: app)
        // The thanks and transfer messages this invented past queued were sent then, like the demo's other messages.
        for message in try await OutboxMessage.query(on: app.db).filter(\.$status == .queued).all() where !waiting.contains(message.id ?? UUID()) {
            message.status = .sent
            message.provider = message.channel == .email ? "smtp" : "sms-gateway"
            message.attempts = 1
            message.sentAt = message.createdAt.addingTimeInterval(60)
            try await message.save(on: app.db)
        }
        return "donors: \(donors.donors), donations: \(donors.donations), receipts: \(receipts), aid from funds: \(commitments), payment batches: \(batches)"
    }
}
