import Fluent
import LamasatCore
import Vapor

/// Who gets what: a message queued for her goes on her preferred channel, and not at all when she stopped
/// messages or gave no consent. The outbox's delivery (Platform) knows nothing of her file.
extension Outbox {
    struct Draft: Sendable {
        var channel: MessageChannel
        var recipient: String
        var subject: String
        var body: String
        /// The same key twice queues the message once (e.g. "ack:<request id>").
        var idempotencyKey: String
        var relatedType: String?
        var relatedID: String?
        var branchID: UUID?
        /// Urgent messages (a sign-in code) ignore quiet hours.
        var urgent = false
        /// The beneficiary it is for: her preferred channel and her "stop messages" apply.
        var beneficiaryID: UUID?
    }

    struct Route: Sendable { var channel: MessageChannel; var recipient: String; var skipped: String? }

    /// Where a draft would go and whether it would be skipped, without writing: what `enqueue` does, and what a
    /// preview shows before anything is sent.
    static func route(_ draft: Draft, on db: any Database) async throws -> Route {
        var route = Route(channel: draft.channel, recipient: draft.recipient)
        guard let beneficiaryID = draft.beneficiaryID, let file = try await Beneficiary.find(beneficiaryID, on: db) else { return route }
        let preference = try await MessagePreference.of(beneficiaryID, on: db)
        if preference?.optedOut == true { route.skipped = "opted out" } else if !file.consentGiven { route.skipped = "no consent" } else if
            draft.relatedType?.hasPrefix("survey") == true, try await ConsentLedger.allows(beneficiaryID, .surveys, on: db) == false {
            // A survey she no longer wants is not sent, even one invited before she said so.
            route.skipped = "no survey consent"
        }
        // Her preferred channel, when she can be reached on it.
        switch preference?.channel {
        case .whatsapp?: route.channel = .whatsapp
        case .email? where !file.email.isEmpty: (route.channel, route.recipient) = (.email, file.email)
        default: break
        }
        return route
    }

    /// Queues a message and its delivery job on `db` — pass the feature's transaction so both commit or neither.
    /// Returns the existing message when the idempotency key was used before.
    @discardableResult
    static func enqueue(_ draft: Draft, now: Date, on db: any Database) async throws -> OutboxMessage {
        if let existing = try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == draft.idempotencyKey).first() {
            return existing
        }
        let message = OutboxMessage()
        message.id = UUID()
        let route = try await route(draft, on: db)
        (message.channel, message.recipient) = (route.channel, route.recipient)
        let skipped = route.skipped
        message.subject = draft.subject
        message.body = draft.body
        message.status = .queued
        message.idempotencyKey = draft.idempotencyKey
        message.attempts = 0
        message.relatedType = draft.relatedType
        message.relatedID = draft.relatedID
        message.branchID = draft.branchID
        message.beneficiaryID = draft.beneficiaryID
        message.createdAt = now
        if let skipped {
            // Kept, so the file shows what was not sent and why; no delivery job.
            message.status = .skipped
            message.lastError = skipped
            try await message.create(on: db)
            return message
        }
        try await message.create(on: db)
        // A letter waits in the print queue (/letters) until staff print it and give it its outgoing number.
        if message.channel == .letter { return message }
        // Quiet hours are kept when the job runs (a retry too), under the settings of the process that sends.
        let id = try message.requireID().uuidString
        try await JobQueue.enqueue(deliverJob, payload: draft.urgent ? "\(id) \(urgentMark)" : id, now: now, on: db)
        return message
    }
}
