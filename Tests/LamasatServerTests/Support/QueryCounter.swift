import Logging
import NIOConcurrencyHelpers
import Vapor
@testable import LamasatServer

/// Counts the SQL statements of the last request a test sent. Both drivers log each statement as "Executing query"
/// through the logger of the request that runs it; this middleware gives each request a counting logger of its own.
/// Statements logged through any other logger are left out: in a transaction SQLite logs through the logger of
/// whichever request or job opened the pooled connection, and the audit rows' group commit and the job worker log
/// through the application's — counting those would make the numbers depend on timing.
final class QueryCounter: Sendable {
    private let state = NIOLockedValueBox<(request: UUID?, count: Int, statements: [String])>((nil, 0, []))

    var count: Int { state.withLockedValue { $0.count } }
    var statements: [String] { state.withLockedValue { $0.statements } }

    func reset() { state.withLockedValue { $0 = (nil, 0, []) } }

    /// Installs the counter in front of every other middleware of `app`.
    func install(in app: Application) {
        app.middleware.use(Middleware(counter: self), at: .beginning)
    }

    private func begin(_ request: UUID) { state.withLockedValue { $0 = (request, 0, []) } }

    fileprivate func record(_ sql: String, from request: UUID) {
        state.withLockedValue {
            guard $0.request == request else { return }
            $0.count += 1
            $0.statements.append(sql)
        }
    }

    private struct Middleware: AsyncMiddleware {
        let counter: QueryCounter
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let id = UUID()
            counter.begin(id)
            let counter = self.counter
            var logger = Logger(label: "query-counter") { _ in Handler(counter: counter, request: id) }
            logger.logLevel = .trace
            request.logger = logger
            return try await next.respond(to: request)
        }
    }

    private struct Handler: LogHandler {
        let counter: QueryCounter
        let request: UUID
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "Executing query" else { return }
            counter.record(event.metadata?["sql"]?.description ?? "?", from: request)
        }
    }
}
