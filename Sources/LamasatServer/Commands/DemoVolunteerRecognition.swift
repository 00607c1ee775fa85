import Fluent
import Foundation
import LamasatCore

/// Volunteers' history for the demo (issue 17, part D): past opportunities with completed assignments and approved
/// hours over five months, two hours still waiting for approval, survey answers, a certificate, volunteer-service
/// contacts and a few deliveries handed over by a volunteer — so the hours page, the feedback page and the volunteers
/// report have numbers. Added once: nothing when hours decisions already exist. Invented data.
enum DemoVolunteerRecognition {
    static let works: [(kind: OpportunityKind, title: String, place: String, hours: Int)] = [
        (.distributionDay, "يوم توزيع السلال الغذائية", "مستودع الجمعية", 4),
        (.tutoring, "دروس تقوية للأبناء", "قاعة الجمعية", 2),
        (.event, "حفل تكريم الأسر", "قاعة المناسبات", 3),
        (.homeVisit, "مرافقة الباحثة في زيارة منزلية", "حي النسيم", 2),
    ]
    static let comments = ["كان التنظيم ممتازًا وشعرت بأثر ما قدمناه.", "أتمنى تعريفًا أوضح بالمهمة قبل البدء.", "", "تجربة جميلة، شكرًا للمنسقة."]

    /// Returns how many assignments were added.
    static func load(coordinator username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await VolunteerHoursDecision.query(on: db).count() == 0 else { return 0 }
        let coordinator = try await StaffUser.query(on: db).filter(\.$username == username).first()?.id ?? UUID()
        let volunteers = try await Volunteer.query(on: db).filter(\.$status == .active).sort(\.$number).all()
        let signed = Set(try await VolunteerPledge.query(on: db).all().map(\.volunteerID))
        let team = volunteers.filter { signed.contains($0.id ?? UUID()) }
        guard !team.isEmpty else { return 0 }
        let added = try await db.writeTransaction { db -> Int in
            var added = 0
            for month in 0..<5 {
                for (index, work) in works.enumerated() {
                    let volunteer = team[(month + index) % team.count]
                    let starts = now.addingTimeInterval(-Double(month * 30 + index * 6 + 3) * 86_400)
                    let opportunity = try await VolunteerOpportunity.numbered(
                        work.kind, work.title, description: "فرصة تطوعية سابقة (بيانات تجريبية).", place: work.place,
                        district: volunteer.districtList.first ?? "", branch: volunteer.branchID, starts: starts,
                        ends: starts.addingTimeInterval(Double(work.hours) * 3600), slots: 2, status: .closed,
                        by: coordinator, at: starts.addingTimeInterval(-7 * 86_400), on: db)
                    // The latest two wait for the coordinator's approval; the rest were approved.
                    let pending = month == 0 && index < 2
                    let assignment = try VolunteerAssignment.offered(opportunity, to: volunteer, by: coordinator, at: opportunity.createdAt)
                    assignment.status = .completed
                    assignment.respondedAt = opportunity.createdAt.addingTimeInterval(3600)
                    assignment.confirmedBy = coordinator
                    assignment.confirmedAt = opportunity.createdAt.addingTimeInterval(7200)
                    assignment.attendedAt = starts
                    assignment.closedAt = opportunity.endsAt
                    assignment.minutes = work.hours * 60 + (month % 2) * 30
                    assignment.hoursStatus = pending ? .pending : .approved
                    assignment.hoursNote = pending ? "وصلت مبكرًا للمساعدة في التجهيز" : ""
                    if !pending {
                        assignment.hoursDecidedBy = coordinator
                        assignment.hoursDecidedAt = opportunity.endsAt.addingTimeInterval(86_400)
                    }
                    try await assignment.create(on: db)
                    added += 1
                    guard !pending else { continue }
                    let decision = VolunteerHoursDecision()
                    decision.assignmentID = try assignment.requireID()
                    decision.branchID = assignment.branchID
                    decision.decision = .approved
                    decision.minutesLogged = assignment.minutes
                    decision.minutesApproved = assignment.minutes
                    decision.reason = ""
                    decision.decidedBy = coordinator
                    decision.decidedAt = opportunity.endsAt.addingTimeInterval(86_400)
                    try await decision.create(on: db)
                    let survey = VolunteerSurvey()
                    survey.assignmentID = try assignment.requireID()
                    survey.volunteerID = assignment.volunteerID
                    survey.branchID = assignment.branchID
                    survey.tokenHash = SessionTokens.hash(SurveyToken.generate())
                    survey.createdAt = decision.decidedAt
                    survey.expiresAt = decision.decidedAt.addingTimeInterval(Double(SurveyToken.lifetimeDays) * 86_400)
                    survey.comment = ""
                    if (month + index) % 3 != 2 {
                        survey.answeredAt = decision.decidedAt.addingTimeInterval(3 * 3600)
                        survey.rating = 5 - (month + index) % 3
                        survey.feltSafe = true
                        survey.feltPrepared = (month + index) % 4 != 1
                        survey.comment = comments[(month + index) % comments.count]
                    }
                    try await survey.create(on: db)
                }
            }
            let first = team[0]
            let firstID = try first.requireID()
            // Her contacts on the volunteer-service channel: calls she made to families on the association's behalf.
            let files = try await Beneficiary.query(on: db).filter(\.$branch.$id == first.branchID).limit(3).all()
            for (index, file) in files.enumerated() {
                let contact = Contact()
                contact.beneficiaryID = file.id
                contact.branchID = first.branchID
                contact.channel = .volunteerService
                contact.direction = .outgoing
                contact.subject = ["اطمئنان على الأسرة بعد التسليم", "تذكير بموعد يوم التوزيع", "متابعة دروس التقوية"][index]
                contact.notes = ""
                contact.durationMinutes = 10 + index * 5
                contact.outcome = .answered
                contact.followUpOn = ""
                contact.followUpDone = false
                contact.volunteerID = firstID
                contact.staffID = coordinator
                contact.at = now.addingTimeInterval(-Double(10 + index * 20) * 86_400)
                try await contact.create(on: db)
            }
            // Deliveries she handed over (part B records new ones from her phone).
            let deliveries = try await ServiceDelivery.query(on: db).filter(\.$volunteerID == nil).filter(\.$place == .herLocation).limit(3).all()
            for delivery in deliveries {
                delivery.volunteerID = firstID
                try await delivery.save(on: db)
            }
            return added
        }
        // A certificate for the last six months, for the volunteer with the most approved hours.
        var best = (team[0], 0)
        for member in team {
            let minutes = try await VolunteerHours.totals(for: try member.requireID(), on: db).minutes
            if minutes > best.1 { best = (member, minutes) }
        }
        _ = try await VolunteerCertificate.issue(for: best.0, from: CalendarDay.today(now.addingTimeInterval(-180 * 86_400)), to: CalendarDay.today(now),
                                                 by: coordinator, now: now, on: db)
        return added
    }
}
