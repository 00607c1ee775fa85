import Vapor

/// Every route of this part of issue 18.
struct PaymentRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: PaymentBatchesController())
    }
}
