import Vapor

/// The signed-in volunteer, from the volunteer area's own cookie and session table. A volunteer session never
/// satisfies a staff or portal route, and neither of those satisfies hers.
struct VolunteerContext: Sendable {
    let volunteer: Volunteer
    let sessionID: UUID

    /// Her record was loaded from the database with the session, so it has an id.
    var volunteerID: UUID { volunteer.id! }
}

extension Request {
    private struct VolunteerKey: StorageKey {
        typealias Value = VolunteerContext
    }

    var volunteer: VolunteerContext? {
        get { storage[VolunteerKey.self] }
        set { storage[VolunteerKey.self] = newValue }
    }

    func requireVolunteer() throws -> VolunteerContext {
        guard let volunteer else { throw Abort(.unauthorized) }
        return volunteer
    }
}
