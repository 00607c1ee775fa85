import Fluent
import Foundation
import LamasatCore

/// A few notices for the demo staff, on records the demo story made: some read, some not, so the bell and the
/// list have something to show. Added once (each has its dedupe key).
enum DemoNotifications {
    struct Notice {
        let user: String
        let kind: NotificationKind
        let reference: String
        let link: String
        let branchID: UUID?
        let read: Bool
    }

    @discardableResult
    static func load(now: Date, on db: any Database) async throws -> Int {
        let users = try await StaffUser.query(on: db).filter(\.$username ~~ ["demo.officer", "demo.manager", "demo.researcher", "demo.service"]).all()
        let ids = Dictionary(uniqueKeysWithValues: users.compactMap { user in user.id.map { (user.username, $0) } })
        let inquiries = try await Inquiry.query(on: db).sort(\.$createdAt, .descending).range(..<2).all()
        let complaints = try await Complaint.query(on: db).sort(\.$createdAt, .descending).range(..<3).all()
        let requests = try await SupportRequest.query(on: db).filter(\.$trackingNumber != nil).sort(\.$createdAt, .descending).range(..<4).all()
        var notices: [Notice] = []
        for (index, inquiry) in inquiries.enumerated() {
            notices.append(Notice(user: "demo.researcher", kind: .inquiryReferred, reference: inquiry.number, link: "/inquiries/\(try inquiry.requireID().uuidString)",
                                  branchID: inquiry.branchID, read: index > 0))
        }
        for (index, complaint) in complaints.enumerated() {
            let link = "/complaints/\(try complaint.requireID().uuidString)"
            notices.append(Notice(user: "demo.manager", kind: index == 0 ? .complaintEscalated : .complaintAssigned, reference: complaint.number, link: link,
                                  branchID: complaint.branchID, read: index == 2))
            notices.append(Notice(user: "demo.officer", kind: .caseReply, reference: complaint.number, link: link, branchID: complaint.branchID, read: index > 0))
        }
        for (index, request) in requests.enumerated() {
            guard let number = request.trackingNumber else { continue }
            let link = "/requests/\(try request.requireID().uuidString)"
            let (user, kind): (String, NotificationKind) = [("demo.officer", .requestToVerify), ("demo.service", .requestToDeliver),
                                                           ("demo.manager", .decisionOverdue), ("demo.officer", .requestToVerify)][index]
            notices.append(Notice(user: user, kind: kind, reference: number, link: link, branchID: request.branchID, read: index == 3))
        }
        var added = 0
        for (index, notice) in notices.enumerated() {
            guard let userID = ids[notice.user] else { continue }
            let key = "demo:\(index):\(notice.kind.rawValue):\(notice.reference)"
            let at = now.addingTimeInterval(-Double(index) * 2_700)
            try await db.writeTransaction { db in
                try await StaffNotifications.notify(.init(kind: notice.kind, reference: notice.reference, link: notice.link, branchID: notice.branchID, key: key),
                                                    users: [userID], now: at, on: db)
                if notice.read {
                    try await StaffNotification.query(on: db).filter(\.$dedupeKey == "\(key):\(userID.uuidString)").filter(\.$readAt == nil)
                        .set(\.$readAt, to: at.addingTimeInterval(600)).update()
                }
            }
            added += 1
        }
        return added
    }
}
