import Fluent
import Foundation
import Vapor

/// A provider's word on a message it sent: delivered, read or failed. Statuses only move forward — a late
/// "delivered" after "read" changes nothing, nor does "failed" after she received it.
enum DeliveryReceipts {
    enum Status: String, Sendable {
        case sent, delivered, read, failed

        /// The outbox status this receipt leads to, or nil when it says nothing new ("sent" we know already).
        var outboxStatus: OutboxMessage.Status? {
            switch self {
            case .sent: nil
            case .delivered: .delivered
            case .read: .read
            case .failed: .failed
            }
        }
    }

    /// How far along a message is; a receipt applies only when it moves further.
    static func rank(_ status: OutboxMessage.Status) -> Int {
        switch status {
        case .skipped: 99
        case .queued: 0
        case .sent: 1
        case .failed: 2
        case .delivered: 3
        case .read: 4
        }
    }

    /// Applies the receipt in the caller's transaction. Returns the message it updated, nil when the id is unknown
    /// or the receipt is not a step forward.
    static func apply(providerMessageID: String, status: Status, reason: String, at now: Date, logger: Logger, on db: any Database) async throws -> UUID? {
        // An SMS's id is our idempotency key, known before the send's answer is saved: a receipt may come first.
        guard let message = try await OutboxMessage.query(on: db).group(.or, { either in
            either.filter(\.$providerMessageID == providerMessageID)
            either.group(.and) { $0.filter(\.$idempotencyKey == providerMessageID).filter(\.$channel == .sms) }
        }).first() else {
            logger.notice("delivery receipt for an unknown message ignored", metadata: ["status": .string(status.rawValue)])
            return nil
        }
        guard let next = status.outboxStatus, rank(next) > rank(message.status) else { return nil }
        message.status = next
        switch next {
        case .delivered: message.deliveredAt = now
        case .read:
            message.readAt = now
            if message.deliveredAt == nil { message.deliveredAt = now }
        case .failed: message.lastError = String((reason.isEmpty ? "failed" : reason).prefix(300))
        default: break
        }
        try await message.save(on: db)
        return try message.requireID()
    }
}
