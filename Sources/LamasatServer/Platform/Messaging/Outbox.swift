import Fluent
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
        if OutboxMessage.codeKinds.contains(message.relatedType ?? "") {
            logger?.notice("development outbox: code for \(message.recipient): \(message.body)")
        }
    }
}

enum Outbox {
    static let deliverJob = "outbox.deliver"
    /// After the message id in a delivery job's payload: the message goes in quiet hours too.
    static let urgentMark = "urgent"

    /// The job handler: sends a queued message once. A message already sent is left alone, so a job that runs
    /// again after a crash does not send twice.
    static func deliver(_ context: JobContext) async throws {
        let payload = context.job.payload.split(separator: " ")
        guard let id = payload.first.flatMap({ UUID(uuidString: String($0)) }),
              let message = try await OutboxMessage.find(id, on: context.db)
        else { return }
        guard message.status == .queued else { return }
        let services = context.application.lamasat
        let now = services.clock.now()
        let allowed = QuietHours.nextAllowed(after: now, urgent: payload.contains(Substring(urgentMark)),
                                             start: services.messaging.quietStart, end: services.messaging.quietEnd)
        if allowed > now { throw JobPostponed(until: allowed) }
        message.attempts += 1
        let provider = (services.messageProvider as? RoutedProvider)?.provider(for: message) ?? services.messageProvider
        do {
            try await provider.send(message)
            message.provider = provider.name
            message.sentAt = services.clock.now()
            message.lastError = nil
            try await message.save(on: context.db)
            // A receipt may have come while the provider's answer was awaited: "sent" replaces only "queued".
            try await OutboxMessage.query(on: context.db).filter(\.$id == id).filter(\.$status == .queued).set(\.$status, to: .sent).update()
            message.status = try await OutboxMessage.find(id, on: context.db)?.status ?? .sent
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
