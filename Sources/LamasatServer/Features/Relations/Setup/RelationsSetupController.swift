import Fluent
import LamasatCore
import Vapor

/// The settings of this area an administrator keeps: holidays (response targets skip them, besides the
/// Friday–Saturday weekend) and the inquiry and complaint categories with their targets in working days.
struct RelationsSetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let setup = routes.grouped("admin", "relations")
        setup.get { try await self.page(req: $0, error: nil, status: .ok) }.requires(.manageSettings)
        setup.post("holidays") { try await self.addHoliday(req: $0) }.requires(.manageSettings)
        setup.post("holidays", ":holidayID", "delete") { try await self.removeHoliday(req: $0) }.requires(.manageSettings)
        setup.post("categories") { try await self.saveCategory(req: $0) }.requires(.manageSettings)
    }

    struct HolidayRow: Encodable { let id: String; let day: String; let name: String }
    struct CategoryRow: Encodable {
        let id: String; let kind: String; let code: String; let nameArabic: String; let nameEnglish: String; let targetDays: Int; let isActive: Bool
    }
    struct PageView: Encodable { let page: PageContext; let holidays: [HolidayRow]?; let categories: [CategoryRow]; let error: String? }

    func page(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let formatter = DualCalendarFormatter(language: req.language)
        let holidays = try await Holiday.query(on: req.db).sort(\.$day).all()
        let categories = try await CaseCategory.query(on: req.db).sort(\.$kind).sort(\.$sortOrder).all()
        return try await req.render("admin/relations", PageView(
            page: PageContext(req, title: req.t("relationsSetup.title")),
            holidays: holidays.map { HolidayRow(id: $0.id!.uuidString, day: CalendarDay(stored: $0.day).map { formatter.date($0.moment).combined } ?? $0.day, name: $0.name) }.nonEmpty,
            categories: categories.map { CategoryRow(id: $0.id!.uuidString, kind: req.t("case.kind.\($0.kind.rawValue)"), code: $0.code, nameArabic: $0.nameArabic,
                                                     nameEnglish: $0.nameEnglish, targetDays: $0.targetDays, isActive: $0.isActive) },
            error: error)).encodeResponse(status: status, for: req)
    }

    func addHoliday(req: Request) async throws -> Response {
        let name = req.formText("name")
        guard let day = try? CalendarDay.day(req.formText("day"), calendar: CalendarDay.Calendar(rawValue: req.formText("calendar")) ?? .gregorian),
              !name.isEmpty, name.count <= 80,
              // A holiday is near: this year give or take two (a Hijri date typed as Gregorian lands centuries away).
              abs((Int(day.description.prefix(4)) ?? 0) - (Int(CalendarDay.today(req.now).description.prefix(4)) ?? 0)) <= 2
        else { return try await page(req: req, error: req.t("relationsSetup.error.holiday"), status: .unprocessableEntity) }
        guard try await Holiday.query(on: req.db).filter(\.$day == day.description).count() == 0 else {
            return try await page(req: req, error: req.t("relationsSetup.error.holidayTaken"), status: .unprocessableEntity)
        }
        let holiday = Holiday(day: day.description, name: name)
        try await req.db.transaction { db in
            try await holiday.create(on: db)
            try await req.audit("settings.holidayAdded", detail: day.description, on: db)
        }
        return req.redirect(to: "/admin/relations?done=settingsSaved")
    }

    func removeHoliday(req: Request) async throws -> Response {
        guard let id = req.parameters.get("holidayID", as: UUID.self), let holiday = try await Holiday.find(id, on: req.db) else { throw Abort(.notFound) }
        try await req.db.transaction { db in
            try await holiday.delete(on: db)
            try await req.audit("settings.holidayRemoved", detail: holiday.day, on: db)
        }
        return req.redirect(to: "/admin/relations?done=settingsSaved")
    }

    /// Creates (no id; kind and code given) or updates a category's names, target and active flag.
    func saveCategory(req: Request) async throws -> Response {
        let form = CatalogEntryForm(request: req)
        let existing = try await form.existing(CaseCategory.self, on: req.db)
        let (nameArabic, nameEnglish) = (form.nameArabic, form.nameEnglish)
        let target = ArabicDigits.parseInt(req.formText("targetDays")) ?? -1
        guard !nameArabic.isEmpty, nameArabic.count <= 60, nameEnglish.count <= 60, (0...60).contains(target) else {
            return try await page(req: req, error: req.t("relationsSetup.error.category"), status: .unprocessableEntity)
        }
        let category: CaseCategory
        if let existing {
            category = existing
            category.isActive = form.isActive
        } else {
            let code = form.code
            guard let kind = CaseCategory.Kind(rawValue: req.formText("kind")), CatalogCode.isValid(code),
                  try await CaseCategory.query(on: req.db).filter(\.$kind == kind).filter(\.$code == code).count() == 0
            else { return try await page(req: req, error: req.t("catalog.error.code"), status: .unprocessableEntity) }
            category = CaseCategory(kind: kind, code: code, nameArabic: nameArabic, nameEnglish: nameEnglish, targetDays: target,
                                    sortOrder: try await CaseCategory.query(on: req.db).count() + 1)
        }
        category.nameArabic = nameArabic
        category.nameEnglish = nameEnglish
        category.targetDays = target
        try await req.db.transaction { db in
            try await category.save(on: db)
            try await req.audit("settings.caseCategory", detail: category.code, on: db)
        }
        return req.redirect(to: "/admin/relations?done=settingsSaved")
    }
}
