import Fluent
import Foundation
import LamasatCore

/// Invented volunteer work for the demo (issue 17): opportunities of every kind in HQ and Jeddah, past and upcoming,
/// assignments in every state, deliveries at her location that a volunteer handed over (tied to demo requests that
/// were delivered), and minutes logged — some awaiting approval, some approved — for the hours pages. Added once.
enum DemoVolunteerWork {
    /// (kind, title, days from now, hour in Riyadh, length in hours, slots, skills, the states of its assignments)
    static let plan: [(OpportunityKind, String, Double, Int, Double, Int, [VolunteerSkill], [AssignmentStatus])] = [
        (.distributionDay, "يوم توزيع السلال الغذائية", -40, 9, 4, 3, [.packing], [.completed, .completed, .declined]),
        (.event, "حفل تكريم الأسر المنتجة", -12, 17, 3, 2, [.events], [.completed, .cancelled]),
        (.homeVisit, "مرافقة باحثة في زيارة منزلية", -8, 10, 2, 1, [], [.completed]),
        (.tutoring, "دروس تقوية في الرياضيات", 5, 18, 2, 2, [.tutoring], [.offered, .accepted]),
        (.event, "ورشة الإسعافات الأولية للأمهات", 9, 10, 3, 2, [], [.confirmed, .offered]),
        (.distributionDay, "توزيع كسوة الشتاء", 14, 9, 5, 4, [.packing], [.offered]),
        (.delivery, "إيصال سلة غذائية", 3, 11, 2, 1, [.driving], [.confirmed]),
    ]

    static func load(branches: [String: UUID], coordinator username: String, now: Date, on db: any Database) async throws -> Int {
        guard try await VolunteerOpportunity.query(on: db).count() == 0 else { return 0 }
        let coordinator = try await StaffUser.query(on: db).filter(\.$username == username).first()?.id ?? UUID()
        return try await db.writeTransaction { db -> Int in
            var made = 0
            for code in ["HQ", "JED"] {
                guard let branch = branches[code] else { continue }
                let people = try await Volunteer.query(on: db).filter(\.$branchID == branch).filter(\.$status == .active).sort(\.$number).all()
                var signed: [Volunteer] = []
                for person in people where try await VolunteerPledges.missing(for: person.requireID(), on: db).isEmpty { signed.append(person) }
                guard !signed.isEmpty else { continue }
                for (index, item) in plan.enumerated() {
                    let opportunity = try await makeOpportunity(item.0, item.1, branch: branch, starts: day(now, item.2, hour: item.3), hours: item.4, slots: item.5,
                                                            skills: item.6, district: signed[index % signed.count].districtList.first ?? "", by: coordinator, on: db)
                    // One assignment per volunteer and opportunity: a branch with fewer signed volunteers gets fewer.
                    for (n, status) in item.7.prefix(signed.count).enumerated() {
                        _ = try await assign(opportunity, to: signed[(index + n) % signed.count], status, by: coordinator, hoursApproved: n % 2 == 0, on: db)
                    }
                    made += 1
                }
                // A cancelled opportunity, whose open assignment was cancelled with it.
                let called = try await makeOpportunity(.tutoring, "دروس لغة إنجليزية", branch: branch, starts: day(now, 2, hour: 17), hours: 2, slots: 1, skills: [],
                                                   district: signed[0].districtList.first ?? "", by: coordinator, on: db)
                called.status = .cancelled
                try await called.save(on: db)
                let dropped = try await assign(called, to: signed[0], .cancelled, by: coordinator, hoursApproved: false, on: db)
                dropped.closeReason = "اعتذرت المعلمة المشرفة عن الموعد"
                try await dropped.save(on: db)
                made += 1
                made += try await handedOver(branch: branch, volunteers: signed.filter { $0.skillList.contains(.driving) }, by: coordinator, on: db)
            }
            return made
        }
    }

    /// Deliveries at her location of this branch's demo requests: a volunteer handed each over on a completed assignment.
    private static func handedOver(branch: UUID, volunteers: [Volunteer], by coordinator: UUID, on db: any Database) async throws -> Int {
        guard !volunteers.isEmpty else { return 0 }
        let requests = try await SupportRequest.query(on: db).filter(\.$branchID == branch).all().reduce(into: [UUID: SupportRequest]()) { $0[$1.id!] = $1 }
        let deliveries = try await ServiceDelivery.query(on: db).filter(\.$place == .herLocation).filter(\.$requestID ~~ Set(requests.keys))
            .sort(\.$deliveredOn, .descending).range(0..<4).all()
        for (index, delivery) in deliveries.enumerated() {
            let volunteer = volunteers[index % volunteers.count]
            let district = try await Beneficiary.find(delivery.beneficiaryID, on: db)?.addressDistrict ?? ""
            let starts = ResearchController.moment(day: delivery.deliveredOn, time: "10:00") ?? delivery.recordedAt
            let opportunity = try await makeOpportunity(.delivery, "إيصال " + delivery.description, branch: branch, starts: starts, hours: 2, slots: 1, skills: [.driving],
                                                    district: district, by: coordinator, on: db)
            opportunity.requestID = delivery.requestID
            opportunity.status = .closed
            try await opportunity.save(on: db)
            let assignment = try await assign(opportunity, to: volunteer, .completed, by: coordinator, hoursApproved: index % 2 == 1, on: db)
            assignment.deliveryID = try delivery.requireID()
            try await assignment.save(on: db)
            delivery.volunteerID = try volunteer.requireID()
            delivery.deliveredBy = volunteer.name
            try await delivery.save(on: db)
        }
        return deliveries.count
    }

    private static func day(_ now: Date, _ days: Double, hour: Int) -> Date {
        let parts = OpportunityForm.riyadhParts(now.addingTimeInterval(days * 86_400))
        return ResearchController.moment(day: parts.day, time: String(format: "%02d:00", hour)) ?? now
    }

    private static func makeOpportunity(_ kind: OpportunityKind, _ title: String, branch: UUID, starts: Date, hours: Double, slots: Int, skills: [VolunteerSkill],
                                    district: String, by coordinator: UUID, on db: any Database) async throws -> VolunteerOpportunity {
        try await VolunteerOpportunity.numbered(
            kind, title, description: kind == .delivery ? "تسليم الخدمة المعتمدة في موقع المستفيدة" : "نحتاج متطوعات لتنظيم " + title,
            place: kind.meetsBeneficiary ? "موقع المستفيدة (يظهر للمتطوعة يوم المهمة)" : "مقر الجمعية", district: district, branch: branch,
            starts: starts, ends: starts.addingTimeInterval(hours * 3600), slots: slots, skills: skills,
            by: coordinator, at: starts.addingTimeInterval(-10 * 86_400), on: db)
    }

    /// One assignment brought to `status` with the stamps it would have; a completed one has minutes logged.
    private static func assign(_ opportunity: VolunteerOpportunity, to volunteer: Volunteer, _ status: AssignmentStatus, by coordinator: UUID,
                               hoursApproved: Bool, on db: any Database) async throws -> VolunteerAssignment {
        let offered = opportunity.createdAt.addingTimeInterval(3600)
        let assignment = try VolunteerAssignment.offered(opportunity, to: volunteer, by: coordinator, at: offered)
        assignment.status = status
        if status != .offered { assignment.respondedAt = offered.addingTimeInterval(5 * 3600) }
        if [.confirmed, .completed].contains(status) { (assignment.confirmedBy, assignment.confirmedAt) = (coordinator, offered.addingTimeInterval(86_400)) }
        if [.declined, .cancelled, .completed].contains(status) { assignment.closedAt = status == .completed ? opportunity.endsAt : offered.addingTimeInterval(86_400) }
        if status == .completed {
            assignment.attendedAt = opportunity.startsAt
            assignment.minutes = Int(opportunity.endsAt.timeIntervalSince(opportunity.startsAt) / 60)
            assignment.hoursStatus = hoursApproved ? .approved : .pending
            if hoursApproved { (assignment.hoursDecidedBy, assignment.hoursDecidedAt) = (coordinator, opportunity.endsAt.addingTimeInterval(2 * 86_400)) }
        }
        try await assignment.create(on: db)
        return assignment
    }
}
