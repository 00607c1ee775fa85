import Vapor

/// Every route of this part of issue 18.
struct FundRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
    }
}
