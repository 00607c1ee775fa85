import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The one way a feature tells staff something: called inside the feature's own transaction, so the notice exists
/// exactly when the change it reports does. This feature names no other; the others name it.
enum StaffNotifications {
    /// What happened, as a notice shows it: a number and a link, never a name.
    struct Event: Sendable {
        let kind: NotificationKind
        let reference: String
        let link: String
        let branchID: UUID?
        /// Names this occurrence (e.g. "complaint:<id>:escalated"); with the person it is the notice's dedupe key.
        let key: String
    }

    static let emailJob = "notifications.email"

    /// Tells each of `users` once per event (a second call with the same event and person changes nothing), except
    /// the one who caused it. Queues the e-mail of those who want it at once, as a job in the same transaction.
    static func notify(_ event: Event, users: [UUID], except actor: UUID? = nil, now: Date, on db: any Database) async throws {
        var people = Set(users).subtracting(actor.map { [$0] } ?? [])
        guard !people.isEmpty else { return }
        // A case opened from the website or by a webhook names no staff member as its author (PublicCasesController.website,
        // InboundRouter.gatewayActor): only real staff get a notice, or the insert fails its reference and the reply is lost.
        people.formIntersection(try await StaffUser.query(on: db).filter(\.$id ~~ people).all().map { try $0.requireID() })
        guard !people.isEmpty else { return }
        let chosen = try await NotificationPreference.query(on: db).filter(\.$kind == event.kind).filter(\.$userID ~~ people).all()
        for user in people.sorted(by: { $0.uuidString < $1.uuidString }) {
            let id = UUID()
            let inserted = try await db.sql.raw("""
                INSERT INTO staff_notifications (id, user_id, kind, reference, link, branch_id, created_at, dedupe_key)
                VALUES (\(bind: id), \(bind: user), \(bind: event.kind.rawValue), \(bind: String(event.reference.prefix(40))), \(bind: event.link),
                        \(bind: event.branchID), \(bind: now), \(bind: "\(event.key):\(user.uuidString)"))
                ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                """).all()
            let mode = chosen.first { $0.userID == user }?.email ?? event.kind.defaultEmail
            if !inserted.isEmpty, mode == .immediate {
                try await JobQueue.enqueue(emailJob, payload: id.uuidString, now: now, on: db)
            }
        }
    }

    /// Active staff holding `permission`: those working in `branch`, or with `reach` also those whose branch scope
    /// includes it (managers over every branch).
    static func staff(holding permission: Permission, branch: UUID, reach: Bool = false, on db: any Database) async throws -> [UUID] {
        let roles = Role.allCases.filter { RolePermissions.allows($0, permission) }
        guard !roles.isEmpty else { return [] }
        return try await StaffUser.query(on: db).filter(\.$isActive == true).filter(\.$role ~~ roles).all()
            .filter { reach ? $0.scope.permits(recordBranch: branch, userBranch: $0.$branch.id) : $0.$branch.id == branch }
            .compactMap(\.id)
    }

    /// The bell's number: one count on the (user, read) index.
    static func unreadCount(of userID: UUID, on db: any Database) async throws -> Int {
        try await StaffNotification.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil).count()
    }
}
