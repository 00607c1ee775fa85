import Fluent
import LamasatCore
import Vapor

/// One simple catalog on the catalogs page: a form per entry and the form that adds one.
struct SimpleCatalogSection: Encodable {
    static let longestName = 60
    let title: String
    /// Each entry's form, then the form that adds one.
    let forms: [CatalogRowForm]

    static func make<Kind: CatalogKind>(_ type: CatalogEntry<Kind>.Type, key: String, req: Request, posted: CatalogsController.Posted?) async throws -> Self {
        let entries = try await CatalogEntry<Kind>.query(on: req.db).all().sorted { $0.sortOrder < $1.sortOrder }
        func row(_ form: CatalogEntryForm) -> CatalogRowForm {
            CatalogsController.Posted.form(posted, catalog: key, id: form.id, code: form.code, add: req.t("catalog.\(key).add"), req) {
                form.simpleFields(req, errors: [:], longestName: longestName, catalog: key)
            }
        }
        return SimpleCatalogSection(
            title: req.t("catalog.\(key).title"),
            forms: entries.map { row(CatalogEntryForm(id: $0.id, code: $0.code, nameArabic: $0.nameArabic, nameEnglish: $0.nameEnglish, isActive: $0.isActive)) }
                + [row(CatalogEntryForm())])
    }
}

extension CatalogsController {
    /// Creates (no id) or updates one entry of a simple catalog; the code is set once.
    func saveSimple<Kind: CatalogKind>(_ type: CatalogEntry<Kind>.Type, key: String, req: Request) async throws -> Response {
        let form = CatalogEntryForm(request: req)
        let existing = try await form.existing(CatalogEntry<Kind>.self, on: req.db)
        let errors = try await form.errors(isNew: existing == nil, longestName: SimpleCatalogSection.longestName, req) { code in
            try await CatalogEntry<Kind>.query(on: req.db).all().contains { $0.code == code }
        }
        guard errors.isEmpty else {
            let fields = form.simpleFields(req, errors: errors, longestName: SimpleCatalogSection.longestName, catalog: key)
            return try await show(req: req, posted: Posted(catalog: key, id: form.id, fields: fields))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let nextOrder = try await CatalogEntry<Kind>.query(on: req.db).count() + 1
        let entry = existing ?? CatalogEntry<Kind>(code: form.code, nameArabic: form.nameArabic, nameEnglish: form.nameEnglish, sortOrder: nextOrder)
        entry.nameArabic = form.nameArabic
        entry.nameEnglish = form.nameEnglish
        entry.isActive = existing == nil ? true : form.isActive
        try await req.db.writeTransaction { db in
            try await entry.save(on: db)
            try await req.audit(existing == nil ? "catalog.\(key).created" : "catalog.\(key).updated",
                                record: (CatalogEntry<Kind>.schema, try entry.requireID().uuidString), detail: entry.code, on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }
}
