import Prometheus
import Vapor

/// Prometheus metrics of this process: request counts and latencies per route pattern, and the job queue depth.
/// Kept in a registry of the application's own (not the global metrics system) so each test app starts at zero.
struct AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    private nonisolated(unsafe) static let requests = MetricNameDescriptor(
        namespace: "lamasat", metricName: "http_requests", unitName: "total",
        helpText: "HTTP requests by method, route and status")
    private nonisolated(unsafe) static let latency = MetricNameDescriptor(
        namespace: "lamasat", metricName: "http_request_duration", unitName: "seconds",
        helpText: "HTTP request latency by method and route")
    private nonisolated(unsafe) static let queueDepth = MetricNameDescriptor(
        namespace: "lamasat", metricName: "jobs_queued", unitName: "count",
        helpText: "Background jobs waiting to run")
    private static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
    ]

    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: Self.latency, labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    func setQueueDepth(_ depth: Int) {
        registry.makeGauge(descriptor: Self.queueDepth).set(Double(depth))
    }

    func exposition() -> String { registry.emitToString() }
}

/// Measures every request and logs one line without personal data: method, route pattern (never the raw path or
/// query, which may carry names or IDs), status and duration.
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            record(request, status: (error as? any AbortError)?.status.code ?? 500, since: start)
            throw error
        }
        record(request, status: Int(response.status.code), since: start)
        return response
    }

    private func record(_ request: Request, status: some BinaryInteger, since start: ContinuousClock.Instant) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let elapsed = ContinuousClock.now - start
        request.lamasat.metrics.recordRequest(
            method: request.method.rawValue, route: route, status: Int(status), duration: elapsed)
        request.logger.info(
            "request", metadata: ["method": .string(request.method.rawValue), "route": .string(route),
                                  "status": .stringConvertible(Int(status)), "ms": .stringConvertible(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)])
    }
}
