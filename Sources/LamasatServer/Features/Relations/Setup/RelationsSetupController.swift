import Fluent
import LamasatCore
import Vapor

/// The settings of this area an administrator keeps: holidays (response targets skip them, besides the
/// Friday–Saturday weekend) and the inquiry and complaint categories with their targets in working days.
struct RelationsSetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let setup = routes.grouped("admin", "relations")
        setup.get { try await self.page(req: $0, errors: [:], status: .ok) }.requires(.manageSettings)
        setup.post("holidays") { try await self.addHoliday(req: $0) }.requires(.manageSettings)
        setup.post("holidays", ":holidayID", "delete") { try await self.removeHoliday(req: $0) }.requires(.manageSettings)
        setup.post("categories") { try await self.saveCategory(req: $0) }.requires(.manageSettings)
    }

    struct HolidayRow: Encodable { let id: String; let day: String; let name: String }
    struct CategoryRow: Encodable { let id: String; let fields: [FormField] }
    /// The list's forms: a holiday to add, each category's row, and a new category.
    struct PageView: Encodable {
        let page: PageContext; let holidays: [HolidayRow]?; let holiday: [FormField]; let categories: [CategoryRow]; let newCategory: [FormField]
    }

    /// The page; after a refused save, the form that was posted shows what was typed and its errors.
    func page(req: Request, errors: FieldErrors, status: HTTPStatus) async throws -> Response {
        let formatter = DualCalendarFormatter(language: req.language)
        let holidays = try await Holiday.query(on: req.db).sort(\.$day).all()
        let categories = try await CaseCategory.query(on: req.db).sort(\.$kind).sort(\.$sortOrder).all()
        let posted = req.method == .POST ? req.url.path.split(separator: "/").last : nil
        let typedCategory = posted == "categories" ? CaseCategoryForm(request: req) : nil
        let categoryForm = { (category: CaseCategory?) -> [FormField] in
            let id = category?.id?.uuidString ?? ""
            guard var typed = typedCategory, typed.id == id else { return (category.map(CaseCategoryForm.init) ?? CaseCategoryForm()).fields(req, errors: [:]) }
            // An edit keeps the kind and code, whatever was posted.
            if let category { (typed.kind, typed.code) = (category.kind.rawValue, category.code) }
            return typed.fields(req, errors: errors)
        }
        return try await req.render("admin/relations", PageView(
            page: PageContext(req, title: req.t("relationsSetup.title")),
            holidays: try holidays.map { HolidayRow(id: try $0.requireID().uuidString, day: CalendarDay(stored: $0.day).map { formatter.date($0.moment).combined } ?? $0.day,
                                                    name: $0.name) }.nonEmpty,
            holiday: (posted == "holidays" ? HolidayForm(request: req) : HolidayForm()).fields(req, errors: posted == "holidays" ? errors : [:]),
            categories: try categories.map { CategoryRow(id: try $0.requireID().uuidString, fields: categoryForm($0)) }, newCategory: categoryForm(nil))).encodeResponse(status: status, for: req)
    }

    func addHoliday(req: Request) async throws -> Response {
        let (holiday, errors) = try await HolidayForm(request: req).validate(req)
        guard let holiday else { return try await page(req: req, errors: errors, status: .unprocessableEntity) }
        try await req.db.writeTransaction { db in
            try await holiday.create(on: db)
            try await req.audit("settings.holidayAdded", detail: holiday.day, on: db)
        }
        return req.redirect(to: "/admin/relations?done=settingsSaved")
    }

    func removeHoliday(req: Request) async throws -> Response {
        guard let id = req.parameters.get("holidayID", as: UUID.self), let holiday = try await Holiday.find(id, on: req.db) else { throw Abort(.notFound) }
        try await req.db.writeTransaction { db in
            try await holiday.delete(on: db)
            try await req.audit("settings.holidayRemoved", detail: holiday.day, on: db)
        }
        return req.redirect(to: "/admin/relations?done=settingsSaved")
    }

    /// Creates (no id; kind and code given) or updates a category's names, target and active flag.
    func saveCategory(req: Request) async throws -> Response {
        let (category, errors) = try await CaseCategoryForm(request: req).validate(req)
        guard let category else { return try await page(req: req, errors: errors, status: .unprocessableEntity) }
        try await req.db.writeTransaction { db in
            try await category.save(on: db)
            try await req.audit("settings.caseCategory", detail: category.code, on: db)
        }
        return req.redirect(to: "/admin/relations?done=settingsSaved")
    }
}
