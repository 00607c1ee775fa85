import Fluent
import LamasatCore
import Vapor

/// A document type's form: its names, the categories whose files need it ("*" for every category), and whether
/// it expires.
struct DocumentTypeForm {
    static let longestName = 80
    var entry = CatalogEntryForm()
    var hasExpiry = false
    var requiredFor: [String] = []

    init() {}

    init(_ type: DocumentType) {
        entry = CatalogEntryForm(id: type.id, code: type.code, nameArabic: type.nameArabic, nameEnglish: type.nameEnglish, isActive: type.isActive)
        hasExpiry = type.hasExpiry
        requiredFor = type.requiredCategoryCodes.sorted()
    }

    init(request req: Request) {
        entry = CatalogEntryForm(request: req)
        hasExpiry = req.formCheckbox("hasExpiry")
        requiredFor = req.formTexts("requiredFor")
    }

    /// The categories chosen, kept to those that exist ("*" alone when every category is chosen), or the errors.
    func validate(_ req: Request, isNew: Bool, categories: [String]) async throws -> (requiredFor: [String]?, errors: FieldErrors) {
        let errors = try await entry.errors(isNew: isNew, longestName: Self.longestName, req) { code in
            try await DocumentType.query(on: req.db).filter(\.$code == code).first() != nil
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (requiredFor.contains("*") ? ["*"] : requiredFor.filter(categories.contains).sorted(), errors)
    }

    func fields(_ req: Request, errors: FieldErrors, categories: [BeneficiaryCategory]) -> [FormField] {
        let key = entry.key("dt")
        let choices = [FormField.Option(value: "*", label: req.t("catalog.everyCategory"), selected: requiredFor.contains("*"))]
            + categories.map { FormField.Option(value: $0.code, label: $0.name(in: req.language), selected: requiredFor.contains($0.code)) }
        return (entry.fields(req, errors: errors, longestName: Self.longestName, key: key) + [
            FormField(name: "requiredFor[]", label: req.t("catalog.requiredFor"), kind: "checkboxes", options: choices, key: key),
            FormField(name: "hasExpiry", label: req.t("catalog.hasExpiry"), kind: "checkbox", checked: hasExpiry, key: key),
        ] + entry.activeField(req, key: key)).prepared()
    }
}
