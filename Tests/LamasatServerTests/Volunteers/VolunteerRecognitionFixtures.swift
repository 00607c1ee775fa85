import Fluent
import Foundation
import LamasatCore
@testable import LamasatServer

extension TestContext {
    /// A completed assignment of `volunteer` on a new opportunity of her branch that started `daysAgo` days ago, with
    /// `minutes` logged and its hours in `hours` (pending by default) — what parts B and C leave for the hours desk.
    func makeWorkedAssignment(_ volunteer: Volunteer, kind: OpportunityKind = .distributionDay, title: String = "يوم توزيع",
                              daysAgo: Double = 3, minutes: Int = 180, hours: HoursStatus = .pending) async throws -> VolunteerAssignment {
        let starts = clock.now().addingTimeInterval(-daysAgo * 86_400)
        let opportunity = try await VolunteerOpportunity.numbered(
            kind, title, place: "مستودع الجمعية", district: "النسيم", branch: volunteer.branchID, starts: starts,
            ends: starts.addingTimeInterval(Double(minutes) * 60), status: .closed, by: UUID(), at: starts, on: db)
        let assignment = try VolunteerAssignment.offered(opportunity, to: volunteer, by: UUID(), at: starts)
        assignment.status = .completed
        assignment.minutes = minutes
        assignment.hoursStatus = hours
        assignment.hoursNote = "ساعدت في التغليف"
        try await assignment.create(on: db)
        return assignment
    }

    /// The code of the link in the last message to `mobile` whose key starts with `prefix`.
    func linkCode(in prefix: String, path: String) async throws -> String? {
        let message = try await OutboxMessage.query(on: db).filter(\.$idempotencyKey, .custom("LIKE"), "\(prefix)%").first()
        guard let body = message?.body, let range = body.range(of: "/\(path)/") else { return nil }
        return String(body[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
    }
}
