import Fluent
import LamasatCore
import Vapor

/// Survey templates (administration): questions of kind 1–5 scale, yes/no, choice or text, in Arabic and English,
/// ordered, previewed as she will see them. A question that has answers is retired, never deleted or changed in
/// kind, so past results keep their meaning.
struct SurveyTemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let surveys = routes.grouped("surveys")
        surveys.get { try await self.index(req: $0, status: .ok) }.requires(.manageSurveys)
        surveys.post { try await self.create(req: $0) }.requires(.manageSurveys)
        let one = surveys.grouped(":templateID")
        one.get { try await self.show(req: $0, errors: [:], status: .ok) }.requires(.manageSurveys)
        one.get("preview") { try await self.preview(req: $0) }.requires(.manageSurveys)
        one.post("default") { try await self.makeDefault(req: $0) }.requires(.manageSurveys)
        one.post("questions") { try await self.saveQuestion(req: $0, existing: nil) }.requires(.manageSurveys)
        one.post("questions", ":questionID") { try await self.saveQuestion(req: $0, existing: try await self.question($0)) }.requires(.manageSurveys)
        one.post("questions", ":questionID", "move") { try await self.move(req: $0) }.requires(.manageSurveys)
        one.post("questions", ":questionID", "retire") { try await self.retire(req: $0) }.requires(.manageSurveys)
    }

    private func template(_ req: Request) async throws -> SurveyTemplate {
        guard let id = req.parameters.get("templateID", as: UUID.self), let template = try await SurveyTemplate.find(id, on: req.db) else { throw Abort(.notFound) }
        return template
    }

    private func question(_ req: Request) async throws -> SurveyQuestion {
        let template = try await template(req)
        guard let id = req.parameters.get("questionID", as: UUID.self),
              let question = try await SurveyQuestion.query(on: req.db).filter(\.$id == id).filter(\.$templateID == template.requireID()).first() else { throw Abort(.notFound) }
        return question
    }

    private func answered(_ questionID: UUID, on db: any Database) async throws -> Bool {
        try await SurveyAnswer.query(on: db).filter(\.$questionID == questionID).count() > 0
    }

    struct TemplateRow: Encodable { let id: String; let name: String; let isDefault: Bool; let questions: Int; let responses: Int }
    struct IndexView: Encodable { let page: PageContext; let rows: [TemplateRow]; let error: String?; let fields: [FormField] }

    /// `error` is about a template of the list (no overall question to make it the default); `errors` about the new one.
    func index(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus) async throws -> Response {
        let templates = try await SurveyTemplate.query(on: req.db).sort(\.$createdAt).all()
        var rows: [TemplateRow] = []
        for template in templates {
            rows.append(TemplateRow(id: try template.requireID().uuidString, name: template.name, isDefault: template.isDefault,
                                    questions: try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.requireID()).filter(\.$isActive == true).count(),
                                    responses: try await SurveyResponse.query(on: req.db).filter(\.$templateID == template.requireID()).count()))
        }
        return try await req.render("satisfaction/templates", IndexView(page: PageContext(req, title: req.t("nav.surveys")), rows: rows, error: error,
                                                                       fields: (errors.isEmpty ? TextBoxForm(.templateName(req)) : TextBoxForm(.templateName(req), request: req)).fields(req, errors: errors)))
            .encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let (name, errors) = TextBoxForm(.templateName(req), request: req).validate(req)
        guard let name else { return try await index(req: req, errors: errors, status: .unprocessableEntity) }
        let template = SurveyTemplate()
        template.name = name
        template.isDefault = false
        template.createdAt = req.now
        template.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await template.create(on: db)
            try await req.audit("survey.templateCreated", record: ("survey_template", try template.requireID().uuidString), detail: name, on: db)
        }
        return req.redirect(to: "/admin/surveys/\(try template.requireID().uuidString)?done=surveySaved")
    }

    struct QuestionRow: Encodable {
        let id: String; let position: Int; let text: String; let kind: String; let aspect: String; let active: Bool; let answered: Bool
        let fields: [FormField]
        let open: Bool
    }
    struct ShowView: Encodable {
        let page: PageContext; let id: String; let name: String; let isDefault: Bool; let questions: [QuestionRow]?; let newFields: [FormField]; let error: String?
    }

    func show(req: Request, errors: FieldErrors, status: HTTPStatus, failed: UUID? = nil) async throws -> Response {
        let template = try await template(req)
        let questions = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.requireID()).sort(\.$position).all()
        var rows: [QuestionRow] = []
        for question in questions {
            let answered = try await answered(try question.requireID(), on: req.db)
            let mine = failed == question.id
            let form = mine ? SurveyQuestionForm(request: req) : SurveyQuestionForm(question)
            rows.append(QuestionRow(id: try question.requireID().uuidString, position: question.position, text: question.textArabic, kind: req.t(question.kind.localizationKey),
                                    aspect: req.t(question.aspect.localizationKey), active: question.isActive, answered: answered,
                                    fields: form.fields(req, errors: mine ? errors : [:], key: try question.requireID().uuidString, locked: answered), open: mine))
        }
        let creating = failed == nil && req.method == .POST
        return try await req.render("satisfaction/template", ShowView(
            page: PageContext(req, title: template.name), id: try template.requireID().uuidString, name: template.name, isDefault: template.isDefault,
            questions: rows.nonEmpty, newFields: (creating ? SurveyQuestionForm(request: req) : SurveyQuestionForm()).fields(req, errors: creating ? errors : [:], key: nil, locked: false),
            error: errors.isEmpty ? nil : req.t("survey.error.fix"))).encodeResponse(status: status, for: req)
    }

    func saveQuestion(req: Request, existing: SurveyQuestion?) async throws -> Response {
        let template = try await template(req)
        let locked = try await existing.asyncMap { try await answered(try $0.requireID(), on: req.db) } ?? false
        let form = SurveyQuestionForm(request: req)
        let (valid, errors) = form.validate(req, locked: locked ? existing : nil)
        guard let valid else { return try await show(req: req, errors: errors, status: .unprocessableEntity, failed: existing?.id) }
        let question = existing ?? SurveyQuestion()
        if existing == nil {
            question.templateID = try template.requireID()
            question.position = (try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.requireID()).max(\.$position) ?? 0) + 1
            question.isActive = true
        }
        form.apply(valid, to: question)
        template.updatedAt = req.now
        try await req.db.writeTransaction { db in
            try await question.save(on: db)
            try await template.save(on: db)
            try await req.audit(existing == nil ? "survey.questionAdded" : "survey.questionChanged", record: ("survey_template", try template.requireID().uuidString),
                                detail: String(form.textArabic.prefix(80)), on: db)
        }
        return req.redirect(to: "/admin/surveys/\(try template.requireID().uuidString)?done=surveySaved")
    }

    /// One place up or down, swapping with the neighbour.
    func move(req: Request) async throws -> Response {
        let question = try await question(req)
        let up = req.formText("direction") == "up"
        let siblings = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == question.templateID).sort(\.$position).all()
        guard let index = siblings.firstIndex(where: { $0.id == question.id }) else { throw Abort(.notFound) }
        let target = up ? index - 1 : index + 1
        if siblings.indices.contains(target) {
            let other = siblings[target]
            (question.position, other.position) = (other.position, question.position)
            try await req.db.writeTransaction { db in
                try await question.save(on: db)
                try await other.save(on: db)
                try await req.audit("survey.questionMoved", record: ("survey_template", question.templateID.uuidString), on: db)
            }
        }
        return req.redirect(to: "/admin/surveys/\(question.templateID.uuidString)#q-\(try question.requireID().uuidString)")
    }

    /// Retire (or bring back) a question; one never answered is deleted outright.
    func retire(req: Request) async throws -> Response {
        let question = try await question(req)
        let templateID = question.templateID
        try await req.db.writeTransaction { db in
            if try await answered(try question.requireID(), on: db) {
                question.isActive.toggle()
                try await question.save(on: db)
            } else {
                try await question.delete(on: db)
            }
            try await req.audit("survey.questionRetired", record: ("survey_template", templateID.uuidString), detail: String(question.textArabic.prefix(80)), on: db)
        }
        return req.redirect(to: "/admin/surveys/\(templateID.uuidString)?done=surveySaved")
    }

    func makeDefault(req: Request) async throws -> Response {
        let template = try await template(req)
        let hasScale = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.requireID()).filter(\.$isActive == true)
            .filter(\.$aspect == .overall).filter(\.$kind == .scale).count() > 0
        guard hasScale else { return try await index(req: req, error: req.t("survey.error.noOverall"), status: .unprocessableEntity) }
        try await req.db.writeTransaction { db in
            try await SurveyTemplate.query(on: db).set(\.$isDefault, to: false).update()
            template.isDefault = true
            try await template.save(on: db)
            try await req.audit("survey.defaultChosen", record: ("survey_template", try template.requireID().uuidString), detail: template.name, on: db)
        }
        return req.redirect(to: "/admin/surveys?done=surveyDefault")
    }

    /// The page she will see, with nothing to send.
    func preview(req: Request) async throws -> View {
        let template = try await template(req)
        let questions = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.requireID()).filter(\.$isActive == true).sort(\.$position).all()
        return try await req.render("survey/answer", SurveyAnswerController.view(req, questions: questions, service: req.t("survey.previewService"),
                                                                                  action: nil, errors: [:]))
    }
}
