import Vapor

/// Every route of this part of issue 18: donors, their gifts, pledges and yearly statements.
struct DonorRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: DonorsController())
        try routes.register(collection: DonationsController())
        try routes.register(collection: PledgesController())
        try routes.register(collection: DonorStatementController())
    }
}
