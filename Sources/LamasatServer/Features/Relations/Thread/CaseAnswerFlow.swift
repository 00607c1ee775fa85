import Fluent
import LamasatCore
import Vapor

/// The officer's submit of an answer, a closing or a question to her: first a preview of the exact message, its
/// channel and masked recipient (and why it would not go), then "send", "answered by phone" or "edit".
enum CaseAnswerFlow {
    struct Hidden: Encodable { let name: String; let value: String }
    struct PreviewView: Encodable {
        let page: PageContext
        let action: String
        let back: String
        let body: String
        let channel: String
        let recipient: String
        let refusal: String?
        let hidden: [Hidden]
        let canPhone: Bool
    }

    /// `change` writes the case's own change first (write-before-read), returning false when the case moved meanwhile;
    /// the message and the conversation follow in the same transaction.
    /// Why nothing would be sent, as the outbox says it ("opted out", "no consent") or the preview finds it.
    static func refusalKey(_ skipped: String) -> String {
        switch skipped {
        case "opted out": "caseMessage.refusal.optedOut"
        case "no consent": "caseMessage.refusal.noConsent"
        default: "caseMessage.refusal.noNumber"
        }
    }

    /// The case's page, with an error, field errors and a status (`InquiryPage.show`, `ComplaintPage.show`).
    typealias Show = (_ error: String?, _ errors: FieldErrors, _ status: HTTPStatus) async throws -> Response

    static func run(req: Request, _ c: CaseAnswer.Case, _ purpose: CaseAnswer.Purpose, text: String, fields: [String], back: String, show: Show,
                    change: @escaping @Sendable (any Database) async throws -> Bool) async throws -> Response {
        let staff = try req.requireStaff()
        let confirm = req.formText("confirm")
        if confirm == "edit" { return try await show(nil, [:], .ok) }
        let outgoing = try await CaseAnswer.compose(c, purpose, text: text, req: req)
        guard confirm == "send" || confirm == "phone" else {
            // Nothing is written: the preview carries what was typed and the message's own id to the next submit.
            let hidden = fields.map { Hidden(name: $0, value: req.formText($0)) } + [Hidden(name: "messageID", value: outgoing.messageID.uuidString)]
            let refusal = outgoing.route.skipped.map { req.t(refusalKey($0)) }
            return try await req.render("cases/preview", PreviewView(
                page: PageContext(req, title: req.t("caseMessage.previewTitle", c.number)), action: req.url.path, back: back,
                body: outgoing.draft.body, channel: req.t(outgoing.route.channel.localizationKey),
                recipient: outgoing.route.recipient.isEmpty ? "—" : OutboxMessage.maskedRecipient(outgoing.route.recipient),
                refusal: refusal, hidden: hidden, canPhone: purpose != .close)).encodeResponse(for: req)
        }
        let byPhone = confirm == "phone" && purpose != .close
        let (now, author) = (req.now, staff.userID)
        let moved = try await req.db.writeTransaction { db -> Bool in
            guard try await change(db) else { return false }
            if byPhone {
                try await CaseAnswer.byPhone(c, text: text, author: author, now: now, on: db)
            } else {
                try await CaseAnswer.send(outgoing, c, text: text, author: author, now: now, on: db)
            }
            try await req.audit("\(c.kind.rawValue).\(byPhone ? "answeredByPhone" : "messageSent")", record: (c.kind.rawValue, c.id.uuidString),
                                detail: c.number, on: db)
            return true
        }
        return moved ? req.redirect(to: back + "?done=caseMessage\(byPhone ? "Phone" : "Sent")") : try await show(req.t("case.error.notNow"), [:], .conflict)
    }

    /// "Ask her for more information": the question goes to her like an answer; the case keeps its status, her
    /// waiting reply counts as answered, and `also` records what the kind of case records.
    static func ask(req: Request, _ c: CaseAnswer.Case, back: String, show: Show,
                    also: @escaping @Sendable (any Database, String) async throws -> Void = { _, _ in }) async throws -> Response {
        let (question, errors) = TextBoxForm(.askHer(req), request: req).validate(req, error: req.t("caseMessage.error.ask"))
        guard let question else { return try await show(nil, errors, .unprocessableEntity) }
        return try await run(req: req, c, .ask, text: question, fields: ["ask"], back: back, show: show) { db in
            try await CaseThread.answered(c.kind, c.id, on: db)
            try await also(db, question)
            return true
        }
    }
}
