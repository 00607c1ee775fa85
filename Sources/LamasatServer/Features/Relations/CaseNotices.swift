import Fluent
import LamasatCore
import Vapor

/// Whom an inquiry or a complaint tells: the researcher it is referred to, the officer it is assigned to, the
/// managers it is escalated to (never the colleague a complaint is about).
enum CaseNotices {
    static func referred(_ inquiry: Inquiry, actor: UUID, now: Date, on db: any Database) async throws {
        guard let researcher = inquiry.referredTo else { return }
        let id = try inquiry.requireID()
        try await StaffNotifications.notify(
            .init(kind: .inquiryReferred, reference: inquiry.number, link: "/inquiries/\(id.uuidString)", branchID: inquiry.branchID,
                  key: "inquiry:\(id.uuidString):referred:\(Int(now.timeIntervalSince1970))"),
            users: [researcher], except: actor, now: now, on: db)
    }

    static func assigned(_ complaint: Complaint, actor: UUID, now: Date, on db: any Database) async throws {
        guard let owner = complaint.assignedTo else { return }
        try await StaffNotifications.notify(event(complaint, .complaintAssigned, "assigned:\(owner.uuidString):\(Int(now.timeIntervalSince1970))"),
                                            users: [owner], except: actor, now: now, on: db)
    }

    /// By a colleague's click or by the worker past the target: to the managers who reach the complaint's branch.
    static func escalated(_ complaint: Complaint, actor: UUID?, on db: any Database) async throws {
        guard let at = complaint.escalatedAt else { return }
        let managers = try await StaffNotifications.staff(holding: .viewConfidentialComplaints, branch: complaint.branchID, reach: true, on: db)
            .filter { $0 != complaint.aboutStaffID }
        try await StaffNotifications.notify(event(complaint, .complaintEscalated, "escalated:\(Int(at.timeIntervalSince1970))"),
                                            users: managers, except: actor, now: at, on: db)
    }

    /// A reply from her on an inquiry: its officer — who answered it, else the researcher it went to, else who opened
    /// it. `occurrence` names the reply (its message id), so a replayed webhook tells nobody twice.
    static func replied(to inquiry: Inquiry, occurrence: String, now: Date, on db: any Database) async throws {
        let id = try inquiry.requireID()
        try await StaffNotifications.notify(
            .init(kind: .caseReply, reference: inquiry.number, link: "/inquiries/\(id.uuidString)", branchID: inquiry.branchID,
                  key: "inquiry:\(id.uuidString):reply:\(occurrence)"),
            users: [inquiry.answeredBy ?? inquiry.referredTo ?? inquiry.createdBy], now: now, on: db)
    }

    /// A reply from her on a complaint or suggestion: its owner, else who lodged it.
    static func replied(to complaint: Complaint, occurrence: String, now: Date, on db: any Database) async throws {
        try await StaffNotifications.notify(event(complaint, .caseReply, "reply:\(occurrence)"),
                                            users: [complaint.assignedTo ?? complaint.createdBy], now: now, on: db)
    }

    private static func event(_ complaint: Complaint, _ kind: NotificationKind, _ occurrence: String) throws -> StaffNotifications.Event {
        let id = try complaint.requireID()
        return .init(kind: kind, reference: complaint.number, link: "/complaints/\(id.uuidString)", branchID: complaint.branchID,
                     key: "complaint:\(id.uuidString):\(occurrence)")
    }
}
