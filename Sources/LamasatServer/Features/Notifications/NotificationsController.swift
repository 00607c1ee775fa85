import Fluent
import LamasatCore
import SQLKit
import Vapor

/// Her notices: the list (unread first), marking one or all read, and her e-mail choices per kind. Each notice links
/// to its record, whose own page checks her permission again; a notice names nothing but a number.
struct NotificationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notices = routes.grouped("notifications")
        notices.get { try await self.index(req: $0) }.declare(.signedIn)
        notices.post("read-all") { try await self.readAll(req: $0) }.declare(.signedIn)
        notices.post(":notificationID", "read") { try await self.read(req: $0) }.declare(.signedIn)
        let preferences = routes.grouped("account", "notifications")
        preferences.get { try await NotificationPreferencesPage.show(req: $0) }.declare(.signedIn)
        preferences.post { try await NotificationPreferencesPage.save(req: $0) }.declare(.signedIn)
    }

    struct Row: Encodable {
        let id: String
        let kind: String
        let reference: String
        let link: String
        let time: String
        let unread: Bool
    }

    struct ListView: Encodable {
        let page: PageContext
        let rows: [Row]
        let unreadOnly: Bool
        let hasUnread: Bool
        let paging: Paging
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let unreadOnly = req.query[String.self, at: "show"] == "unread"
        let page = Paging.requestedPage(req), size = Paging.defaultSize
        let onlyUnread = unreadOnly ? SQLQueryString(" AND read_at IS NULL") : SQLQueryString("")
        let total = try await req.db.sql.raw("""
            SELECT COUNT(*) AS n FROM staff_notifications WHERE user_id = \(bind: staff.userID)\(onlyUnread)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        // Unread first, each part newest first; the (user, read, created) index serves both.
        let notices = try await req.db.sql.raw("""
            SELECT * FROM staff_notifications WHERE user_id = \(bind: staff.userID)\(onlyUnread)
            ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC LIMIT \(bind: size) OFFSET \(bind: (page - 1) * size)
            """).all(decodingFluent: StaffNotification.self)
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("notifications/index", ListView(
            page: PageContext(req, title: req.t("notifications.title")),
            rows: try notices.map { notice in
                Row(id: try notice.requireID().uuidString, kind: req.t(notice.kind.localizationKey), reference: notice.reference, link: notice.link,
                    time: formatter.dateTime(notice.createdAt).combined, unread: notice.readAt == nil)
            },
            unreadOnly: unreadOnly, hasUnread: (req.unreadNotices ?? 0) > 0,
            paging: Paging(req, total: total, page: page, path: "/notifications", filters: ["show": unreadOnly ? "unread" : ""])))
    }

    /// Only her own notice: another's id is "not found", as if it did not exist.
    func read(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("notificationID", as: UUID.self),
              let notice = try await StaffNotification.query(on: req.db).filter(\.$id == id).filter(\.$userID == staff.userID).first()
        else { throw Abort(.notFound) }
        if notice.readAt == nil {
            notice.readAt = req.now
            try await notice.save(on: req.db)
        }
        // "Open" reads it and goes to the record; "mark read" stays on the list.
        if req.content[String.self, at: "open"] == "1" { return req.redirect(to: notice.link) }
        return req.redirect(to: "/notifications?done=notificationRead")
    }

    func readAll(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        try await StaffNotification.query(on: req.db).filter(\.$userID == staff.userID).filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
        return req.redirect(to: "/notifications?done=notificationsRead")
    }
}
