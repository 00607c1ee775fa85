import Fluent
import LamasatCore
import Vapor

/// Contacts on the volunteer-service channel ([P-16] channel 6) carried by a volunteer. The coordinator sees how
/// many, never the contacts: they belong to beneficiaries' files.
enum VolunteerServiceContacts {
    static func count(for volunteerID: UUID, on db: any Database) async throws -> Int {
        try await Contact.query(on: db).filter(\.$volunteerID == volunteerID).filter(\.$channel == .volunteerService).count()
    }

    /// The active volunteers a contact of `branch` may name.
    static func choices(branch: UUID, on db: any Database) async throws -> [Volunteer] {
        try await Volunteer.query(on: db).filter(\.$branchID == branch).filter(\.$status == .active).sort(\.$name).all()
    }
}
