import Fluent
import LamasatCore
import Vapor

/// What volunteers said after their assignments, for the coordinator of their branch: the average rating, how many
/// felt safe and prepared, and the comments, newest first.
struct VolunteerFeedbackController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("volunteers", "feedback") { try await self.index(req: $0) }.requires(.manageVolunteers)
    }

    struct Answer: Encodable {
        let volunteer: String; let opportunity: String; let when: String; let rating: Int; let safe: String; let prepared: String; let comment: String?
    }
    struct IndexView: Encodable {
        let page: PageContext
        let answered: Int
        let waiting: Int
        let average: String
        let safe: String
        let prepared: String
        let answers: [Answer]?
    }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let query = VolunteerSurvey.query(on: req.db).sort(\.$createdAt, .descending)
        query.withinReach(of: staff, \.$branchID)
        let surveys = try await query.all()
        let answered = surveys.filter { $0.answeredAt != nil }
        let volunteers = try await Volunteer.query(on: req.db).filter(\.$id ~~ Set(answered.map(\.volunteerID))).all()
        let names = Dictionary(uniqueKeysWithValues: volunteers.compactMap { v in v.id.map { ($0, v.name) } })
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$id ~~ Set(answered.map(\.assignmentID))).all()
        let opportunities = try await VolunteerOpportunity.query(on: req.db).filter(\.$id ~~ Set(assignments.map(\.opportunityID))).all()
        let titles = Dictionary(uniqueKeysWithValues: opportunities.compactMap { o in o.id.map { ($0, o.title) } })
        let titleOf = Dictionary(uniqueKeysWithValues: assignments.compactMap { a in a.id.map { ($0, titles[a.opportunityID] ?? "—") } })
        let ratings = answered.compactMap(\.rating)
        let average = ratings.isEmpty ? "—" : String(format: "%.1f", Double(ratings.reduce(0, +)) / Double(ratings.count))
        func share(_ flag: KeyPath<VolunteerSurvey, Bool?>) -> String {
            answered.isEmpty ? "—" : "\(Int((Double(answered.filter { $0[keyPath: flag] == true }.count) * 100 / Double(answered.count)).rounded()))%"
        }
        let formatter = DualCalendarFormatter(language: req.language)
        let yes = req.t("volunteer.survey.yes"), no = req.t("volunteer.survey.no")
        try await req.audit("view", record: ("volunteer_feedback", "list"))
        return try await req.render("volunteers/recognition/feedback", IndexView(
            page: PageContext(req, title: req.t("volunteer.feedback.title")), answered: answered.count, waiting: surveys.count - answered.count,
            average: average, safe: share(\.feltSafe), prepared: share(\.feltPrepared),
            answers: answered.prefix(200).map { s in
                Answer(volunteer: names[s.volunteerID] ?? "—", opportunity: titleOf[s.assignmentID] ?? "—", when: formatter.date(s.answeredAt ?? s.createdAt).combined,
                       rating: s.rating ?? 0, safe: s.feltSafe == true ? yes : no, prepared: s.feltPrepared == true ? yes : no,
                       comment: s.comment.isEmpty ? nil : s.comment)
            }.nonEmpty))
    }
}
