import Fluent
import Foundation
import LamasatCore

/// Issue 20's later life of requests in the demo: two approved requests cancelled by the manager before their full
/// delivery, and the latest withdrawn request reopened where it stood. Written as the screens write them (status,
/// transition row); added once, before the kept counts are worked out.
enum DemoCaseLifecycle {
    static func load(manager username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await RequestTransition.query(on: db).filter(\.$action ~~ ["cancel", "reopen"]).count() == 0,
              let manager = try await StaffUser.query(on: db).filter(\.$username == username).first() else { return 0 }
        var changed = 0
        let reasons = ["انتقلت إلى مدينة أخرى وتخدمها جمعية هناك", "التحقت بعمل بدخل يكفي حاجتها"]
        for (request, reason) in zip(try await cancellable(on: db), reasons) {
            // After its last step (a delivery may be recent), and before now.
            let last = try await RequestTransition.query(on: db).filter(\.$requestID == request.requireID()).max(\.$at) ?? request.updatedAt
            let at = min(now.addingTimeInterval(-3_600), last.addingTimeInterval(86_400))
            try await move(request, to: .cancelled, action: .cancel, by: try manager.requireID(), at: at, note: reason, on: db)
            changed += 1
        }
        if let withdrawn = try await SupportRequest.query(on: db).filter(\.$status == .withdrawn).sort(\.$updatedAt, .descending).first(),
           let withdrawal = try await RequestTransition.query(on: db).filter(\.$requestID == withdrawn.requireID()).filter(\.$action == "withdraw").first(),
           let back = withdrawal.fromStatus, back.isOpen {
            let at = min(now.addingTimeInterval(-3_600), withdrawal.at.addingTimeInterval(3 * 86_400))
            try await move(withdrawn, to: back, action: .reopen, by: withdrawal.actorID, at: at, note: "عادت وطلبت إكمال الطلب", on: db)
            changed += 1
        }
        return changed
    }

    /// The latest approved requests, never a branch's last one (the volunteers' and payments' demos work on an approved
    /// request of each branch), then the requests in service but one (the demo shows that state too). The random
    /// activity may leave a single approved request per branch, so both are looked at.
    static func cancellable(on db: any Database) async throws -> [SupportRequest] {
        let approved = try await SupportRequest.query(on: db).filter(\.$status == .approved).sort(\.$updatedAt, .descending).all()
        var left = Dictionary(grouping: approved, by: \.branchID).mapValues(\.count)
        let spareApproved = approved.filter { request in
            guard left[request.branchID, default: 0] > 1 else { return false }
            left[request.branchID, default: 0] -= 1
            return true
        }
        let inService = try await SupportRequest.query(on: db).filter(\.$status == .inService).sort(\.$updatedAt, .descending).all()
        return spareApproved + inService.dropLast()
    }

    static func move(_ request: SupportRequest, to status: SupportRequestStatus, action: SupportRequestAction, by actor: UUID, at: Date, note: String,
                     on db: any Database) async throws {
        let from = request.status
        request.status = status
        request.updatedAt = max(request.updatedAt, at)
        try await request.save(on: db)
        try await RequestTransition(requestID: try request.requireID(), from: from, to: status, action: action.rawValue, actorID: actor, at: at, note: note)
            .create(on: db)
    }
}
