import Fluent
import Foundation
import LamasatCore
import Testing
@testable import LamasatServer

/// Issue 17, part D: the volunteers report — managers at /reports/volunteers, the coordinator at
/// /volunteers/hours/report within her branch — with approved hours only, and its downloads.
@Suite("Volunteers report", .serialized)
struct VolunteerReportTests {
    @Test("approved hours of the period by month, branch and kind; pending ones do not count; CSV downloads; each reader within reach")
    func report() async throws {
        try await withLamasat { t in
            let volunteer = try await t.makeVolunteer(skills: [.driving, .tutoring])
            _ = try await t.makeWorkedAssignment(volunteer, kind: .homeVisit, title: "زيارة", daysAgo: 1, minutes: 90, hours: .approved)
            _ = try await t.makeWorkedAssignment(volunteer, kind: .event, title: "حفل", daysAgo: 1, minutes: 6666, hours: .pending)
            let now = t.clock.now()
            let range = "from=\(CalendarDay.today(now.addingTimeInterval(-7 * 86_400)))&to=\(CalendarDay.today(now))"
            let (manager, _) = try await t.signedIn(as: .manager)
            let hub = try await manager.get("/reports")
            #expect(hub.contains("/reports/volunteers"))
            let page = try await manager.get("/reports/volunteers?\(range)")
            #expect(page.status == .ok)
            #expect(page.contains(">1.5<") && !page.contains("111.1"))   // 90 approved minutes; the 6666 pending are not there
            #expect(page.contains("class=\"bars\""))
            #expect(page.contains("زيارات منزلية رافقتها متطوعة"))
            let csv = try await manager.get("/reports/volunteers/export/hours-by-kind.csv?\(range)")
            #expect(csv.status == .ok && csv.body.contains("1.5"))

            let (coordinator, _) = try await t.signedIn(as: .volunteerCoordinator)
            #expect(try await coordinator.get("/reports/volunteers").status == .forbidden)
            let hers = try await coordinator.get("/volunteers/hours/report?\(range)")
            #expect(hers.status == .ok && hers.contains(">1.5<"))
            #expect(try await coordinator.get("/volunteers/hours/report/export/hours-by-kind.csv?\(range)").status == .ok)

            let jeddah = try await t.makeBranch("JED")
            let (other, _) = try await t.signedIn(as: .volunteerCoordinator, username: "jed.coordinator", branch: jeddah, scope: .ownBranch)
            let theirs = try await other.get("/volunteers/hours/report?\(range)")
            #expect(theirs.status == .ok && !theirs.contains(">1.5<"))
        }
    }
}
