import Fluent
import LamasatCore
import Vapor

/// A support type's form: its names, kind (cash, in kind, service), the documents a request for it needs, its
/// ceiling in riyals and how many months apart a household may receive it (0: no limit).
struct SupportTypeForm {
    static let longestName = 80
    var entry = CatalogEntryForm()
    var kind = ""
    var maximumAmount = ""
    var frequencyMonths = ""
    var requiredDocuments: [String] = []

    init() {}

    init(_ item: SupportType) {
        entry = CatalogEntryForm(id: item.id, code: item.code, nameArabic: item.nameArabic, nameEnglish: item.nameEnglish, isActive: item.isActive)
        kind = item.kind.rawValue
        maximumAmount = item.maximumAmount == 0 ? "" : Money(halalas: item.maximumAmount).plain
        frequencyMonths = item.frequencyMonths == 0 ? "" : String(item.frequencyMonths)
        requiredDocuments = item.requiredDocumentCodes.sorted()
    }

    init(request req: Request) {
        entry = CatalogEntryForm(request: req)
        kind = req.formText("kind")
        maximumAmount = req.formText("maximumAmount")
        frequencyMonths = req.formText("frequencyMonths")
        requiredDocuments = req.formTexts("requiredDocuments")
    }

    struct Valid {
        let kind: SupportKind
        let ceiling: Money
        let frequencyMonths: Int
        let requiredDocuments: [String]
    }

    func validate(_ req: Request, isNew: Bool, documentCodes: [String]) async throws -> (Valid?, FieldErrors) {
        var errors = try await entry.errors(isNew: isNew, longestName: Self.longestName, req) { code in
            try await SupportType.query(on: req.db).filter(\.$code == code).first() != nil
        }
        let kind = SupportKind(rawValue: kind)
        if kind == nil { errors["kind"] = req.t("validation.choose") }
        var ceiling = Money.zero
        if !maximumAmount.isEmpty {
            do { ceiling = try Money(maximumAmount) } catch { errors["maximumAmount"] = req.t(error.localizationKey) }
        }
        let frequency = frequencyMonths.isEmpty ? 0 : ArabicDigits.parseInt(frequencyMonths)
        if frequency == nil || !(0...120).contains(frequency ?? -1) { errors["frequencyMonths"] = req.t("catalog.error.frequency") }
        guard errors.isEmpty, let kind, let frequency else { return (nil, errors) }
        return (Valid(kind: kind, ceiling: ceiling, frequencyMonths: frequency, requiredDocuments: requiredDocuments.filter(documentCodes.contains).sorted()), errors)
    }

    func fields(_ req: Request, errors: FieldErrors, documentTypes: [DocumentType]) -> [FormField] {
        let key = entry.key("st")
        return (entry.fields(req, errors: errors, longestName: Self.longestName, key: key) + [
            FormField(name: "kind", label: req.t("catalog.kind"), kind: "select", error: errors["kind"], required: true,
                      options: FormField.Option.choices(SupportKind.allCases, selected: kind, req), key: key),
            FormField(name: "maximumAmount", label: req.t("catalog.maximumAmount"), value: maximumAmount, error: errors["maximumAmount"],
                      inputmode: "decimal", dir: "ltr", maxlength: 16, key: key),
            FormField(name: "frequencyMonths", label: req.t("catalog.frequencyMonths"), value: frequencyMonths, error: errors["frequencyMonths"],
                      inputmode: "numeric", dir: "ltr", maxlength: 3, key: key),
            FormField(name: "requiredDocuments[]", label: req.t("catalog.requiredDocuments"), kind: "checkboxes",
                      options: documentTypes.map { FormField.Option(value: $0.code, label: $0.name(in: req.language), selected: requiredDocuments.contains($0.code)) },
                      key: key),
        ] + entry.activeField(req, key: key)).prepared()
    }
}
