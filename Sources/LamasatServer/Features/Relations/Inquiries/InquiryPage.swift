import Fluent
import LamasatCore
import Vapor

/// One inquiry: the question, its clock against the target, FAQ answers that may fit, and the forms to answer,
/// refer to the researcher, close or reopen.
enum InquiryPage {
    struct Suggestion: Encodable { let question: String; let answer: String }
    struct View: Encodable {
        let page: PageContext
        let id: String
        let number: String
        let status: String
        let statusCode: String
        let facts: [FactRow]
        let question: String
        /// What came with it: a photo or document she sent on WhatsApp.
        let attachments: [CaseAttachments.Link]?
        let answer: String?
        let suggestions: [Suggestion]?
        /// The answer box, written by hand in the page: the FAQ script reads it as it is typed.
        let answerBox: FormField?
        let refer: [FormField]?
        let canClose: Bool
        let canReopen: Bool
        let library: [LibraryLink]?
        let error: String?
        /// Her conversation, and the box to ask her for more (open cases only).
        let thread: [CaseConversation.Line]?
        let askBox: [FormField]?
        let askAction: String
        let replyWaiting: Bool
    }

    static func reachable(_ req: Request, parameter: String = "inquiryID") async throws -> Inquiry {
        try await req.scoped(Inquiry.self, id: req.parameters.get(parameter), branch: \.$branchID) { $0.with(\.$category) }
    }

    static func show(req: Request, error: String? = nil, errors: FieldErrors = [:], status: HTTPStatus = .ok) async throws -> Response {
        let inquiry = try await reachable(req)
        try await req.auditView("inquiry", id: try inquiry.requireID().uuidString)
        let formatter = DualCalendarFormatter(language: req.language)
        let calendar = try await Holiday.calendar(on: req.db)
        let people = try await StaffUser.query(on: req.db).filter(\.$id ~~ [inquiry.createdBy, inquiry.answeredBy, inquiry.referredTo].compactMap { $0 }).all()
        let names = Dictionary(uniqueKeysWithValues: try people.map { (try $0.requireID(), $0.fullName) })
        var facts = [
            FactRow(label: req.t("case.contactName"), value: inquiry.contactName, dir: nil),
            FactRow(label: req.t("case.contactPhone"), value: (try? SaudiMobile(inquiry.contactPhone))?.local ?? inquiry.contactPhone, dir: "ltr"),
                        FactRow(label: req.t("request.field.channel"), value: req.t(inquiry.channel.localizationKey), dir: nil),
            FactRow(label: req.t("case.category"), value: inquiry.category.name(in: req.language), dir: nil),
            FactRow(label: req.t("case.received"), value: formatter.dateTime(inquiry.createdAt).combined + " · " + (names[inquiry.createdBy] ?? ""), dir: nil),
            FactRow(label: req.t("case.due"), value: formatter.dateTime(inquiry.dueAt).combined, dir: nil),
        ]
        if let first = inquiry.firstResponseAt {
            facts.append(FactRow(label: req.t("case.firstResponse"), value: req.t("case.workingDays", String(calendar.workingDays(from: inquiry.createdAt, to: first))), dir: nil))
        }
        if let referred = inquiry.referredTo {
            facts.append(FactRow(label: req.t("inquiry.referredTo"), value: (names[referred] ?? "—") + " — " + inquiry.referralReason, dir: nil))
        }
        if let email = inquiry.contactEmail { facts.append(FactRow(label: req.t("case.contactEmail"), value: email, dir: "ltr")) }
        facts += try await FactRow.socialOrigin(of: try inquiry.requireID(), req)
        let suggestions = try await FAQSearch.matches(inquiry.question, limit: 3, on: req.db)
        let researchers = try await Researchers.eligible(for: inquiry.branchID, on: req.db)
        // A refused answer or referral shows the page again with what was typed; the answer box starts with the one given.
        let posted = req.method == .POST ? req.url.path.split(separator: "/").last : nil
        var answer = posted == "answer" ? TextBoxForm(.inquiryAnswer(req), request: req) : TextBoxForm(.inquiryAnswer(req))
        if posted != "answer" { answer.text = inquiry.answer }
        let referral = posted == "refer" ? InquiryReferralForm(request: req) : InquiryReferralForm(req)
        let view = View(
            page: PageContext(req, title: req.t("inquiry.title", inquiry.number)), id: try inquiry.requireID().uuidString, number: inquiry.number,
            status: req.t(inquiry.status.localizationKey), statusCode: inquiry.status.rawValue, facts: facts, question: inquiry.question,
            attachments: try await CaseAttachments.links(.inquiry, try inquiry.requireID(), on: req.db).nonEmpty,
            answer: inquiry.answer.isEmpty ? nil : inquiry.answer,
            suggestions: suggestions.map { Suggestion(question: $0.question(in: req.language), answer: $0.answer(in: req.language)) }.nonEmpty,
            answerBox: inquiry.status.applying(.answer) == nil ? nil : answer.fields(req, errors: errors).first,
            refer: inquiry.status.applying(.refer) == nil ? nil : referral.fields(req, researchers: researchers, errors: errors),
            canClose: inquiry.status.applying(.close) != nil, canReopen: inquiry.status.applying(.reopen) != nil,
            library: try await LibraryLink.for("inquiries", req: req), error: error,
            thread: try await CaseConversation.lines(.inquiry, try inquiry.requireID(), req: req),
            askBox: inquiry.status.isOpen ? (posted == "ask" ? TextBoxForm(.askHer(req), request: req) : TextBoxForm(.askHer(req))).fields(req, errors: errors) : nil,
            askAction: "/inquiries/\(try inquiry.requireID().uuidString)/ask", replyWaiting: inquiry.replyWaitingAt != nil)
        return try await req.render("inquiries/show", view).encodeResponse(status: status, for: req)
    }
}
