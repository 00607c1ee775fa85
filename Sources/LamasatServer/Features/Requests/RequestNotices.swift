import Fluent
import LamasatCore
import Vapor

/// Who is told when a request reaches a step that waits for someone: nobody is named for verification or delivery,
/// so the staff of the request's branch who may do that step.
enum RequestNotices {
    /// Called in the transaction of each transition (and after numbering, since a first submission has no number
    /// until then); the same moment's call twice notifies once.
    static func moved(_ request: SupportRequest, to status: SupportRequestStatus, actor: UUID?, now: Date, on db: any Database) async throws {
        let waiting: (NotificationKind, Permission)
        switch status {
        case .submitted: waiting = (.requestToVerify, .verifyDocuments)
        case .approved: waiting = (.requestToDeliver, .deliverServices)
        default: return
        }
        guard let number = request.trackingNumber else { return }
        let id = try request.requireID()
        try await StaffNotifications.notify(
            .init(kind: waiting.0, reference: number, link: "/requests/\(id.uuidString)", branchID: request.branchID,
                  key: "request:\(id.uuidString):\(status.rawValue):\(Int(now.timeIntervalSince1970))"),
            users: try await StaffNotifications.staff(holding: waiting.1, branch: request.branchID, on: db), except: actor, now: now, on: db)
    }
}

/// [issue 16] A decision past its expected date tells the managers whose reach includes the request's branch, once
/// per request; a periodic task of the worker. Requests late for over a week were told on an earlier day.
enum OverdueDecisions {
    static let lookBack: TimeInterval = 7 * 86_400

    @discardableResult
    static func run(now: Date, on db: any Database) async throws -> Int {
        let waiting = SupportRequestStatus.allCases.filter(\.awaitsDecision)
        let late = try await SupportRequest.query(on: db).filter(\.$status ~~ waiting)
            .filter(\.$expectedDecisionAt < now).filter(\.$expectedDecisionAt >= now.addingTimeInterval(-lookBack)).all()
        var managersOf: [UUID: [UUID]] = [:]
        for request in late {
            guard let number = request.trackingNumber else { continue }
            let id = try request.requireID()
            if managersOf[request.branchID] == nil {
                managersOf[request.branchID] = try await StaffNotifications.staff(holding: .organizeCommittee, branch: request.branchID, reach: true, on: db)
            }
            let managers = managersOf[request.branchID] ?? []
            try await db.writeTransaction { db in
                try await StaffNotifications.notify(
                    .init(kind: .decisionOverdue, reference: number, link: "/requests/\(id.uuidString)", branchID: request.branchID,
                          key: "request:\(id.uuidString):overdue"),
                    users: managers, now: now, on: db)
            }
        }
        return late.count
    }
}
