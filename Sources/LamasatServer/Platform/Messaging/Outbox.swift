import Fluent
import NIOConcurrencyHelpers
import LamasatCore
import Vapor

/// Sends a message somewhere. It throws `DeliveryFailure.permanent` when retrying cannot help and anything else
/// (`DeliveryFailure.transient`, network errors) when a later try may succeed.
protocol MessageProvider: Sendable {
    var name: String { get }
    func send(_ message: OutboxMessage) async throws
}

/// Records what would be sent; the admin outbox page shows it. In development it also prints a portal sign-in code
/// to the console, since the outbox page hides codes and there is no phone to receive them.
struct DevelopmentProvider: MessageProvider {
    let name = "development"
    var logger: Logger?

    func send(_ message: OutboxMessage) async throws {
        if ["portal_code", SurveyPaperCode.messageKind].contains(message.relatedType ?? "") {
            logger?.notice("development outbox: code for \(message.recipient): \(message.body)")
        }
    }
}

enum Outbox {
    static let deliverJob = "outbox.deliver"

    /// The quiet hours of this process, set once at start from the messaging settings.
    static let quietHours = NIOLockedValueBox((start: QuietHours.startHour, end: QuietHours.endHour))

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

    /// Queues a message and its delivery job on `db` — pass the feature's transaction so both commit or neither.
    /// Returns the existing message when the idempotency key was used before.
    @discardableResult
    static func enqueue(_ draft: Draft, now: Date, on db: any Database) async throws -> OutboxMessage {
        if let existing = try await OutboxMessage.query(on: db).filter(\.$idempotencyKey == draft.idempotencyKey).first() {
            return existing
        }
        let message = OutboxMessage()
        message.id = UUID()
        message.channel = draft.channel
        message.recipient = draft.recipient
        var skipped: String?
        if let beneficiaryID = draft.beneficiaryID, let file = try await Beneficiary.find(beneficiaryID, on: db) {
            let preference = try await MessagePreference.of(beneficiaryID, on: db)
            if preference?.optedOut == true { skipped = "opted out" } else if !file.consentGiven { skipped = "no consent" }
            // Her preferred channel, when she can be reached on it.
            switch preference?.channel {
            case .whatsapp?: message.channel = .whatsapp
            case .email? where !file.email.isEmpty:
                message.channel = .email
                message.recipient = file.email
            default: break
            }
        }
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
        try await JobQueue.enqueue(deliverJob, payload: message.id!.uuidString, runAt: QuietHours.nextAllowed(after: now, urgent: draft.urgent, start: quietHours.withLockedValue { $0.start },
                                                                                         end: quietHours.withLockedValue { $0.end }),
                                   now: now, on: db)
        return message
    }

    /// The job handler: sends a queued message once. A message already sent is left alone, so a job that runs
    /// again after a crash does not send twice.
    static func deliver(_ context: JobContext) async throws {
        guard let id = UUID(uuidString: context.job.payload),
              let message = try await OutboxMessage.find(id, on: context.db)
        else { return }
        guard message.status == .queued else { return }
        let services = context.application.lamasat
        message.attempts += 1
        let provider = (services.messageProvider as? RoutedProvider)?.provider(for: message) ?? services.messageProvider
        do {
            try await provider.send(message)
            message.status = .sent
            message.provider = provider.name
            message.sentAt = services.clock.now()
            message.lastError = nil
            try await message.save(on: context.db)
        } catch let failure as DeliveryFailure where failure.isPermanent {
            // Refused for good (a wrong number, a rejected template): failed now, without retries.
            message.status = .failed
            message.provider = provider.name
            message.lastError = String(failure.reason.prefix(300))
            try await message.save(on: context.db)
        } catch {
            message.lastError = String(((error as? DeliveryFailure)?.reason ?? String(describing: error)).prefix(300))
            if context.job.attempts >= context.job.maxAttempts { message.status = .failed }
            try await message.save(on: context.db)
            throw error
        }
    }
}
