import Fluent
import Vapor

/// `/_benchmark/ceiling`: one small Fluent query rendered by a tiny Leaf template without the layout — the most a
/// page of this stack can give on this machine, measured beside the real pages by `Benchmarks/pages.sh`.
/// Registered only when LAMASAT_BENCHMARK_CEILING is set, so a deployment never serves it.
struct BenchmarkCeilingController: RouteCollection {
    struct Row: Encodable { let code: String; let name: String; let city: String }
    struct CeilingView: Encodable { let rows: [Row] }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("_benchmark", "ceiling") { try await self.ceiling(req: $0) }.declare(.public)
    }

    func ceiling(req: Request) async throws -> View {
        let branches = try await Branch.query(on: req.db).sort(\.$code).limit(25).all()
        return try await req.render("benchmark/ceiling", CeilingView(rows: branches.map { Row(code: $0.code, name: $0.nameArabic, city: $0.city) }))
    }
}
