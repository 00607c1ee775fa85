import Testing
@testable import LamasatServer

@Suite("The benchmark's ceiling page", .serialized)
struct BenchmarkCeilingTests {
    @Test("without LAMASAT_BENCHMARK_CEILING there is no ceiling route: 404")
    func absentByDefault() async throws {
        #expect(try AppConfig.load(from: [:]).benchmarkCeiling == false)
        try await withLamasat { t in
            let page = try await t.browser().get("/_benchmark/ceiling")
            #expect(page.status == .notFound)
        }
    }

    @Test("with LAMASAT_BENCHMARK_CEILING=1 it lists the branches without signing in, outside the layout")
    func presentWhenAsked() async throws {
        #expect(try AppConfig.load(from: ["LAMASAT_BENCHMARK_CEILING": "1"]).benchmarkCeiling)
        try await withLamasat(config: { $0.benchmarkCeiling = true }) { t in
            let page = try await t.browser().get("/_benchmark/ceiling")
            #expect(page.status == .ok)
            #expect(page.contains("<td>HQ</td>"))
            #expect(!page.contains("app.css"))
        }
    }
}
