import Fluent
import LamasatCore
import Vapor

/// `/vs/<code>`: her answer to the survey after an assignment, from the SMS link, without signing in. Phone first.
struct VolunteerSurveyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("vs", ":token") { try await self.show(req: $0, errors: [:], status: .ok) }.declare(.public)
        routes.post("vs", ":token") { try await self.answer(req: $0) }.declare(.public)
    }

    struct FormView: Encodable { let page: PageContext; let action: String?; let fields: [FormField]; let message: String? }

    private func closed(_ req: Request, _ key: String, status: HTTPStatus) async throws -> Response {
        try await req.render("volunteers/recognition/survey", FormView(page: PageContext(req, title: req.t("volunteer.survey.title")), action: nil,
                                                                       fields: [], message: req.t(key))).encodeResponse(status: status, for: req)
    }

    private func yesNo(_ req: Request, _ name: String, _ label: String, _ value: String, _ errors: FieldErrors) -> FormField {
        FormField(name: name, label: label, kind: "radios", error: errors[name], required: true,
                  options: [("yes", req.t("volunteer.survey.yes")), ("no", req.t("volunteer.survey.no"))].map { .init(value: $0.0, label: $0.1, selected: value == $0.0) })
    }

    func show(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        switch try await VolunteerSurveys.lookup(token, now: req.now, on: req.db) {
        case .unknown: return try await closed(req, "volunteer.survey.unknown", status: .notFound)
        case .answered: return try await closed(req, "volunteer.survey.answered", status: .gone)
        case .expired: return try await closed(req, "volunteer.survey.expired", status: .gone)
        case .open:
            let posted = req.method == .POST
            let rating = posted ? req.formText("rating") : ""
            let fields = [
                FormField(name: "rating", label: req.t("volunteer.survey.rating"), kind: "radios", hint: req.t("volunteer.survey.ratingHint"),
                          error: errors["rating"], required: true,
                          options: (1...5).map { .init(value: String($0), label: req.t("volunteer.survey.rating.\($0)"), selected: rating == String($0)) }),
                yesNo(req, "safe", req.t("volunteer.survey.safe"), posted ? req.formText("safe") : "", errors),
                yesNo(req, "prepared", req.t("volunteer.survey.prepared"), posted ? req.formText("prepared") : "", errors),
                FormField(name: "comment", label: req.t("volunteer.survey.comment"), kind: "textarea", value: posted ? req.formText("comment") : "",
                          error: errors["comment"], maxlength: 1000),
            ].prepared()
            return try await req.render("volunteers/recognition/survey", FormView(page: PageContext(req, title: req.t("volunteer.survey.title")),
                                                                                 action: "/vs/\(token)", fields: fields, message: nil))
                .encodeResponse(status: status, for: req)
        }
    }

    func answer(req: Request) async throws -> Response {
        guard case .open(let survey) = try await VolunteerSurveys.lookup(req.parameters.get("token") ?? "", now: req.now, on: req.db) else {
            return try await show(req: req, errors: [:], status: .gone)
        }
        var errors: FieldErrors = [:]
        let rating = Int(req.formText("rating")).flatMap { (1...5).contains($0) ? $0 : nil }
        if rating == nil { errors["rating"] = req.t("validation.choose") }
        func yes(_ name: String) -> Bool? {
            switch req.formText(name) { case "yes": return true; case "no": return false; default: errors[name] = req.t("validation.choose"); return nil }
        }
        let safe = yes("safe"), prepared = yes("prepared")
        let comment = req.formText("comment")
        if comment.count > 1000 { errors["comment"] = req.t("validation.tooLong") }
        guard errors.isEmpty else { return try await show(req: req, errors: errors, status: .unprocessableEntity) }
        survey.rating = rating
        survey.feltSafe = safe
        survey.feltPrepared = prepared
        survey.comment = comment
        survey.answeredAt = req.now
        try await req.db.writeTransaction { db in
            try await survey.save(on: db)
            try await req.audit("volunteer.survey.answered", record: ("volunteer_assignment", survey.assignmentID.uuidString), on: db)
        }
        return try await closed(req, "volunteer.survey.thanks", status: .ok)
    }
}
