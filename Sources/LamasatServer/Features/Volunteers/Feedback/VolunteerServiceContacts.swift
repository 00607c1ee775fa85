import Fluent
import LamasatCore
import Vapor

/// Contacts on the volunteer-service channel ([P-16] channel 6) carried by a volunteer. The coordinator sees how
/// many, never the contacts: they belong to beneficiaries' files. Registered as the contacts' directory of volunteers.
struct VolunteerServiceContacts: ContactVolunteerDirectory {
    static func count(for volunteerID: UUID, on db: any Database) async throws -> Int {
        try await Contact.query(on: db).filter(\.$volunteerID == volunteerID).filter(\.$channel == .volunteerService).count()
    }

    /// The active volunteers a contact of `branch` may name.
    func choices(branch: UUID, on db: any Database) async throws -> [ContactVolunteer] {
        try await Volunteer.query(on: db).filter(\.$branchID == branch).filter(\.$status == .active).sort(\.$name).all()
            .map { ContactVolunteer(id: try $0.requireID(), label: Self.label($0)) }
    }

    func labels(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        try await Volunteer.query(on: db).filter(\.$id ~~ ids).all().reduce(into: [:]) { $0[try $1.requireID()] = Self.label($1) }
    }

    private static func label(_ volunteer: Volunteer) -> String { "\(volunteer.name) (\(volunteer.number))" }
}
