import Vapor

/// Volunteer records, their status and pledges, and the pledge texts (issue 17, part A), registered together so that
/// routes.swift names them once.
struct VolunteerRecordsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: VolunteersListController())
        try routes.register(collection: VolunteerRecordController())
        try routes.register(collection: VolunteerStatusController())
        try routes.register(collection: VolunteerPledgeController())
        try routes.register(collection: VolunteerTextsController())
    }
}
