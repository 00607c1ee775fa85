import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The parts of "my work" this area adds: follow-ups due, inquiries waiting, complaints owned or escalated.
extension CaseQueue {
    static func all(_ req: Request) async throws -> [CaseQueue] {
        let staff = try req.requireStaff()
        let formatter = DualCalendarFormatter(language: req.language)
        var queues: [CaseQueue] = []
        if staff.can(.logContacts) {
            let today = CalendarDay.today(req.now).description
            let due = try await Contact.query(on: req.db).filter(\.$staffID == staff.userID).filter(\.$followUpDone == false)
                .filter(\.$followUpOn != "").filter(\.$followUpOn <= today).sort(\.$followUpOn).limit(size).all()
            queues.append(CaseQueue(title: req.t("work.followUps"), lines: due.map {
                Line(path: $0.beneficiaryID.map { "/beneficiaries/\($0.uuidString)?tab=interactions" } ?? "/contacts?mine=1",
                     number: CalendarDay(stored: $0.followUpOn).map { formatter.date($0.moment).combined } ?? $0.followUpOn,
                     title: $0.subject, status: req.t($0.channel.localizationKey), late: $0.followUpOn < today)
            }.nonEmpty, link: "/contacts?mine=1"))
        }
        if staff.can(.handleInquiries) {
            // An answered one whose reply waits is back on her desk, first.
            let query = Inquiry.query(on: req.db).group(.or) { $0.filter(\.$status ~~ [.new, .referred]).filter(\.$replyWaitingAt != nil) }
                .sort(.custom(CaseThread.waitingFirst)).sort(\.$dueAt).limit(size)
            query.withinReach(of: staff, \.$branchID)
            // A researcher's inquiries are the ones referred to her.
            if staff.user.role == .researcher { query.filter(\.$referredTo == staff.userID) }
            queues.append(CaseQueue(title: req.t("work.inquiries"), lines: try await query.all().map {
                Line(path: "/inquiries/\(try $0.requireID().uuidString)", number: $0.number, title: $0.question,
                     status: req.t($0.status.localizationKey) + ($0.replyWaitingAt == nil ? "" : " · " + req.t("caseMessage.replyWaiting")), late: $0.dueAt < req.now)
            }.nonEmpty, link: "/inquiries?open=1"))
        }
        if staff.can(.handleComplaints) {
            let query = try req.visibleComplaints().filter(\.$status != .closed).sort(.custom(CaseThread.waitingFirst)).sort(\.$dueAt).limit(size)
            if staff.can(.viewConfidentialComplaints) {
                query.group(.or) { $0.filter(\.$assignedTo == staff.userID).filter(\.$escalatedAt != nil) }
            } else {
                query.filter(\.$assignedTo == staff.userID)
            }
            queues.append(CaseQueue(title: req.t("work.complaints"), lines: try await query.all().map {
                Line(path: "/complaints/\(try $0.requireID().uuidString)", number: $0.number, title: req.t($0.kind.localizationKey),
                     status: req.t($0.status.localizationKey) + ($0.escalatedAt == nil ? "" : " · " + req.t("complaint.escalated"))
                        + ($0.replyWaitingAt == nil ? "" : " · " + req.t("caseMessage.replyWaiting")),
                     late: $0.dueAt < req.now)
            }.nonEmpty, link: "/complaints"))
        }
        return queues
    }
}
