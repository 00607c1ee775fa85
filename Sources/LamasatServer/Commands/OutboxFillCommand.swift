import Fluent
import LamasatCore
import Vapor

/// `lamasat outbox-fill --count N`: testing only — queues N SMS messages with distinct idempotency keys, for the
/// delivery tests that stop the server mid-send or run two instances. Refused in production.
struct OutboxFillCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "count", help: "how many messages (1–100000)") var count: Int?
        @Option(name: "prefix", help: "idempotency key prefix (default fill)") var prefix: String?
        init() {}
    }

    var help: String { "Testing only: queues N SMS messages for delivery tests (never in production)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.lamasat.config.environment != .production else { throw CommandProblem("outbox-fill is refused in production") }
        guard let count = signature.count, (1...100_000).contains(count) else { throw CommandProblem("--count must be 1 to 100000") }
        let prefix = signature.prefix ?? "fill"
        let now = app.lamasat.clock.now()
        for start in stride(from: 0, to: count, by: 200) {
            try await app.db.writeTransaction { db in
                for index in start..<min(start + 200, count) {
                    try await Outbox.enqueue(Outbox.Draft(channel: .sms, recipient: "+966500000000", subject: "test", body: "رسالة اختبار \(index)",
                                                          idempotencyKey: "\(prefix)-\(index)", urgent: true), now: now, on: db)
                }
            }
        }
        context.console.print("queued \(count)")
    }
}
