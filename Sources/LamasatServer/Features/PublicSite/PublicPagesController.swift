import Fluent
import LamasatCore
import Vapor

/// [P-16] The public pages, without signing in: who the association is, its services, the published questions and
/// answers, the privacy notice, and the status of a request by tracking number and mobile — status and expected
/// date only, never its content.
struct PublicPagesController: RouteCollection {
    /// Status look-ups from one address per hour, so numbers cannot be tried one after another.
    static let lookupsPerHour = 10
    /// Replies on /status from one address per hour.
    static let repliesPerHour = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get("about") { try await self.about(req: $0) }.declare(.public)
        routes.get("services") { try await self.services(req: $0) }.declare(.public)
        routes.get("help") { try await self.faq(req: $0) }.declare(.public)
        routes.get("privacy") { try await self.privacy(req: $0) }.declare(.public)
        routes.get("status") { try await self.statusForm(req: $0, result: nil, errors: [:], status: .ok) }.declare(.public)
        routes.post("status") { try await self.lookUp(req: $0) }.declare(.public)
        routes.post("status", "reply") { try await self.reply(req: $0) }.declare(.public)
    }

    /// Empty settings come as nil: Leaf treats an empty string as true.
    struct AboutView: Encodable {
        let page: PageContext; let organization: OrganizationProfile; let name: String; let decisionDays: Int; let email: String?; let social: String?
    }

    func about(req: Request) async throws -> View {
        let organization = try await req.organization()
        return try await req.render("public/about", AboutView(page: PageContext(req, title: req.t("public.about.title")), organization: organization,
                                                              name: req.language == .en ? organization.nameEnglish : organization.nameArabic,
                                                              decisionDays: organization.decisionPeriodDays,
                                                              email: organization.email.isEmpty ? nil : organization.email,
                                                              social: organization.socialMedia.isEmpty ? nil : organization.socialMedia))
    }

    struct Service: Encodable { let name: String; let kind: String; let documents: String? }
    struct ServicesView: Encodable { let page: PageContext; let services: [Service]? }

    func services(req: Request) async throws -> View {
        let types = try await SupportType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        let documents = try await DocumentType.query(on: req.db).all()
        return try await req.render("public/services", ServicesView(page: PageContext(req, title: req.t("public.services.title")), services: types.map { type in
            let needed = type.requiredDocuments.split(separator: ",").compactMap { code in documents.first { $0.code == code }?.name(in: req.language) }
            return Service(name: type.name(in: req.language), kind: req.t(type.kind.localizationKey), documents: needed.isEmpty ? nil : needed.joined(separator: req.language == .ar ? "، " : ", "))
        }.nonEmpty))
    }

    struct Entry: Encodable { let question: String; let answer: String }
    struct FAQView: Encodable { let page: PageContext; let search: [FormField]; let entries: [Entry]? }

    /// The published entries only; internal ones stay with staff.
    func faq(req: Request) async throws -> View {
        let text = String((req.query[String.self, at: "q"] ?? "").trimmingWhitespace().prefix(120))
        let entries = try await FAQSearch.matches(text, limit: 100, on: req.db).filter(\.isPublished)
        return try await req.render("public/faq", FAQView(page: PageContext(req, title: req.t("public.faq.title")), search: [FormField.faqSearch(req, text: text)].prepared(),
                                                          entries: entries.map { Entry(question: $0.question(in: req.language), answer: $0.answer(in: req.language)) }.nonEmpty))
    }

    struct PrivacyView: Encodable { let page: PageContext; let phone: String; let email: String? }

    func privacy(req: Request) async throws -> View {
        let organization = try await req.organization()
        return try await req.render("public/privacy", PrivacyView(page: PageContext(req, title: req.t("public.privacy.title")), phone: organization.phone,
                                                                  email: organization.email.isEmpty ? nil : organization.email))
    }

    struct Result: Encodable { let tracking: String; let status: String; let statusCode: String; let expected: String? }
    struct StatusView: Encodable {
        let page: PageContext; let fields: [FormField]; let result: Result?; let notFound: Bool; let caseResult: StatusCase.Result?
    }

    func statusForm(req: Request, result: Result?, errors: FieldErrors, status: HTTPStatus, notFound: Bool = false,
                    caseResult: StatusCase.Result? = nil) async throws -> Response {
        let fields = (req.method == .POST ? StatusLookupForm(request: req) : StatusLookupForm()).fields(req, errors: errors)
        return try await req.render("public/status", StatusView(page: PageContext(req, title: req.t("public.status.title")), fields: fields, result: result,
                                                                notFound: notFound, caseResult: caseResult)).encodeResponse(status: status, for: req)
    }

    func lookUp(req: Request) async throws -> Response {
        let (valid, errors) = StatusLookupForm(request: req).validate(req)
        guard let valid else { return try await statusForm(req: req, result: nil, errors: errors, status: .unprocessableEntity) }
        let (tracking, mobile) = (valid.tracking, valid.mobile)
        guard try await PublicLookup.take("lookup", limit: Self.lookupsPerHour, req: req) else {
            return try await statusForm(req: req, result: nil, errors: ["tracking": req.t("public.status.error.tooMany")], status: .tooManyRequests)
        }
        if !tracking.hasPrefix("R-") {
            guard let found = try await StatusCase.find(tracking, mobile: mobile, on: req.db) else {
                return try await statusForm(req: req, result: nil, errors: [:], status: .notFound, notFound: true)
            }
            return try await statusForm(req: req, result: nil, errors: [:], status: .ok, caseResult: try await StatusCase.result(
                found, tracking: tracking, mobile: mobile.local, replied: false, errors: [:], req: req))
        }
        // Both must match: a tracking number alone tells nothing.
        guard let request = try await StatusCase.request(tracking, mobile: mobile, on: req.db)
        else { return try await statusForm(req: req, result: nil, errors: [:], status: .notFound, notFound: true) }
        let formatter = DualCalendarFormatter(language: req.language)
        return try await statusForm(req: req, result: Result(
            tracking: tracking, status: req.t("portal.status.\(request.status.rawValue)"), statusCode: request.status.rawValue,
            expected: request.status.awaitsDecision ? request.expectedDecisionAt.map { formatter.date($0).combined } : nil), errors: [:], status: .ok)
    }

    /// Her reply on a case, checked against its number and mobile again and limited like a look-up; it goes back to
    /// the officer's queue (a closed case opens again).
    func reply(req: Request) async throws -> Response {
        let (valid, errors) = StatusLookupForm(request: req).validate(req)
        let text = req.formText("reply")
        guard let valid, !valid.tracking.hasPrefix("R-") else { return try await statusForm(req: req, result: nil, errors: errors, status: .unprocessableEntity) }
        guard try await PublicLookup.take("reply", limit: Self.repliesPerHour, req: req) else {
            return try await statusForm(req: req, result: nil, errors: ["tracking": req.t("public.status.error.tooMany")], status: .tooManyRequests)
        }
        guard let found = try await StatusCase.find(valid.tracking, mobile: valid.mobile, on: req.db) else {
            return try await statusForm(req: req, result: nil, errors: [:], status: .notFound, notFound: true)
        }
        var replyErrors: FieldErrors = [:]
        if text.isEmpty { replyErrors["reply"] = req.t("validation.required") } else if text.count > 2000 { replyErrors["reply"] = req.t("validation.tooLong") }
        if replyErrors.isEmpty {
            let (now, key) = (req.now, req.lamasat.secrets.audit)
            try await req.db.writeTransaction { db in
                _ = try await CaseThread.receive(.init(kind: found.kind, caseID: found.id, text: text, via: "status", sourceKey: nil, actorName: "public-status"),
                                                 now: now, auditKey: key, on: db)
            }
        }
        // Read again: a reply to a closed case has opened it.
        let current = try await StatusCase.find(valid.tracking, mobile: valid.mobile, on: req.db) ?? found
        return try await statusForm(req: req, result: nil, errors: [:], status: replyErrors.isEmpty ? .ok : .unprocessableEntity, caseResult: try await StatusCase.result(
            current, tracking: valid.tracking, mobile: valid.mobile.local, replied: replyErrors.isEmpty, errors: replyErrors, req: req))
    }
}
