import Fluent
import Foundation
import LamasatCore

/// Issue 20's appeals in the demo: of the latest rejections still standing, one appealed from her portal and waiting
/// for the committee, one recorded by an officer and accepted at a later meeting (the request approved), and one
/// refused (the rejection kept). Written as the screens write them; added once, before the kept counts are worked out.
enum DemoAppeals {
    static func load(now: Date, on db: any Database) async throws -> Int {
        guard try await RequestAppeal.query(on: db).count() == 0 else { return 0 }
        let rejected = try await SupportRequest.query(on: db).filter(\.$status == .rejected).sort(\.$updatedAt, .descending).limit(60).all()
        var made = 0
        for request in rejected where made < 3 {
            let index = made
            guard let first = try await RequestDecision.query(on: db).filter(\.$requestID == request.requireID()).first() else { continue }
            let lodgedAt = min(now.addingTimeInterval(-3_600), first.decidedAt.addingTimeInterval(3 * 86_400))
            let officer = try await StaffUser.query(on: db).filter(\.$branch.$id == request.branchID).filter(\.$role == .relationsOfficer).first()
            let source: RequestAppeal.Source = index == 0 || officer == nil ? .portal : .staff
            let appeal = try RequestAppeal(request: request, reasons: ["انقطع دخلي بعد انتهاء عقد عملي، وأرفقت خطاب إنهاء الخدمة",
                                                                       "زاد إيجار سكني وأرفقت العقد الجديد",
                                                                       "لم يُحسب في القرار أن ابني الأكبر من ذوي الإعاقة"][index],
                                           source: source, by: source == .portal ? request.$beneficiary.id : try officer!.requireID(), at: lodgedAt)
            // A later meeting of her branch answers the second and the third; a rejection without one is passed over.
            let later = try await CommitteeMeeting.query(on: db).filter(\.$branchID == request.branchID)
                .filter(\.$scheduledAt > lodgedAt).filter(\.$scheduledAt < now).count()
            if index > 0 && later == 0 { continue }
            if index > 0, let meeting = try await CommitteeMeeting.query(on: db).filter(\.$branchID == request.branchID)
                .filter(\.$scheduledAt > lodgedAt).filter(\.$scheduledAt < now).sort(\.$scheduledAt).first(),
               let chair = try await CommitteeMember.query(on: db).filter(\.$meetingID == meeting.requireID()).filter(\.$isChair == true).first() {
                let accepted = index == 1
                appeal.status = accepted ? .accepted : .refused
                (appeal.meetingID, appeal.decidedBy, appeal.decidedAt) = (try meeting.requireID(), chair.userID, meeting.scheduledAt.addingTimeInterval(3_600))
                appeal.approvedAmount = accepted ? max(request.requestedAmount / 2, 50_000) : 0
                appeal.reasonID = accepted ? nil : first.reasonID
                appeal.decisionNote = accepted ? "ثبت تغيّر ظروفها بالمستندات الجديدة" : "لم يتغير ما بُني عليه القرار"
                appeal.letterNumber = ReferenceNumber("L", sequence: try await Counters.next("outgoing_letter", on: db), at: meeting.scheduledAt).description
                if accepted {
                    request.status = .approved
                    request.updatedAt = max(request.updatedAt, appeal.decidedAt!)
                    try await request.save(on: db)
                    try await RequestTransition(requestID: try request.requireID(), from: .rejected, to: .approved, action: SupportRequestAction.overturn.rawValue,
                                                actorID: chair.userID, at: appeal.decidedAt!, note: appeal.decisionNote).create(on: db)
                }
            }
            try await appeal.create(on: db)
            made += 1
        }
        return made
    }
}
