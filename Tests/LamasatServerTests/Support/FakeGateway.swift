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
    /// What GET answers per path: the Graph API's media description and the media's bytes.
    private let files = NIOLockedValueBox<[String: (type: String, bytes: [UInt8])]>([:])
    private(set) var port = 0

    private init(app: Application) { self.app = app }

    static func start() async throws -> FakeGateway {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let fake = FakeGateway(app: app)
        app.routes.defaultMaxBodySize = "1mb"
        app.post("**") { req -> EventLoopFuture<Response> in fake.handle(req) }
        app.get("**") { req -> Response in fake.serveFile(req) }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        fake.port = app.http.server.shared.localAddress?.port ?? 0
        return fake
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var received: [Received] { state.withLockedValue { $0.received } }
    /// How many times each idempotency key reached the fake's "recipients".
    var deliveries: [String: Int] { state.withLockedValue { $0.delivered } }
    func answer(_ mode: Mode) { state.withLockedValue { $0.mode = mode } }
    /// Serves `bytes` on GET `path` (404 for other paths), with the bearer token it then expects.
    func serve(_ path: String, type: String, bytes: [UInt8]) { files.withLockedValue { $0[path] = (type, bytes) } }

    private func serveFile(_ req: Request) -> Response {
        state.withLockedValue { $0.received.append(Received(path: req.url.path, headers: req.headers, body: "")) }
        guard let file = files.withLockedValue({ $0[req.url.path] }) else { return Response(status: .notFound) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.type)
        return Response(status: .ok, headers: headers, body: .init(data: Data(file.bytes)))
    }

    private func handle(_ req: Request) -> EventLoopFuture<Response> {
        let body = req.body.string ?? ""
        let key = req.headers.first(name: "Idempotency-Key") ?? UUID().uuidString
        let mode = state.withLockedValue { state -> Mode in
            state.received.append(Received(path: req.url.path, headers: req.headers, body: body))
            if state.mode == .ok, state.delivered[key] == nil { state.delivered[key] = 1 }
            return state.mode
        }
        switch mode {
        // WhatsApp's answer names its message id, which its receipts use.
        case .ok: return req.eventLoop.makeSucceededFuture(Response(status: .accepted, body: .init(string: #"{"status":"accepted","messages":[{"id":"wamid.\#(key)"}]}"#)))
        case .badRequest: return req.eventLoop.makeSucceededFuture(Response(status: .badRequest, body: .init(string: "invalid recipient")))
        case .serverError: return req.eventLoop.makeSucceededFuture(Response(status: .serviceUnavailable))
        case .hang:
            let promise = req.eventLoop.makePromise(of: Response.self)
            state.withLockedValue { $0.hanging.append(promise) }
            return promise.futureResult
        }
    }

    /// Answers the requests held in `.hang` as accepted: the provider took them after all.
    func releaseAccepted() {
        for promise in state.withLockedValue({ state in defer { state.hanging = [] }; return state.hanging }) {
            promise.succeed(Response(status: .accepted, body: .init(string: #"{"status":"accepted"}"#)))
        }
    }

    func stop() async throws {
        for promise in state.withLockedValue({ $0.hanging }) { promise.succeed(Response(status: .gatewayTimeout)) }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}
