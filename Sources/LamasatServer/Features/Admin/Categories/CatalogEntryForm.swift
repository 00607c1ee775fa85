import Fluent
import LamasatCore
import Vapor

/// What every catalog form (simple catalogs, document types, support types) sends: the entry edited (its id, none
/// for a new one), its code (set once), its names, and whether it is still offered.
struct CatalogEntryForm {
    let id: String
    let code: String
    let nameArabic: String
    let nameEnglish: String
    let isActive: Bool

    init(request req: Request) {
        id = req.formText("id")
        code = req.formText("code").lowercased()
        nameArabic = req.formText("nameArabic")
        nameEnglish = req.formText("nameEnglish")
        isActive = req.formCheckbox("isActive")
    }

    /// The entry being edited, or nil for a new one; an id that names none is "not found".
    func existing<Entry: Model>(_ type: Entry.Type, on db: any Database) async throws -> Entry? where Entry.IDValue == UUID {
        guard !id.isEmpty else { return nil }
        guard let uuid = UUID(uuidString: id), let entry = try await Entry.find(uuid, on: db) else { throw Abort(.notFound) }
        return entry
    }

    /// The first problem with the names and, for a new entry, the code, as a localized message; `taken` tells
    /// whether a code is already used in this catalog.
    func problem(isNew: Bool, longestName: Int, _ req: Request, taken: (String) async throws -> Bool) async throws -> String? {
        var problem: String?
        if nameArabic.isEmpty || nameArabic.count > longestName { problem = req.t("catalog.error.name") }
        if isNew {
            if !CatalogCode.isValid(code) { return req.t("catalog.error.code") }
            if try await taken(code) { return req.t("catalog.error.codeTaken") }
        }
        return problem
    }
}
