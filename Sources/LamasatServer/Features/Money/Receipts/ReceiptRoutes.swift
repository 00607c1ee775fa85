import Vapor

/// Every route of this part of issue 18: receipts, the donor's public receipt link, and the money reports.
struct ReceiptRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: ReceiptsController())
        try routes.register(collection: ReceiptPublicController())
        try routes.register(collection: MoneyReportsController())
    }
}
