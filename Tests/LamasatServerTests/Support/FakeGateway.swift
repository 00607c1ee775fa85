import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A provider's HTTP endpoint on loopback for the tests: it records every request, answers as told (success, 4xx,
/// 5xx or never), and, like a real gateway honouring `Idempotency-Key`, delivers each key once.
final class FakeGateway: @unchecked Sendable {
    enum Mode: Sendable { case ok, badRequest, serverError, hang }
    struct Received: Sendable { let path: String; let headers: HTTPHeaders; let body: String }

    let app: Application
    private let state = NIOLockedValueBox<(mode: Mode, received: [Received], delivered: [String: Int], hanging: [EventLoopPromise<Response>])>(
        (.ok, [], [:], []))
    private(set) var port = 0

    private init(app: Application) { self.app = app }

    static func start() async throws -> FakeGateway {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let fake = FakeGateway(app: app)
        app.routes.defaultMaxBodySize = "1mb"
        app.post("**") { req -> EventLoopFuture<Response> in fake.handle(req) }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        fake.port = app.http.server.shared.localAddress?.port ?? 0
        return fake
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var received: [Received] { state.withLockedValue { $0.received } }
    /// How many times each idempotency key reached the fake's "recipients".
    var deliveries: [String: Int] { state.withLockedValue { $0.delivered } }
    func answer(_ mode: Mode) { state.withLockedValue { $0.mode = mode } }

    private func handle(_ req: Request) -> EventLoopFuture<Response> {
        let body = req.body.string ?? ""
        let key = req.headers.first(name: "Idempotency-Key") ?? UUID().uuidString
        let mode = state.withLockedValue { state -> Mode in
            state.received.append(Received(path: req.url.path, headers: req.headers, body: body))
            if state.mode == .ok, state.delivered[key] == nil { state.delivered[key] = 1 }
            return state.mode
        }
        switch mode {
        case .ok: return req.eventLoop.makeSucceededFuture(Response(status: .accepted, body: .init(string: #"{"status":"accepted"}"#)))
        case .badRequest: return req.eventLoop.makeSucceededFuture(Response(status: .badRequest, body: .init(string: "invalid recipient")))
        case .serverError: return req.eventLoop.makeSucceededFuture(Response(status: .serviceUnavailable))
        case .hang:
            let promise = req.eventLoop.makePromise(of: Response.self)
            state.withLockedValue { $0.hanging.append(promise) }
            return promise.futureResult
        }
    }

    func stop() async throws {
        for promise in state.withLockedValue({ $0.hanging }) { promise.succeed(Response(status: .gatewayTimeout)) }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}
