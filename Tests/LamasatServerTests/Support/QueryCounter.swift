import Logging
import NIOConcurrencyHelpers
import Vapor
@testable import LamasatServer

/// Counts the SQL statements the requests of a test run. Both drivers log each statement as "Executing query"
/// through the logger of the request that runs it; this middleware points that logger at a counter.
/// Audit rows written by the group-commit writer go through the application's logger and are not counted.
final class QueryCounter: Sendable {
    private let state = NIOLockedValueBox<(count: Int, statements: [String])>((0, []))

    var count: Int { state.withLockedValue { $0.count } }
    var statements: [String] { state.withLockedValue { $0.statements } }

    func reset() { state.withLockedValue { $0 = (0, []) } }

    fileprivate func record(_ sql: String) { state.withLockedValue { $0.count += 1; $0.statements.append(sql) } }

    /// Installs the counter in front of every other middleware of `app`.
    func install(in app: Application) {
        app.middleware.use(Middleware(counter: self), at: .beginning)
    }

    private struct Middleware: AsyncMiddleware {
        let counter: QueryCounter
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let counter = self.counter
            var logger = Logger(label: "query-counter") { _ in Handler(counter: counter) }
            logger.logLevel = .trace
            request.logger = logger
            return try await next.respond(to: request)
        }
    }

    private struct Handler: LogHandler {
        let counter: QueryCounter
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            guard message.description == "Executing query" else { return }
            counter.record(metadata?["sql"]?.description ?? "?")
        }
    }
}
