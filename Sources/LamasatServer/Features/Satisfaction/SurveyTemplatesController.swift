import Fluent
import LamasatCore
import Vapor

/// Survey templates (administration): questions of kind 1–5 scale, yes/no, choice or text, in Arabic and English,
/// ordered, previewed as she will see them. A question that has answers is retired, never deleted or changed in
/// kind, so past results keep their meaning.
struct SurveyTemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let surveys = routes.grouped("surveys")
        surveys.get { try await self.index(req: $0, error: nil, status: .ok) }.requires(.manageSurveys)
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
              let question = try await SurveyQuestion.query(on: req.db).filter(\.$id == id).filter(\.$templateID == template.id!).first() else { throw Abort(.notFound) }
        return question
    }

    private func answered(_ questionID: UUID, on db: any Database) async throws -> Bool {
        try await SurveyAnswer.query(on: db).filter(\.$questionID == questionID).count() > 0
    }

    struct TemplateRow: Encodable { let id: String; let name: String; let isDefault: Bool; let questions: Int; let responses: Int }
    struct IndexView: Encodable { let page: PageContext; let rows: [TemplateRow]; let error: String?; let name: String }

    func index(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let templates = try await SurveyTemplate.query(on: req.db).sort(\.$createdAt).all()
        var rows: [TemplateRow] = []
        for template in templates {
            rows.append(TemplateRow(id: try template.requireID().uuidString, name: template.name, isDefault: template.isDefault,
                                    questions: try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.id!).filter(\.$isActive == true).count(),
                                    responses: try await SurveyResponse.query(on: req.db).filter(\.$templateID == template.id!).count()))
        }
        return try await req.render("satisfaction/templates", IndexView(page: PageContext(req, title: req.t("nav.surveys")), rows: rows, error: error,
                                                                       name: req.method == .POST ? req.formText("name") : ""))
            .encodeResponse(status: status, for: req)
    }

    func create(req: Request) async throws -> Response {
        let name = req.formText("name")
        guard !name.isEmpty, name.count <= 120 else {
            return try await index(req: req, error: req.t(name.isEmpty ? "survey.error.name" : "validation.tooLong"), status: .unprocessableEntity)
        }
        let template = SurveyTemplate()
        template.name = name
        template.isDefault = false
        template.createdAt = req.now
        template.updatedAt = req.now
        try await req.db.transaction { db in
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

    /// The fields of a question's form; `typed` holds what was posted when the form comes back with errors.
    private func fields(_ req: Request, _ question: SurveyQuestion?, errors: FieldErrors, typed: Bool, locked: Bool) -> [FormField] {
        func value(_ name: String, _ current: String?) -> String { typed ? req.formText(name) : current ?? "" }
        let kind = typed ? req.formText("kind") : question?.kind.rawValue ?? SurveyQuestionKind.scale.rawValue
        let aspect = typed ? req.formText("aspect") : question?.aspect.rawValue ?? SurveyAspect.other.rawValue
        var list = [
            FormField(name: "textArabic", label: req.t("survey.field.textArabic"), value: value("textArabic", question?.textArabic), error: errors["textArabic"],
                      required: true, maxlength: 300),
            FormField(name: "textEnglish", label: req.t("survey.field.textEnglish"), value: value("textEnglish", question?.textEnglish), error: errors["textEnglish"],
                      dir: "ltr", maxlength: 300),
        ]
        if !locked {
            list.append(FormField(name: "kind", label: req.t("survey.field.kind"), kind: "select", error: errors["kind"], required: true,
                                  options: FormField.Option.choices(SurveyQuestionKind.allCases, selected: kind, req)))
        }
        list += [
            FormField(name: "aspect", label: req.t("survey.field.aspect"), kind: "select", error: errors["aspect"], required: true,
                      options: FormField.Option.choices(SurveyAspect.allCases, selected: aspect, req)),
            FormField(name: "choicesArabic", label: req.t("survey.field.choicesArabic"), kind: "textarea", value: value("choicesArabic", question?.choicesArabic),
                      hint: req.t("survey.field.choicesHint"), error: errors["choicesArabic"], maxlength: 1000),
            FormField(name: "choicesEnglish", label: req.t("survey.field.choicesEnglish"), kind: "textarea", value: value("choicesEnglish", question?.choicesEnglish),
                      error: errors["choicesEnglish"], dir: "ltr", maxlength: 1000),
            FormField(name: "isRequired", label: req.t("survey.field.required"), kind: "checkbox", checked: typed ? req.formCheckbox("isRequired") : question?.isRequired ?? true),
        ]
        return list.prepared()
    }

    func show(req: Request, errors: FieldErrors, status: HTTPStatus, failed: UUID? = nil) async throws -> Response {
        let template = try await template(req)
        let questions = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.id!).sort(\.$position).all()
        var rows: [QuestionRow] = []
        for question in questions {
            let answered = try await answered(try question.requireID(), on: req.db)
            let mine = failed == question.id
            rows.append(QuestionRow(id: try question.requireID().uuidString, position: question.position, text: question.textArabic, kind: req.t(question.kind.localizationKey),
                                    aspect: req.t(question.aspect.localizationKey), active: question.isActive, answered: answered,
                                    fields: fields(req, question, errors: mine ? errors : [:], typed: mine, locked: answered), open: mine))
        }
        let creating = failed == nil && req.method == .POST
        return try await req.render("satisfaction/template", ShowView(
            page: PageContext(req, title: template.name), id: try template.requireID().uuidString, name: template.name, isDefault: template.isDefault,
            questions: rows.nonEmpty, newFields: fields(req, nil, errors: creating ? errors : [:], typed: creating, locked: false),
            error: errors.isEmpty ? nil : req.t("survey.error.fix"))).encodeResponse(status: status, for: req)
    }

    func saveQuestion(req: Request, existing: SurveyQuestion?) async throws -> Response {
        let template = try await template(req)
        let locked = try await existing.asyncMap { try await answered($0.id!, on: req.db) } ?? false
        var errors: FieldErrors = [:]
        let textArabic = req.formText("textArabic"), textEnglish = req.formText("textEnglish")
        if textArabic.isEmpty { errors["textArabic"] = req.t("validation.required") } else if textArabic.count > 300 { errors["textArabic"] = req.t("validation.tooLong") }
        if textEnglish.count > 300 { errors["textEnglish"] = req.t("validation.tooLong") }
        // A question with answers keeps its kind: a 1–5 score cannot become a yes/no afterwards.
        let kind = locked ? existing!.kind : SurveyQuestionKind(rawValue: req.formText("kind"))
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        let aspect = SurveyAspect(rawValue: req.formText("aspect"))
        if aspect == nil { errors["aspect"] = req.t("validation.choose") }
        if aspect == .overall && kind != .scale { errors["aspect"] = req.t("survey.error.overallScale") }
        let choicesArabic = SurveyQuestion.lines(req.formText("choicesArabic")), choicesEnglish = SurveyQuestion.lines(req.formText("choicesEnglish"))
        if kind == .choice {
            if !(2...8).contains(choicesArabic.count) { errors["choicesArabic"] = req.t("survey.error.choices") }
            if !choicesEnglish.isEmpty && choicesEnglish.count != choicesArabic.count { errors["choicesEnglish"] = req.t("survey.error.choicesEnglish") }
            if locked && choicesArabic.count != SurveyQuestion.lines(existing!.choicesArabic).count { errors["choicesArabic"] = req.t("survey.error.choicesLocked") }
        }
        if req.formText("choicesArabic").count > 1000 { errors["choicesArabic"] = req.t("validation.tooLong") }
        guard errors.isEmpty, let kind, let aspect else {
            return try await show(req: req, errors: errors, status: .unprocessableEntity, failed: existing?.id)
        }
        let question = existing ?? SurveyQuestion()
        if existing == nil {
            question.templateID = try template.requireID()
            question.position = (try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.id!).max(\.$position) ?? 0) + 1
            question.isActive = true
        }
        question.kind = kind
        question.aspect = aspect
        question.textArabic = textArabic
        question.textEnglish = textEnglish
        question.choicesArabic = kind == .choice ? choicesArabic.joined(separator: "\n") : ""
        question.choicesEnglish = kind == .choice ? choicesEnglish.joined(separator: "\n") : ""
        question.isRequired = kind != .text && req.formCheckbox("isRequired")
        template.updatedAt = req.now
        try await req.db.transaction { db in
            try await question.save(on: db)
            try await template.save(on: db)
            try await req.audit(existing == nil ? "survey.questionAdded" : "survey.questionChanged", record: ("survey_template", try template.requireID().uuidString),
                                detail: String(textArabic.prefix(80)), on: db)
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
            try await req.db.transaction { db in
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
        try await req.db.transaction { db in
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
        let hasScale = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.id!).filter(\.$isActive == true)
            .filter(\.$aspect == .overall).filter(\.$kind == .scale).count() > 0
        guard hasScale else { return try await index(req: req, error: req.t("survey.error.noOverall"), status: .unprocessableEntity) }
        try await req.db.transaction { db in
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
        let questions = try await SurveyQuestion.query(on: req.db).filter(\.$templateID == template.id!).filter(\.$isActive == true).sort(\.$position).all()
        return try await req.render("survey/answer", SurveyAnswerController.view(req, questions: questions, service: req.t("survey.previewService"),
                                                                                  action: nil, errors: [:]))
    }
}
