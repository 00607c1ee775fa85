import Vapor

/// Every route of this part of issue 18: the funds and their ledgers, the administrator's funds and zakat
/// categories, and the in-kind stock.
struct FundRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: FundsController())
        try routes.register(collection: FundAdminController())
        try routes.register(collection: StockController())
    }
}
