import Fluent
import LamasatCore
import Vapor

/// An improvement action as typed: what was said and done, owner, status, dates, and the feedback it answers.
struct ImprovementForm {
    var title = ""
    var youSaid = ""
    var weDid = ""
    var owner = ""
    var status = ImprovementAction.Status.planned.rawValue
    var dueOn = ""
    var doneOn = ""
    var references = ""
    var isPublished = false
    /// Ids of the survey comments ticked.
    var comments: [String] = []

    init() {}

    init(_ action: ImprovementAction) {
        title = action.title
        youSaid = action.youSaid
        weDid = action.weDid
        owner = action.ownerID?.uuidString ?? ""
        status = action.status.rawValue
        dueOn = action.dueOn
        doneOn = action.doneOn
        isPublished = action.isPublished
    }

    init(request req: Request) {
        title = req.formText("title")
        youSaid = req.formText("youSaid")
        weDid = req.formText("weDid")
        owner = req.formText("owner")
        status = req.formText("status")
        dueOn = req.formText("dueOn")
        doneOn = req.formText("doneOn")
        references = req.formText("references")
        isPublished = req.formCheckbox("isPublished")
        comments = req.formTexts("comments")
    }

    struct Valid {
        let status: ImprovementAction.Status
        let owner: StaffUser
        /// Stored days, "" when not given.
        let dueOn: String
        let doneOn: String
        let links: [(kind: ImprovementLink.Kind, target: UUID, label: String)]
    }

    /// `owners` are those offered on the form; `recent` the survey comments she may link.
    func validate(_ req: Request, owners: [StaffUser], recent: [(SurveyAnswer, SurveyResponse)]) async throws -> (Valid?, FieldErrors) {
        var errors: FieldErrors = [:]
        if title.isEmpty { errors["title"] = req.t("validation.required") } else if title.count > 200 { errors["title"] = req.t("validation.tooLong") }
        if youSaid.isEmpty { errors["youSaid"] = req.t("validation.required") } else if youSaid.count > 1000 { errors["youSaid"] = req.t("validation.tooLong") }
        if weDid.count > 1000 { errors["weDid"] = req.t("validation.tooLong") }
        let status = ImprovementAction.Status(rawValue: self.status)
        if status == nil { errors["status"] = req.t("validation.choose") }
        let owner = owners.first { $0.id?.uuidString == self.owner }
        if owner == nil { errors["owner"] = req.t("validation.choose") }
        func day(_ name: String, _ text: String) -> String {
            guard !text.isEmpty else { return "" }
            guard let parsed = try? CalendarDay.day(text, calendar: .gregorian) else {
                errors[name] = req.t("improvement.error.date")
                return ""
            }
            return parsed.description
        }
        let dueOn = day("dueOn", self.dueOn), doneOn = day("doneOn", self.doneOn)
        if status == .done && weDid.isEmpty { errors["weDid"] = req.t("improvement.error.weDid") }
        if status == .done && doneOn.isEmpty && errors["doneOn"] == nil { errors["doneOn"] = req.t("improvement.error.doneOn") }
        if doneOn > CalendarDay.today(req.now).description { errors["doneOn"] = req.t("improvement.error.future") }
        if isPublished && status != .done { errors["isPublished"] = req.t("improvement.error.publish") }
        // Feedback it answers: complaint or suggestion numbers she may see, and survey comments of her branch.
        var links: [(kind: ImprovementLink.Kind, target: UUID, label: String)] = []
        var unknown: [String] = []
        for number in references.uppercased().split(whereSeparator: { ", ،\n".contains($0) }).map(String.init).prefix(20) {
            if let complaint = try await req.visibleComplaints().filter(\.$number == number).first() {
                links.append((complaint.kind == .suggestion ? .suggestion : .complaint, try complaint.requireID(), complaint.number))
            } else {
                unknown.append(number)
            }
        }
        if !unknown.isEmpty { errors["references"] = req.t("improvement.error.references", unknown.joined(separator: "، ")) }
        for (answer, _) in recent where comments.contains(try answer.requireID().uuidString) {
            links.append((.surveyComment, try answer.requireID(), String(answer.text.prefix(120))))
        }
        guard errors.isEmpty, let status, let owner else { return (nil, errors) }
        return (Valid(status: status, owner: owner, dueOn: dueOn, doneOn: status == .done ? doneOn : "", links: links), [:])
    }

    func apply(_ valid: Valid, to action: ImprovementAction) {
        action.title = title
        action.youSaid = youSaid
        action.weDid = weDid
        action.ownerID = valid.owner.id
        action.status = valid.status
        action.dueOn = valid.dueOn
        action.doneOn = valid.doneOn
        action.isPublished = isPublished
    }

    /// `comments` are the survey comments offered (id, text and month); none, no check-box group.
    func fields(_ req: Request, errors: FieldErrors, owners: [StaffUser], comments: [(id: String, label: String)]) -> [FormField] {
        var fields = [
            FormField(name: "title", label: req.t("improvement.title"), value: title, error: errors["title"], required: true, maxlength: 200),
            FormField(name: "youSaid", label: req.t("improvement.youSaid"), kind: "textarea", value: youSaid, hint: req.t("improvement.youSaidHint"),
                      error: errors["youSaid"], required: true, maxlength: 1000),
            FormField(name: "weDid", label: req.t("improvement.weDid"), kind: "textarea", value: weDid, hint: req.t("improvement.weDidHint"),
                      error: errors["weDid"], maxlength: 1000),
            FormField(name: "owner", label: req.t("improvement.owner"), kind: "select", error: errors["owner"], required: true,
                      options: FormField.Option.records(owners, selected: owner, label: \.fullName)),
            FormField(name: "status", label: req.t("improvement.status"), kind: "select", error: errors["status"], required: true,
                      options: FormField.Option.choices(ImprovementAction.Status.allCases, selected: status, req)),
            FormField(name: "dueOn", label: req.t("improvement.dueOn"), kind: "date", value: dueOn, error: errors["dueOn"], dir: "ltr"),
            FormField(name: "doneOn", label: req.t("improvement.doneOn"), kind: "date", value: doneOn, error: errors["doneOn"], dir: "ltr"),
            FormField(name: "references", label: req.t("improvement.references"), value: references, hint: req.t("improvement.referencesHint"),
                      error: errors["references"], dir: "ltr", maxlength: 300),
            FormField(name: "isPublished", label: req.t("improvement.published"), kind: "checkbox", hint: req.t("improvement.publishedHint"),
                      error: errors["isPublished"], checked: isPublished),
        ]
        if !comments.isEmpty {
            fields.append(FormField(name: "comments[]", label: req.t("improvement.comments"), kind: "checkboxes",
                                    options: comments.map { FormField.Option(value: $0.id, label: $0.label, selected: self.comments.contains($0.id)) }, wide: true))
        }
        return fields.prepared()
    }
}
