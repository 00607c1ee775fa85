import Foundation
import LamasatAPI
import LamasatCore
import OpenAPIVapor
import Vapor

/// Mounts the generated API at /api/v1, the contract beside it, and declares each operation's access from
/// `APIAccess.table`. An operation missing from the table keeps no declaration, so the access gate refuses it.
enum APIRoutes {
    static let base = ["api", "v1"]

    static func register(_ app: Application) throws {
        let contract = try Data(contentsOf: URL(fileURLWithPath: app.directory.resourcesDirectory + "API/openapi.json"))
        app.get("api", "v1", "openapi.json") { _ in
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
            return Response(status: .ok, headers: headers, body: .init(data: contract))
        }.declare(.public)

        let transport = VaporTransport(routesBuilder: app)
        try LamasatAPIService().registerHandlers(on: transport, serverURL: URL(string: "/" + base.joined(separator: "/"))!)
        for route in app.routes.all where route.access == nil {
            guard let key = operationKey(route), let access = APIAccess.table[key] else { continue }
            route.declare(access)
        }
    }

    /// "GET /beneficiaries/{id}" for the route of that operation: the spec's own spelling of it.
    static func operationKey(_ route: Route) -> String? {
        let parts = route.path.map(\.description)
        guard parts.count > base.count, Array(parts.prefix(base.count)) == base else { return nil }
        let path = parts.dropFirst(base.count).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
        return "\(route.method.rawValue) /\(path)"
    }
}

/// The generated server's handlers. Each part of the API adds its operations in an extension in its own folder.
struct LamasatAPIService: APIProtocol {}

/// What each operation needs, by its method and path as the contract spells them. The token's scopes narrow the
/// integration's role, so a permission named here is refused (403) to a token without the scope that grants it.
enum APIAccess {
    static let table: [String: Access] = integration.merging(files) { $1 }.merging(requests) { $1 }

    static let integration: [String: Access] = [
        "GET /me": .api(nil),
    ]
}
