import Fluent
import LamasatCore
import Vapor

/// Service recovery: a low score from someone who agreed to be contacted becomes a task for a manager of her branch,
/// who calls her and records what was done. Only here are individual answers seen, and only hers who asked for it.
struct SurveyFollowUpsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let followUps = routes.grouped("satisfaction", "followups")
        followUps.get { try await self.index(req: $0) }.requires(.viewSatisfaction)
        followUps.get(":followUpID") { try await self.show(req: $0, status: .ok) }.requires(.viewSatisfaction)
        followUps.post(":followUpID", "done") { try await self.done(req: $0) }.requires(.viewSatisfaction)
    }

    static func visible(_ req: Request) throws -> QueryBuilder<SurveyFollowUp> {
        let staff = try req.requireStaff()
        let query = SurveyFollowUp.query(on: req.db)
        query.withinReach(of: staff, \.$branchID)
        return query
    }

    private func reachable(_ req: Request) async throws -> SurveyFollowUp {
        try await req.scoped(SurveyFollowUp.self, id: req.parameters.get("followUpID"), branch: \.$branchID)
    }

    struct Row: Encodable { let path: String; let name: String; let reference: String; let created: String; let done: Bool }
    struct IndexView: Encodable { let page: PageContext; let rows: [Row]?; let showDone: Bool; let paging: Paging }

    func index(req: Request) async throws -> View {
        let showDone = req.query[String.self, at: "done"] == "1"
        let pageNumber = Paging.requestedPage(req)
        let (items, total) = try await Self.visible(req).filter(\.$isDone == showDone).sort(\.$createdAt, showDone ? .descending : .ascending).page(pageNumber)
        let files = try await Beneficiary.query(on: req.db).filter(\.$id ~~ items.map(\.beneficiaryID)).all()
        let invitations = try await SurveyInvitation.query(on: req.db).filter(\.$id ~~ items.map(\.invitationID)).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return try await req.render("satisfaction/followups", IndexView(
            page: PageContext(req, title: req.t("satisfaction.followUpsTitle")),
            rows: items.map { item in
                Row(path: "/satisfaction/followups/\(try item.requireID().uuidString)", name: files.first { $0.id == item.beneficiaryID }?.name.full ?? "—",
                    reference: invitations.first { $0.id == item.invitationID }?.reference ?? "", created: formatter.date(item.createdAt).combined, done: item.isDone)
            }.nonEmpty, showDone: showDone,
            paging: Paging(req, total: total, page: pageNumber, path: "/satisfaction/followups", filters: ["done": showDone ? "1" : ""])))
    }

    struct AnswerLine: Encodable { let question: String; let answer: String }
    struct ShowView: Encodable {
        let page: PageContext
        let id: String
        let name: String
        let filePath: String
        let mobile: String
        let reference: String
        let service: String
        let created: String
        let answers: [AnswerLine]
        let done: Bool
        let doneNote: String
        /// A conflict (already done), not tied to the note.
        let error: String?
        let fields: [FormField]
    }

    func show(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        let followUp = try await reachable(req)
        guard let file = try await Beneficiary.find(followUp.beneficiaryID, on: req.db),
              let invitation = try await SurveyInvitation.find(followUp.invitationID, on: req.db) else { throw Abort(.notFound) }
        let answers = try await SurveyAnswer.query(on: req.db).filter(\.$responseID == followUp.responseID).all()
        let questions = try await SurveyQuestion.query(on: req.db).filter(\.$id ~~ answers.map(\.questionID)).sort(\.$position).all()
        let lines = questions.compactMap { question -> AnswerLine? in
            guard let answer = answers.first(where: { $0.questionID == question.id }) else { return nil }
            return AnswerLine(question: question.text(in: req.language), answer: question.answerText(answer, req: req, scaleWords: true))
        }
        try await req.auditView("survey_followup", id: try followUp.requireID().uuidString)
        return try await req.render("satisfaction/followup", ShowView(
            page: PageContext(req, title: req.t("satisfaction.followUpTitle", file.name.full)), id: try followUp.requireID().uuidString,
            name: file.name.full, filePath: "/beneficiaries/\(try file.requireID().uuidString)", mobile: file.mobile, reference: invitation.reference,
            service: try await SurveyServiceName.label(invitation.serviceType, req: req),
            created: DualCalendarFormatter(language: req.language).dateTime(followUp.createdAt).combined, answers: lines,
            done: followUp.isDone, doneNote: followUp.note, error: error,
            fields: (req.method == .POST ? TextBoxForm(.followUpNote(req), request: req) : TextBoxForm(.followUpNote(req))).fields(req, errors: errors))).encodeResponse(status: status, for: req)
    }

    func done(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let followUp = try await reachable(req)
        guard !followUp.isDone else { return try await show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        let (note, errors) = TextBoxForm(.followUpNote(req), request: req).validate(req)
        guard let note else { return try await show(req: req, errors: errors, status: .unprocessableEntity) }
        let now = req.now
        // Once: a second manager closing it at the same moment does not overwrite the first one's note.
        let closed = try await req.db.writeTransaction { db -> Bool in
            let claimed = try await db.sql.raw("""
                UPDATE survey_followups SET is_done = \(bind: true), note = \(bind: note), done_by = \(bind: staff.userID), done_at = \(bind: now)
                WHERE id = \(bind: try followUp.requireID()) AND is_done = \(bind: false) RETURNING id
                """).all()
            guard claimed.count == 1 else { return false }
            try await req.audit("survey.followUpDone", record: ("beneficiary", followUp.beneficiaryID.uuidString), on: db)
            return true
        }
        guard closed else { return try await show(req: req, error: req.t("case.error.notNow"), status: .conflict) }
        return req.redirect(to: "/satisfaction/followups?done=followUpDone")
    }
}
