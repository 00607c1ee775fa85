import Fluent
import LamasatCore
import Vapor

/// [P-9], [P-13]–[P-14] The page she answers on: no sign-in, phone first, Arabic unless she switches. The link
/// works once and expires. Answering anonymously stores nothing that leads back to her file or request.
struct SurveyAnswerController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let survey = routes.grouped("s")
        survey.get { try await self.codeEntry(req: $0) }.declare(.public)
        survey.get("thanks") { try await self.closed(req: $0, reason: "thanks", status: .ok) }.declare(.public)
        survey.get(":token") { try await self.show(req: $0, errors: [:], status: .ok) }.declare(.public)
        survey.post(":token") { try await self.answer(req: $0) }.declare(.public)
        survey.post(":token", "confirm") { try await self.sendConfirmation(req: $0) }.declare(.public)
    }

    struct AnswerView: Encodable {
        let page: PageContext
        let action: String?
        let service: String
        let questions: [FormField]
        /// Anonymity and consent.
        let choices: [FormField]
        let errorCount: String?
        /// A printed code asks for the confirmation sent to her mobile (see `SurveyPaperCode`).
        var confirmation: [FormField]? = nil
    }

    struct ClosedView: Encodable { let page: PageContext; let heading: String; let message: String; let showCode: Bool }

    struct CodeView: Encodable { let page: PageContext; let fields: [FormField] }

    struct ConfirmView: Encodable { let page: PageContext; let action: String; let mobile: String; let error: String? }

    /// A printed code: before the questions, a code to her mobile, which only she has.
    func sendConfirmation(req: Request) async throws -> Response {
        guard let (invitation, link, _) = try await open(req), link.medium == SurveyPaperCode.medium else { return try await refused(req) }
        guard try await SurveyPaperCode.send(link, invitation: invitation, req: req) else {
            return try await confirmPage(req, invitation, error: req.t("survey.error.confirmationSends"), status: .tooManyRequests)
        }
        return req.redirect(to: "/s/\(req.parameters.get("token") ?? "")")
    }

    private func confirmPage(_ req: Request, _ invitation: SurveyInvitation, error: String?, status: HTTPStatus) async throws -> Response {
        try await req.render("survey/confirm", ConfirmView(page: PageContext(req, title: req.t("survey.title")),
                                                           action: "/s/\(req.parameters.get("token") ?? "")/confirm",
                                                           mobile: try await SurveyPaperCode.maskedMobile(invitation, on: req.db), error: error))
            .encodeResponse(status: status, for: req)
    }

    /// For the code printed on a receipt: typed here, it opens the same page as the link.
    func codeEntry(req: Request) async throws -> Response {
        let typed = (req.query[String.self, at: "code"] ?? "").trimmingWhitespace()
        if let token = SurveyToken.canonical(typed) { return req.redirect(to: "/s/\(token)") }
        let field = FormField(name: "code", label: req.t("survey.code"), value: String(typed.prefix(40)), error: typed.isEmpty ? nil : req.t("survey.error.code"),
                              required: true, autocomplete: "off", dir: "ltr", maxlength: 40)
        return try await req.render("survey/code", CodeView(page: PageContext(req, title: req.t("survey.codeTitle")), fields: [field].prepared()))
            .encodeResponse(status: typed.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    func closed(req: Request, reason: String, status: HTTPStatus) async throws -> Response {
        try await req.render("survey/closed", ClosedView(page: PageContext(req, title: req.t("survey.\(reason).title")), heading: req.t("survey.\(reason).title"),
                                                         message: req.t("survey.\(reason).text"), showCode: reason == "unknown"))
            .encodeResponse(status: status, for: req)
    }

    private func open(_ req: Request) async throws -> (SurveyInvitation, SurveyLink, [SurveyQuestion])? {
        switch try await SurveyInvitations.lookup(req.parameters.get("token") ?? "", now: req.now, on: req.db) {
        case .open(let invitation, let link):
            let questions = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == invitation.templateID).filter(\.$isActive == true)
                .sort(\.$position).all()
            return (invitation, link, questions)
        default:
            return nil
        }
    }

    private func refused(_ req: Request) async throws -> Response {
        switch try await SurveyInvitations.lookup(req.parameters.get("token") ?? "", now: req.now, on: req.db) {
        case .used: try await closed(req: req, reason: "used", status: .gone)
        case .expired: try await closed(req: req, reason: "expired", status: .gone)
        case .locked: try await closed(req: req, reason: "locked", status: .gone)
        default: try await closed(req: req, reason: "unknown", status: .notFound)
        }
    }

    func show(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        guard let (invitation, link, questions) = try await open(req) else { return try await refused(req) }
        let paper = link.medium == SurveyPaperCode.medium
        if paper, !SurveyPaperCode.isSent(link, now: req.now) {
            return try await confirmPage(req, invitation, error: errors[SurveyPaperCode.fieldName], status: status)
        }
        var view = try Self.view(
            req, questions: questions, service: try await SurveyServiceName.label(invitation.serviceType, req: req),
            action: "/s/\(req.parameters.get("token") ?? "")", errors: errors)
        if paper { view.confirmation = SurveyAnswerForm().confirmationFields(req, errors: errors) }
        return try await req.render("survey/answer", view).encodeResponse(status: status, for: req)
    }

    /// The page for a set of questions; without an action it is the administrator's preview.
    static func view(_ req: Request, questions: [SurveyQuestion], service: String, action: String?, errors: FieldErrors) throws -> AnswerView {
        let typed = req.method == .POST ? SurveyAnswerForm(request: req, questions: questions) : SurveyAnswerForm()
        return AnswerView(page: PageContext(req, title: req.t("survey.title")), action: action, service: service,
                          questions: try typed.fields(req, questions: questions, errors: errors), choices: typed.choiceFields(req),
                          errorCount: errors.isEmpty ? nil : req.t("survey.error.count", String(errors.count)))
    }

    func answer(req: Request) async throws -> Response {
        guard let (invitation, link, questions) = try await open(req) else { return try await refused(req) }
        let form = SurveyAnswerForm(request: req, questions: questions)
        let (given, answerErrors) = try form.validate(req, questions: questions)
        var errors = answerErrors
        if let problem = try await SurveyPaperCode.check(link, typed: form.confirmation, req: req) {
            errors[SurveyPaperCode.fieldName] = problem
        }
        guard errors.isEmpty, let given else { return try await show(req: req, errors: errors, status: .unprocessableEntity) }
        let anonymous = form.anonymous
        // Consent to be contacted means nothing when she chose not to be known.
        let contact = !anonymous && form.contact
        let now = req.now
        let overall = given.first { $0.question.aspect == .overall && $0.question.kind == .scale }?.score
        let scales = given.filter { $0.question.kind == .scale }.compactMap(\.score)
        let response = SurveyResponse()
        response.id = UUID()
        response.templateID = invitation.templateID
        response.month = String(CalendarDay.today(now).description.prefix(7))
        response.branchID = invitation.branchID
        response.serviceType = invitation.serviceType
        response.isAnonymous = anonymous
        response.contactConsent = contact
        if !anonymous {
            response.invitationID = invitation.id
            response.channel = invitation.serviceChannel
            response.staffID = invitation.staffID
            response.answeredAt = now
        }
        @Sendable func store(on db: any Database) async throws {
            try await response.create(on: db)
            for (question, score, text) in given where score != nil || !text.isEmpty {
                let answer = SurveyAnswer()
                answer.responseID = try response.requireID()
                answer.questionID = try question.requireID()
                answer.score = score
                answer.text = text
                try await answer.create(on: db)
            }
        }
        let answered = try await req.db.writeTransaction { db -> Bool in
            // Single use: only the first of two simultaneous answers claims the invitation. Its links stay, so that a
            // second visit is told the answer arrived; they name the invitation, never the answer.
            let claimed = try await db.sql.raw("""
                UPDATE survey_invitations SET is_answered = \(bind: true) WHERE id = \(bind: try invitation.requireID()) AND is_answered = \(bind: false) RETURNING id
                """).all()
            guard claimed.count == 1 else { return false }
            guard !anonymous else { return true }
            try await store(on: db)
            if contact && SatisfactionMath.needsRecovery(overall: overall, scales: scales) {
                try await (try SurveyFollowUp(response: response, invitation: invitation, at: now)).create(on: db)
            }
            try await req.audit("survey.answered", record: ("beneficiary", invitation.beneficiaryID.uuidString), detail: invitation.reference, on: db)
            return true
        }
        // Anonymous: stored in a transaction of its own and without an audit entry, so that neither a shared
        // transaction id nor an address and time in the trail pairs the answer with the invitation it claimed.
        if answered && anonymous { try await req.db.writeTransaction { try await store(on: $0) } }
        guard answered else { return try await refused(req) }
        return req.redirect(to: "/s/thanks")
    }
}
