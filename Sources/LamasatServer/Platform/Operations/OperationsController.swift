import Fluent
import SQLKit
import Vapor

/// `/healthz` for load balancers and `/metrics` for Prometheus.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz") { try await self.health(req: $0) }.declare(.public)
        routes.get("metrics") { try await self.metrics(req: $0) }.declare(.loopbackOr(.viewMetrics))
    }

    func health(req: Request) async throws -> Response {
        do {
            try await req.lamasat.storageHealth.check(on: req.db)
            return Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: "ok\n")
        } catch {
            req.logger.error("health check: the database cannot be reached or cannot save")
            return Response(status: .serviceUnavailable, headers: ["Content-Type": "text/plain; charset=utf-8"], body: "database unavailable\n")
        }
    }

    func metrics(req: Request) async throws -> Response {
        req.lamasat.metrics.setQueueDepth(try await JobQueue.queuedCount(on: req.db))
        return Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(string: req.lamasat.metrics.exposition()))
    }
}
