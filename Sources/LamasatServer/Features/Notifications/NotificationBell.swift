import Vapor

/// Counts her unread notices for the bell of a staff page: only for a signed-in GET (pages; a form's POST redirects
/// to one), one indexed COUNT.
struct NotificationBellMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .GET, let staff = request.staff, !staff.user.mustChangePassword {
            request.unreadNotices = try await StaffNotifications.unreadCount(of: staff.userID, on: request.db)
        }
        return try await next.respond(to: request)
    }
}
