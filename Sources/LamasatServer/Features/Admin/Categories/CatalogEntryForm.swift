import Fluent
import LamasatCore
import Vapor

/// What every catalog form (simple catalogs, document types, support types, case categories) sends: the entry
/// edited (its id, none for a new one), its code (set once), its names, and whether it is still offered.
struct CatalogEntryForm {
    var id = ""
    var code = ""
    var nameArabic = ""
    var nameEnglish = ""
    var isActive = true

    init() {}

    init(id: UUID?, code: String, nameArabic: String, nameEnglish: String, isActive: Bool) {
        self.id = id?.uuidString ?? ""
        self.code = code
        self.nameArabic = nameArabic
        self.nameEnglish = nameEnglish
        self.isActive = isActive
    }

    init(request req: Request) {
        id = req.formText("id")
        code = req.formText("code").lowercased()
        nameArabic = req.formText("nameArabic")
        nameEnglish = req.formText("nameEnglish")
        isActive = req.formCheckbox("isActive")
    }

    var isNew: Bool { id.isEmpty }

    /// The entry being edited, or nil for a new one; an id that names none is "not found".
    func existing<Entry: Model>(_ type: Entry.Type, on db: any Database) async throws -> Entry? where Entry.IDValue == UUID {
        guard !id.isEmpty else { return nil }
        guard let uuid = UUID(uuidString: id), let entry = try await Entry.find(uuid, on: db) else { throw Abort(.notFound) }
        return entry
    }

    /// The names and, for a new entry, the code, checked field by field; `taken` tells whether a code is already
    /// used in this catalog.
    func errors(isNew: Bool, longestName: Int, _ req: Request, taken: (String) async throws -> Bool) async throws -> FieldErrors {
        var errors: FieldErrors = [:]
        if nameArabic.isEmpty || nameArabic.count > longestName { errors["nameArabic"] = req.t("catalog.error.name") }
        if nameEnglish.count > longestName { errors["nameEnglish"] = req.t("validation.tooLong") }
        if isNew {
            if !CatalogCode.isValid(code) { errors["code"] = req.t("catalog.error.code") }
            else if try await taken(code) { errors["code"] = req.t("catalog.error.codeTaken") }
        }
        return errors
    }

    /// The first problem as one message, for pages that show a catalog's error above it.
    func problem(isNew: Bool, longestName: Int, _ req: Request, taken: (String) async throws -> Bool) async throws -> String? {
        let errors = try await errors(isNew: isNew, longestName: longestName, req, taken: taken)
        return errors["code"] ?? errors["nameArabic"] ?? errors["nameEnglish"]
    }

    /// The code (new entries only), the names and, for an entry already there, whether it is still offered.
    /// `key` tells apart the many forms of one page.
    func fields(_ req: Request, errors: FieldErrors, longestName: Int, key: String) -> [FormField] {
        var fields: [FormField] = []
        if isNew {
            fields.append(FormField(name: "code", label: req.t("catalog.code"), value: code, hint: req.t("catalog.codeHint"), error: errors["code"],
                                    required: true, dir: "ltr", maxlength: 30, key: key))
        }
        fields.append(FormField(name: "nameArabic", label: req.t("branch.nameArabic"), value: nameArabic, error: errors["nameArabic"],
                                required: true, maxlength: longestName, key: key))
        fields.append(FormField(name: "nameEnglish", label: req.t("branch.nameEnglish"), value: nameEnglish, error: errors["nameEnglish"],
                                dir: "ltr", maxlength: longestName, key: key))
        return fields
    }

    /// The "still offered" box, last on an existing entry's row.
    func activeField(_ req: Request, key: String) -> [FormField] {
        isNew ? [] : [FormField(name: "isActive", label: req.t("catalog.active"), kind: "checkbox", checked: isActive, key: key)]
    }

    /// What ends the ids of this entry's fields on a page holding one form per entry of `catalog`.
    func key(_ catalog: String) -> String { catalog + "-" + (isNew ? "new" : id) }

    /// The whole form of an entry of a simple catalog (names and, once it exists, whether it is offered).
    func simpleFields(_ req: Request, errors: FieldErrors, longestName: Int, catalog: String) -> [FormField] {
        (fields(req, errors: errors, longestName: longestName, key: key(catalog)) + activeField(req, key: key(catalog))).prepared()
    }
}

/// One form of a catalog page: an entry's row (its code shown, set once) or the "add" form that ends the catalog.
struct CatalogRowForm: Encodable {
    let id: String
    let code: String
    let action: String
    /// "Save" on an entry's row, "Add …" on the form that adds one.
    let submit: String
    let fields: [FormField]
}
