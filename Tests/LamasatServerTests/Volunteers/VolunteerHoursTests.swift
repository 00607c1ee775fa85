import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 17, part D: the coordinator approves or rejects logged hours, one by one or several at once; approved
/// totals are what was approved; she thanks the volunteer once per assignment.
@Suite("Volunteer hours", .serialized)
struct VolunteerHoursTests {
    @Test("approving as logged records the decision, audits it, and queues one thanks and one survey; a second approval is refused")
    func approveAsLogged() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let assignment = try await t.makeWorkedAssignment(volunteer, minutes: 150)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let page = try await coordinator.get("/volunteers/hours")
            #expect(page.status == .ok)
            #expect(page.contains("نورة سالم الحربي") && page.contains("ساعدت في التغليف"))

            let id = try assignment.requireID().uuidString
            let done = try await coordinator.post("/volunteers/hours/\(id)", ["decision": "approve", "minutes": "150", "reason": ""])
            #expect(done.status == .seeOther)
            let saved = try #require(try await VolunteerAssignment.find(assignment.id, on: t.db))
            #expect(saved.hoursStatus == .approved && saved.minutes == 150 && saved.hoursDecidedAt != nil)
            #expect(try await VolunteerHoursDecision.query(on: t.db).count() == 1)
            #expect(try await t.auditEntries(action: "volunteer.hours.approved").contains { $0.recordID == id })
            let thanks = try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "volunteer-hours-thanks:\(id)").all()
            #expect(thanks.count == 1 && thanks[0].recipient == volunteer.mobile && thanks[0].body.contains("شكرًا لعطائك") && thanks[0].body.contains("2.5"))
            #expect(try await VolunteerSurvey.query(on: t.db).filter(\.$assignmentID == assignment.requireID()).count() == 1)

            let again = try await coordinator.post("/volunteers/hours/\(id)", ["decision": "approve", "minutes": "150"])
            #expect(again.status == .unprocessableEntity)
            #expect(try await VolunteerHoursDecision.query(on: t.db).count() == 1)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == "volunteer-hours-thanks:\(id)").count() == 1)
        }
    }

    @Test("correcting the minutes needs a reason; without one nothing changes, with one the corrected minutes count")
    func correctionNeedsReason() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let assignment = try await t.makeWorkedAssignment(volunteer, minutes: 300)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let id = try assignment.requireID().uuidString
            _ = try await coordinator.get("/volunteers/hours")
            let refused = try await coordinator.post("/volunteers/hours/\(id)", ["decision": "approve", "minutes": "240", "reason": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains("اكتبي السبب") && refused.contains("value=\"240\""))
            #expect(try await VolunteerAssignment.find(assignment.id, on: t.db)?.hoursStatus == .pending)
            let bad = try await coordinator.post("/volunteers/hours/\(id)", ["decision": "approve", "minutes": "ثلاث", "reason": "x"])
            #expect(bad.status == .unprocessableEntity && bad.contains("1440"))

            let corrected = try await coordinator.post("/volunteers/hours/\(id)", ["decision": "approve", "minutes": "٢٤٠", "reason": "غادرت قبل النهاية بساعة"])
            #expect(corrected.status == .seeOther)
            let saved = try #require(try await VolunteerAssignment.find(assignment.id, on: t.db))
            #expect(saved.minutes == 240 && saved.hoursStatus == .approved)
            let decision = try #require(try await VolunteerHoursDecision.query(on: t.db).first())
            #expect(decision.minutesLogged == 300 && decision.minutesApproved == 240 && decision.reason == "غادرت قبل النهاية بساعة")
        }
    }

    @Test("rejecting needs a reason and queues no thanks")
    func rejectNeedsReason() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let assignment = try await t.makeWorkedAssignment(volunteer)
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            let id = try assignment.requireID().uuidString
            _ = try await coordinator.get("/volunteers/hours")
            #expect(try await coordinator.post("/volunteers/hours/\(id)", ["decision": "reject", "reason": ""]).status == .unprocessableEntity)
            #expect(try await coordinator.post("/volunteers/hours/\(id)", ["decision": "reject", "reason": "لم تحضر"]).status == .seeOther)
            #expect(try await VolunteerAssignment.find(assignment.id, on: t.db)?.hoursStatus == .rejected)
            #expect(try await OutboxMessage.query(on: t.db).count() == 0)
        }
    }

    @Test("several approved at once; the totals per volunteer, month and kind equal the hand-computed sums of approved hours only")
    func bulkAndTotals() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let a = try await t.makeWorkedAssignment(volunteer, kind: .distributionDay, title: "توزيع", daysAgo: 2, minutes: 120)
            let b = try await t.makeWorkedAssignment(volunteer, kind: .tutoring, title: "دروس", daysAgo: 40, minutes: 90)
            let c = try await t.makeWorkedAssignment(volunteer, kind: .tutoring, title: "دروس", daysAgo: 41, minutes: 60)
            _ = try await t.makeWorkedAssignment(volunteer, kind: .event, title: "حفل", daysAgo: 5, minutes: 500)   // stays pending
            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            _ = try await coordinator.get("/volunteers/hours")
            let none = try await coordinator.postMany("/volunteers/hours/bulk", [("decision", "approve")])
            #expect(none.status == .unprocessableEntity)
            let bulk = try await coordinator.postMany("/volunteers/hours/bulk", [("decision", "approve")] + [a, b, c].map { ("chosen[]", $0.id!.uuidString) })
            #expect(bulk.status == .seeOther)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey, .custom("LIKE"), "volunteer-hours-thanks:%").count() == 3)

            let totals = try await VolunteerHours.totals(for: volunteer.requireID(), on: t.db)
            #expect(totals.minutes == 120 + 90 + 60)
            #expect(totals.byKind.map(\.kind) == [.distributionDay, .tutoring] && totals.byKind.map(\.minutes) == [120, 150])
            let month = { (days: Double) in
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = DualCalendarFormatter.riyadh
                let parts = calendar.dateComponents([.year, .month], from: t.clock.now().addingTimeInterval(-days * 86_400))
                return String(format: "%04d-%02d", parts.year!, parts.month!)
            }
            var expected: [String: Int] = [:]
            for (days, minutes) in [(2.0, 120), (40.0, 90), (41.0, 60)] { expected[month(days), default: 0] += minutes }
            #expect(Dictionary(uniqueKeysWithValues: totals.byMonth.map { ($0.month, $0.minutes) }) == expected)
            #expect(Dictionary(uniqueKeysWithValues: totals.byOpportunity.map { ($0.opportunity, $0.minutes) }) == ["توزيع": 120, "دروس": 150])
            let page = try await coordinator.get("/volunteers/hours")
            #expect(page.contains("4.5"))   // 270 minutes
        }
    }

    @Test("other roles get 403 on the hours desk; a coordinator of another branch gets 404 on its assignments")
    func reach() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer()
            let assignment = try await t.makeWorkedAssignment(volunteer)
            let (researcher, _) = try await t.signedIn(as: .researcher)
            #expect(try await researcher.get("/volunteers/hours").status == .forbidden)
            #expect(try await researcher.post("/volunteers/hours/\(assignment.id!.uuidString)", ["decision": "approve"]).status == .forbidden)
            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.coordinator", branch: jeddah, scope: .ownBranch)
            let list = try await other.get("/volunteers/hours")
            #expect(list.status == .ok && !list.contains("نورة سالم الحربي"))
            #expect(try await other.post("/volunteers/hours/\(assignment.id!.uuidString)", ["decision": "approve", "minutes": "180"]).status == .notFound)
            #expect(try await other.postMany("/volunteers/hours/bulk", [("decision", "approve"), ("chosen[]", assignment.id!.uuidString)]).status == .notFound)
            #expect(try await VolunteerAssignment.find(assignment.id, on: t.db)?.hoursStatus == .pending)
        }
    }
}
