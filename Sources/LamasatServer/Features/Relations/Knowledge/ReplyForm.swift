import LamasatCore
import Vapor

/// A canned reply, new or edited (`id` set): its title, its text with the variables it may use, and whether it is offered.
struct ReplyForm {
    var id = ""
    var title = ""
    var body = ""
    var isActive = true

    init() {}

    init(_ reply: CannedReply) {
        id = reply.id?.uuidString ?? ""
        title = reply.title
        body = reply.body
        isActive = reply.isActive
    }

    init(request req: Request) {
        id = req.formText("id")
        title = req.formText("title")
        body = req.formText("body")
        isActive = req.formCheckbox("isActive")
    }

    /// The reply to save with what was typed (not yet saved), or the errors. An id that names no reply is a 404.
    func validate(_ req: Request) async throws -> (CannedReply?, FieldErrors) {
        let existing = try await UUID(uuidString: id).asyncMap { try await CannedReply.find($0, on: req.db) } ?? nil
        if !id.isEmpty && existing == nil { throw Abort(.notFound) }
        var errors: FieldErrors = [:]
        if title.isEmpty { errors["title"] = req.t("validation.required") } else if title.count > 80 { errors["title"] = req.t("validation.tooLong") }
        let unknown = ReplyTemplate.unknownVariables(in: body)
        if body.isEmpty { errors["body"] = req.t("validation.required") } else if body.count > 1000 { errors["body"] = req.t("validation.tooLong") }
        else if !unknown.isEmpty { errors["body"] = req.t("reply.error.variables", unknown.joined(separator: "، ")) }
        guard errors.isEmpty else { return (nil, errors) }
        let reply = existing ?? CannedReply(title: title, body: body, at: req.now)
        reply.title = title
        reply.body = body
        // A new reply is offered at once; unticking retires an existing one.
        reply.isActive = existing == nil ? true : isActive
        reply.updatedAt = req.now
        return (reply, errors)
    }

    /// The new reply's form, or one reply's (`key` tells the forms of the page apart; it alone offers "active").
    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        let key = id.isEmpty ? nil : id
        // The variables are isolated left-to-right, so their braces read right in an Arabic hint.
        let variables = req.t("reply.variables") + " \u{2066}" + ReplyTemplate.variables.map { "{\($0)}" }.joined(separator: " ") + "\u{2069}"
        var fields = [
            FormField(name: "title", label: req.t("reply.title"), value: title, error: errors["title"], required: true, maxlength: 80, key: key),
            FormField(name: "body", label: req.t("reply.body"), kind: "textarea", value: body, hint: variables, error: errors["body"], required: true,
                      maxlength: 1000, key: key),
        ]
        if key != nil { fields.append(FormField(name: "isActive", label: req.t("catalog.active"), kind: "checkbox", checked: isActive, key: key)) }
        return fields.prepared()
    }
}
