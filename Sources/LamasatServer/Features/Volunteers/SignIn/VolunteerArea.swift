import Vapor

/// Thrown by a page of the volunteer area when nobody is signed in to it; `VolunteerSessionMiddleware` turns it into
/// a redirect to `/v/signin` (a form posted without a session gets 401).
struct VolunteerSignInRequired: Error {}

extension Request {
    /// The signed-in volunteer, for the pages of her area (declared `.public`: staff and portal sessions never count).
    func volunteerOrSignIn() throws -> VolunteerContext {
        guard let volunteer else { throw VolunteerSignInRequired() }
        return volunteer
    }
}
