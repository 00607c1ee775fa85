import Fluent
import LamasatCore
import Vapor

/// [P-7], [P-11] Questions and answers in Arabic and English, published or internal, with the common misconceptions
/// corrected; searched with the Arabic normalization, and suggested while an inquiry is answered.
struct FAQController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let faq = routes.grouped("faq")
        faq.get { try await self.index(req: $0) }.requires(.viewDashboard)
        faq.get("suggest") { try await self.suggest(req: $0) }.requires(.handleInquiries)
        faq.get("new") { try await self.form(req: $0, entry: nil, errors: [:], status: .ok) }.requires(.manageLibrary)
        faq.post { try await self.save(req: $0, entry: nil) }.requires(.manageLibrary)
        faq.get(":entryID", "edit") { try await self.form(req: $0, entry: try await self.entry($0), errors: [:], status: .ok) }.requires(.manageLibrary)
        faq.post(":entryID") { try await self.save(req: $0, entry: try await self.entry($0)) }.requires(.manageLibrary)
    }

    private func entry(_ req: Request) async throws -> FAQEntry {
        guard let id = req.parameters.get("entryID", as: UUID.self), let entry = try await FAQEntry.find(id, on: req.db) else { throw Abort(.notFound) }
        return entry
    }

    struct Row: Encodable {
        let id: String; let question: String; let answer: String; let category: String; let published: Bool; let misconception: Bool
    }

    struct IndexView: Encodable { let page: PageContext; let filters: [FormField]; let rows: [Row]?; let canManage: Bool }

    func index(req: Request) async throws -> View {
        let staff = try req.requireStaff()
        let text = (req.query[String.self, at: "q"] ?? "").trimmingWhitespace()
        let category = FAQCategory(rawValue: req.query[String.self, at: "category"] ?? "")
        let entries = try await FAQSearch.matches(text, category: category?.rawValue, limit: 200, on: req.db)
        return try await req.render("faq/index", IndexView(
            page: PageContext(req, title: req.t("nav.faq")),
            filters: [FormField.faqSearch(req, text: String(text.prefix(120))), FormField.filter(req, name: "category", label: req.t("faq.category"), selected: category?.rawValue ?? "",
                                       choices: FAQCategory.allCases.map { ($0.rawValue, req.t($0.localizationKey)) })].prepared(),
            rows: try entries.map { Row(id: try $0.requireID().uuidString, question: $0.question(in: req.language), answer: $0.answer(in: req.language),
                                    category: req.t(FAQCategory(rawValue: $0.category)?.localizationKey ?? "faq.category.general"),
                                    published: $0.isPublished, misconception: $0.isMisconception) }.nonEmpty,
            canManage: staff.can(.manageLibrary)))
    }

    struct Suggestion: Content { let question: String; let answer: String }

    /// The answers that fit what is being typed, for the inquiry page's script.
    func suggest(req: Request) async throws -> [Suggestion] {
        let text = String((req.query[String.self, at: "q"] ?? "").prefix(500))
        guard !FAQSearch.words(text).isEmpty else { return [] }
        return try await FAQSearch.matches(text, limit: 3, on: req.db).map { Suggestion(question: $0.question(in: req.language), answer: $0.answer(in: req.language)) }
    }

    struct FormView: Encodable { let page: PageContext; let action: String; let fields: [FormField] }

    func form(req: Request, entry: FAQEntry?, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let typed = req.method == .POST ? FAQForm(request: req) : entry.map(FAQForm.init) ?? FAQForm()
        let fields = typed.fields(req, errors: errors)
        return try await req.render("faq/form", FormView(
            page: PageContext(req, title: req.t(entry == nil ? "faq.new" : "faq.edit")),
            action: entry.map { "/faq/\(try $0.requireID().uuidString)" } ?? "/faq", fields: fields)).encodeResponse(status: status, for: req)
    }

    func save(req: Request, entry existing: FAQEntry?) async throws -> Response {
        let staff = try req.requireStaff()
        let typed = FAQForm(request: req)
        let (category, errors) = typed.validate(req)
        guard let category else { return try await form(req: req, entry: existing, errors: errors, status: .unprocessableEntity) }
        let entry = existing ?? FAQEntry()
        typed.apply(to: entry, category: category)
        entry.updatedBy = staff.userID
        entry.updatedAt = req.now
        entry.normalize()
        try await req.db.writeTransaction { db in
            try await entry.save(on: db)
            try await req.audit(existing == nil ? "faq.created" : "faq.updated", record: ("faq_entry", try entry.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/faq?done=faqSaved")
    }
}
