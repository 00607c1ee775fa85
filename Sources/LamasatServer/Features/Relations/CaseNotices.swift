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
        var users = try await officer(inquiry.answeredBy ?? inquiry.referredTo ?? inquiry.createdBy, on: db).map { [$0] } ?? []
        if users.isEmpty { users = try await StaffNotifications.staff(holding: .handleInquiries, branch: inquiry.branchID, on: db) }
        try await StaffNotifications.notify(
            .init(kind: .caseReply, reference: inquiry.number, link: "/inquiries/\(id.uuidString)", branchID: inquiry.branchID,
                  key: "inquiry:\(id.uuidString):reply:\(occurrence)"),
            users: users, now: now, on: db)
    }

    /// A reply from her on a complaint or suggestion: its owner, else who lodged it.
    static func replied(to complaint: Complaint, occurrence: String, now: Date, on db: any Database) async throws {
        var users = try await officer(complaint.assignedTo ?? complaint.createdBy, on: db).map { [$0] } ?? []
        if users.isEmpty { users = try await ComplaintActions.assignable(complaint, on: db).compactMap(\.id) }
        try await StaffNotifications.notify(event(complaint, .caseReply, "reply:\(occurrence)"), users: users, now: now, on: db)
    }

    /// A case sent from the website or the portal was opened by nobody on the staff: then the staff of its branch who
    /// handle such cases are told (for a confidential complaint, only those who may see it).
    private static func officer(_ candidate: UUID, on db: any Database) async throws -> UUID? {
        try await StaffUser.find(candidate, on: db) == nil ? nil : candidate
    }

    private static func event(_ complaint: Complaint, _ kind: NotificationKind, _ occurrence: String) throws -> StaffNotifications.Event {
        let id = try complaint.requireID()
        return .init(kind: kind, reference: complaint.number, link: "/complaints/\(id.uuidString)", branchID: complaint.branchID,
                     key: "complaint:\(id.uuidString):\(occurrence)")
    }
}
