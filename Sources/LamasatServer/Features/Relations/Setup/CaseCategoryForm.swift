import Fluent
import LamasatCore
import Vapor

/// An inquiry or complaint category, new (kind and code given once) or edited (`id` set): its names, its response
/// target in working days, and whether it is still offered.
struct CaseCategoryForm {
    var id = ""
    var kind = CaseCategory.Kind.inquiry.rawValue
    var code = ""
    var nameArabic = ""
    var nameEnglish = ""
    var targetDays = ""
    var isActive = true

    init() {}

    init(_ category: CaseCategory) {
        id = category.id?.uuidString ?? ""
        kind = category.kind.rawValue
        code = category.code
        nameArabic = category.nameArabic
        nameEnglish = category.nameEnglish
        targetDays = String(category.targetDays)
        isActive = category.isActive
    }

    init(request req: Request) {
        id = req.formText("id")
        kind = req.formText("kind")
        code = req.formText("code").lowercased()
        nameArabic = req.formText("nameArabic")
        nameEnglish = req.formText("nameEnglish")
        targetDays = req.formText("targetDays")
        isActive = req.formCheckbox("isActive")
    }

    /// The category to save with what was typed (not yet saved), or the errors; an id that names none is a 404.
    /// Editing keeps the kind and code.
    func validate(_ req: Request) async throws -> (CaseCategory?, FieldErrors) {
        var existing: CaseCategory?
        if !id.isEmpty {
            guard let uuid = UUID(uuidString: id), let found = try await CaseCategory.find(uuid, on: req.db) else { throw Abort(.notFound) }
            existing = found
        }
        var errors: FieldErrors = [:]
        if nameArabic.isEmpty || nameArabic.count > 60 { errors["nameArabic"] = req.t("catalog.error.name") }
        if nameEnglish.count > 60 { errors["nameEnglish"] = req.t("validation.tooLong") }
        let target = ArabicDigits.parseInt(targetDays) ?? -1
        if !(0...60).contains(target) { errors["targetDays"] = req.t("relationsSetup.error.category") }
        let chosenKind = CaseCategory.Kind(rawValue: kind)
        if existing == nil {
            if chosenKind == nil { errors["kind"] = req.t("validation.choose") }
            if !CatalogCode.isValid(code) { errors["code"] = req.t("catalog.error.code") } else if let chosenKind,
               try await CaseCategory.query(on: req.db).filter(\.$kind == chosenKind).filter(\.$code == code).count() > 0 {
                errors["code"] = req.t("catalog.error.codeTaken")
            }
        }
        guard errors.isEmpty else { return (nil, errors) }
        let category: CaseCategory
        if let existing {
            category = existing
            category.isActive = isActive
        } else {
            category = CaseCategory(kind: chosenKind ?? .inquiry, code: code, nameArabic: nameArabic, nameEnglish: nameEnglish, targetDays: target,
                                    sortOrder: try await CaseCategory.query(on: req.db).count() + 1)
        }
        category.nameArabic = nameArabic
        category.nameEnglish = nameEnglish
        category.targetDays = target
        return (category, errors)
    }

    /// A row of the list (`key` is its id; its Arabic name's label says its kind and code), or the new category's form.
    func fields(_ req: Request, errors: FieldErrors) -> [FormField] {
        let key = id.isEmpty ? nil : id
        var fields: [FormField] = []
        if key == nil {
            fields += [
                FormField(name: "kind", label: req.t("relationsSetup.kind"), kind: "select", error: errors["kind"],
                          options: [CaseCategory.Kind.inquiry, .complaint].map {
                              FormField.Option(value: $0.rawValue, label: req.t("case.kind.\($0.rawValue)"), selected: $0.rawValue == kind)
                          }),
                FormField(name: "code", label: req.t("catalog.code"), value: code, error: errors["code"], dir: "ltr", maxlength: 30),
            ]
        }
        let arabicLabel = key == nil ? req.t("branch.nameArabic") : "\(req.t("case.kind.\(kind)")) · \(req.t("branch.nameArabic")) \u{2066}\(code)\u{2069}"
        fields += [
            FormField(name: "nameArabic", label: arabicLabel, value: nameArabic, error: errors["nameArabic"], maxlength: 60, key: key),
            FormField(name: "nameEnglish", label: req.t("branch.nameEnglish"), value: nameEnglish, error: errors["nameEnglish"], dir: "ltr", maxlength: 60, key: key),
            FormField(name: "targetDays", label: req.t("relationsSetup.targetDays"), value: targetDays, error: errors["targetDays"], inputmode: "numeric",
                      dir: "ltr", maxlength: 2, key: key),
        ]
        if key != nil { fields.append(FormField(name: "isActive", label: req.t("catalog.active"), kind: "checkbox", checked: isActive, key: key)) }
        return fields.prepared()
    }
}
