import Fluent
import LamasatCore
import Vapor

/// The confidentiality rule of complaints, applied in SQL to every list and count and again to each record:
/// confidential complaints and complaints about a staff member reach managers only, never the staff member herself.
extension Request {
    var mayReadConfidentialComplaints: Bool { staff?.can(.viewConfidentialComplaints) ?? false }

    func visibleComplaints() throws -> QueryBuilder<Complaint> {
        let staff = try requireStaff()
        let query = Complaint.query(on: db)
        query.withinReach(of: staff, \.$branchID)
        if mayReadConfidentialComplaints {
            query.group(.or) { $0.filter(\.$aboutStaffID == nil).filter(\.$aboutStaffID != staff.userID) }
        } else {
            query.filter(\.$isConfidential == false).filter(\.$aboutStaffID == nil)
        }
        return query
    }

    /// The complaint in the URL when this staff member may see it; "not found" otherwise, so its existence stays hidden.
    func reachableComplaint(_ parameter: String = "complaintID") async throws -> Complaint {
        let staff = try requireStaff()
        let complaint = try await scoped(Complaint.self, id: parameters.get(parameter), branch: \.$branchID) { $0.with(\.$category) }
        guard ComplaintVisibility.visible(confidential: complaint.isConfidential, aboutStaff: complaint.aboutStaffID, viewer: staff.userID,
                                          viewerIsManager: mayReadConfidentialComplaints)
        else { throw Abort(.notFound) }
        return complaint
    }
}

/// Marks complaints past their target, still without a response, as escalated to the managers; run by the worker.
enum ComplaintEscalation {
    @discardableResult
    static func run(now: Date, auditKey: SymmetricKey, on db: any Database) async throws -> Int {
        let overdue = try await Complaint.query(on: db).filter(\.$status == .open).filter(\.$escalatedAt == nil).filter(\.$dueAt < now).all()
        for complaint in overdue {
            try await db.writeTransaction { db in
                complaint.escalatedAt = now
                try await complaint.save(on: db)
                try await ComplaintEvent(complaintID: try complaint.requireID(), action: "escalated", note: "", actorID: nil, at: now).create(on: db)
                try await CaseNotices.escalated(complaint, actor: nil, on: db)
                try await AuditChain.append(.init(actorName: "worker", action: "complaint.escalated", recordType: "complaint",
                                                  recordID: try complaint.requireID().uuidString, outcome: .success, detail: complaint.number), at: now, key: auditKey, on: db)
            }
        }
        return overdue.count
    }
}
