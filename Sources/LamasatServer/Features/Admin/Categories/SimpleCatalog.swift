import Fluent
import LamasatCore
import Vapor

/// One simple catalog on the catalogs page: its rows and the form that adds an entry.
struct SimpleCatalogSection: Encodable {
    struct Row: Encodable { let id: String; let code: String; let nameArabic: String; let nameEnglish: String; let isActive: Bool }
    let key: String
    let title: String
    let addLabel: String
    let action: String
    let error: String?
    let rows: [Row]

    static func make<Kind: CatalogKind>(_ type: CatalogEntry<Kind>.Type, key: String, req: Request, errors: [String: String]) async throws -> Self {
        let entries = try await CatalogEntry<Kind>.query(on: req.db).all().sorted { $0.sortOrder < $1.sortOrder }
        return SimpleCatalogSection(
            key: key, title: req.t("catalog.\(key).title"), addLabel: req.t("catalog.\(key).add"), action: "/admin/catalogs/\(key)",
            error: errors[key],
            rows: entries.map { Row(id: $0.id!.uuidString, code: $0.code, nameArabic: $0.nameArabic, nameEnglish: $0.nameEnglish, isActive: $0.isActive) })
    }
}

extension CatalogsController {
    /// Creates (no id) or updates one entry of a simple catalog; the code is set once.
    func saveSimple<Kind: CatalogKind>(_ type: CatalogEntry<Kind>.Type, key: String, req: Request) async throws -> Response {
        let form = CatalogEntryForm(request: req)
        let existing = try await form.existing(CatalogEntry<Kind>.self, on: req.db)
        let problem = try await form.problem(isNew: existing == nil, longestName: 60, req) { code in
            try await CatalogEntry<Kind>.query(on: req.db).all().contains { $0.code == code }
        }
        let errors = problem.map { [key: $0] } ?? [:]
        let (code, nameArabic, nameEnglish) = (form.code, form.nameArabic, form.nameEnglish)
        guard errors.isEmpty else { return try await show(req: req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req) }
        let nextOrder = try await CatalogEntry<Kind>.query(on: req.db).count() + 1
        let entry = existing ?? CatalogEntry<Kind>(code: code, nameArabic: nameArabic, nameEnglish: nameEnglish, sortOrder: nextOrder)
        entry.nameArabic = nameArabic
        entry.nameEnglish = nameEnglish
        entry.isActive = existing == nil ? true : form.isActive
        try await req.db.transaction { db in
            try await entry.save(on: db)
            try await req.audit(existing == nil ? "catalog.\(key).created" : "catalog.\(key).updated",
                                record: (CatalogEntry<Kind>.schema, try entry.requireID().uuidString), detail: entry.code, on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }
}
