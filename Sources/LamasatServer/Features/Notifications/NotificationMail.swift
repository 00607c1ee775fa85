import Fluent
import LamasatCore
import Vapor

/// E-mail to staff through the outbox (retries, quiet hours, SMTP): only to those who gave an address, and with
/// nothing in it but the kind, the case or request number and the link.
enum NotificationMail {
    /// The texts of one e-mail, Arabic first, then English (staff choose their screen language, not their mail's).
    static func lines(_ notices: [StaffNotification], localizer: Localizer, baseURL: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return [Language.ar, .en].map { language in
            notices.map { "\(localizer.text($0.kind.localizationKey, language)): \($0.reference)\n\(base)\($0.link)" }.joined(separator: "\n\n")
        }.joined(separator: "\n\n—\n\n")
    }

    /// The job queued by `StaffNotifications.notify` for a kind she wants at once.
    static func sendNow(_ context: JobContext) async throws {
        let db = context.db, services = context.application.lamasat
        guard let id = UUID(uuidString: context.job.payload), let notice = try await StaffNotification.find(id, on: db), notice.emailedAt == nil,
              let user = try await StaffUser.find(notice.userID, on: db), user.isActive, let email = user.email, !email.isEmpty
        else { return }
        let now = services.clock.now()
        let subject = [Language.ar, .en].map { "\(services.localizer.text(notice.kind.localizationKey, $0)) \(notice.reference)" }.joined(separator: " / ")
        try await db.writeTransaction { db in
            try await Outbox.enqueue(.init(channel: .email, recipient: email, subject: subject,
                                           body: lines([notice], localizer: services.localizer, baseURL: services.config.publicURL),
                                           idempotencyKey: "notification:\(id.uuidString)", relatedType: "staff_notification", relatedID: id.uuidString,
                                           branchID: notice.branchID), now: now, on: db)
            notice.emailedAt = now
            try await notice.save(on: db)
        }
    }
}

/// [issue 16] Once a day, one e-mail per person with her unread notices of the kinds she takes as a digest, from
/// before today; they are then marked e-mailed, so a second run the same day finds nothing to send.
enum NotificationDigest {
    static let mostLines = 50

    /// How many digests were queued.
    @discardableResult
    static func run(now: Date, localizer: Localizer, baseURL: String, on db: any Database) async throws -> Int {
        let today = CalendarDay.today(now)
        let dayStarts = today.moment.addingTimeInterval(-12 * 3600)
        let waiting = try await StaffNotification.query(on: db).filter(\.$readAt == nil).filter(\.$emailedAt == nil)
            .filter(\.$createdAt < dayStarts).sort(\.$createdAt).all()
        let people = try await StaffUser.query(on: db).filter(\.$id ~~ Set(waiting.map(\.userID))).filter(\.$isActive == true).all()
        var sent = 0
        for user in people {
            guard let userID = user.id, let email = user.email, !email.isEmpty else { continue }
            let modes = try await NotificationPreference.modes(of: userID, on: db)
            let notices = waiting.filter { $0.userID == userID && modes[$0.kind] == .digest }
            guard !notices.isEmpty else { continue }
            var body = NotificationMail.lines(Array(notices.prefix(mostLines)), localizer: localizer, baseURL: baseURL)
            if notices.count > mostLines {
                body += "\n\n" + localizer.text("notifications.digest.more", .ar, [String(notices.count - mostLines)])
                    + "\n" + localizer.text("notifications.digest.more", .en, [String(notices.count - mostLines)])
            }
            let subject = [Language.ar, .en].map { localizer.text("notifications.digest.subject", $0, [String(notices.count)]) }.joined(separator: " / ")
            let text = body
            try await db.writeTransaction { db in
                try await Outbox.enqueue(.init(channel: .email, recipient: email, subject: subject, body: text,
                                               idempotencyKey: "notification-digest:\(userID.uuidString):\(today.description)",
                                               relatedType: "staff_user", relatedID: userID.uuidString, branchID: user.$branch.id), now: now, on: db)
                try await StaffNotification.query(on: db).filter(\.$id ~~ notices.compactMap(\.id)).set(\.$emailedAt, to: now).update()
            }
            sent += 1
        }
        return sent
    }
}
