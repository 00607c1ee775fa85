import Fluent
import LamasatCore
import Vapor

/// The catalogs an administrator keeps: beneficiary categories, document types with the categories that need them,
/// support types, and the committee's rejection reasons. Entries are retired (inactive), never deleted, because files point at them.
struct CatalogsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("catalogs") { try await self.show(req: $0, errors: [:]) }.requires(.manageSettings)
        routes.post("catalogs", "categories") { try await self.saveSimple(BeneficiaryCategory.self, key: "categories", req: $0) }.requires(.manageSettings)
        routes.post("catalogs", "rejection-reasons") { try await self.saveSimple(RejectionReason.self, key: "rejection-reasons", req: $0) }
            .requires(.manageSettings)
        routes.post("catalogs", "document-types") { try await self.saveDocumentType(req: $0) }.requires(.manageSettings)
        routes.post("catalogs", "support-types") { try await self.saveSupportType(req: $0) }.requires(.manageSettings)
    }

    struct TypeRow: Encodable {
        struct Choice: Encodable { let code: String; let label: String; let checked: Bool }
        let id: String, code: String, nameArabic: String, nameEnglish: String, hasExpiry: Bool, isActive: Bool
        let requiredForAll: Bool
        let choices: [Choice]
    }

    struct SupportRow: Encodable {
        let id: String, code: String, nameArabic: String, nameEnglish: String, isActive: Bool
        let kinds: [FormField.Option]
        let documents: [TypeRow.Choice]
        let maximumAmount: String
        let frequencyMonths: String
    }

    struct CatalogsView: Encodable {
        let page: PageContext
        let simple: [SimpleCatalogSection]
        let types: [TypeRow]
        let newType: TypeRow
        let supportTypes: [SupportRow]
        let newSupportType: SupportRow
        let errors: [String: String]
    }

    func show(req: Request, errors: [String: String]) async throws -> View {
        let categories = try await BeneficiaryCategory.query(on: req.db).sort(\.$sortOrder).all()
        let types = try await DocumentType.query(on: req.db).sort(\.$sortOrder).all()
        func row(_ type: DocumentType?) -> TypeRow {
            let codes = type?.requiredCategoryCodes ?? []
            return TypeRow(id: type?.id?.uuidString ?? "", code: type?.code ?? "", nameArabic: type?.nameArabic ?? "",
                           nameEnglish: type?.nameEnglish ?? "", hasExpiry: type?.hasExpiry ?? false, isActive: type?.isActive ?? true,
                           requiredForAll: codes.contains("*"),
                           choices: categories.map { TypeRow.Choice(code: $0.code, label: $0.name(in: req.language), checked: codes.contains($0.code)) })
        }
        let supportTypes = try await SupportType.query(on: req.db).sort(\.$sortOrder).all()
        func support(_ item: SupportType?) -> SupportRow {
            let chosen = item?.requiredDocumentCodes ?? []
            return SupportRow(
                id: item?.id?.uuidString ?? "", code: item?.code ?? "", nameArabic: item?.nameArabic ?? "", nameEnglish: item?.nameEnglish ?? "",
                isActive: item?.isActive ?? true,
                kinds: FormField.Option.choices(SupportKind.allCases, selected: item?.kind.rawValue, req),
                documents: types.map { TypeRow.Choice(code: $0.code, label: $0.name(in: req.language), checked: chosen.contains($0.code)) },
                maximumAmount: (item?.maximumAmount ?? 0) == 0 ? "" : Money(halalas: item!.maximumAmount).plain,
                frequencyMonths: (item?.frequencyMonths ?? 0) == 0 ? "" : String(item!.frequencyMonths))
        }
        return try await req.render("admin/catalogs", CatalogsView(
            page: PageContext(req, title: req.t("nav.catalogs")),
            simple: [try await SimpleCatalogSection.make(BeneficiaryCategory.self, key: "categories", req: req, errors: errors),
                     try await SimpleCatalogSection.make(RejectionReason.self, key: "rejection-reasons", req: req, errors: errors)],
            types: types.map(row), newType: row(nil), supportTypes: supportTypes.map(support), newSupportType: support(nil),
            errors: errors))
    }

    /// Creates (no id) or updates one document type.
    func saveDocumentType(req: Request) async throws -> Response {
        let form = CatalogEntryForm(request: req)
        let existing = try await form.existing(DocumentType.self, on: req.db)
        let problem = try await form.problem(isNew: existing == nil, longestName: 80, req) { code in
            try await DocumentType.query(on: req.db).filter(\.$code == code).first() != nil
        }
        let errors = problem.map { ["type": $0] } ?? [:]
        let (code, nameArabic, nameEnglish) = (form.code, form.nameArabic, form.nameEnglish)
        guard errors.isEmpty else { return try await show(req: req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req) }
        let known = Set(try await BeneficiaryCategory.query(on: req.db).all().map(\.code))
        let chosen = req.formCheckbox("requiredForAll") ? ["*"]
            : ((try? req.content.get([String].self, at: "requiredFor")) ?? []).filter { known.contains($0) }.sorted()
        let nextOrder = try await DocumentType.query(on: req.db).count() + 1
        let type = existing ?? DocumentType(code: code, nameArabic: nameArabic, nameEnglish: nameEnglish, hasExpiry: false, requiredFor: "",
                                            sortOrder: nextOrder)
        type.nameArabic = nameArabic
        type.nameEnglish = nameEnglish
        type.hasExpiry = req.formCheckbox("hasExpiry")
        type.requiredFor = chosen.joined(separator: ",")
        type.isActive = existing == nil ? true : form.isActive
        try await req.db.transaction { db in
            try await type.save(on: db)
            try await req.audit(existing == nil ? "catalog.documentTypeCreated" : "catalog.documentTypeUpdated",
                                record: ("document_type", try type.requireID().uuidString), detail: "\(type.code) required=\(type.requiredFor)", on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }

    /// Creates (no id) or updates one support type: its kind, documents, ceiling and how often a household may get it.
    func saveSupportType(req: Request) async throws -> Response {
        let form = CatalogEntryForm(request: req)
        let existing = try await form.existing(SupportType.self, on: req.db)
        var errors: [String: String] = [:]
        let kind = SupportKind(rawValue: req.formText("kind"))
        if kind == nil { errors["support"] = req.t("validation.choose") }
        var ceiling = Money.zero
        if !req.formText("maximumAmount").isEmpty {
            do { ceiling = try Money(req.formText("maximumAmount")) } catch { errors["support"] = req.t(error.localizationKey) }
        }
        let frequencyText = req.formText("frequencyMonths")
        let frequency = frequencyText.isEmpty ? 0 : ArabicDigits.parseInt(frequencyText)
        if frequency == nil || !(0...120).contains(frequency ?? -1) { errors["support"] = req.t("catalog.error.frequency") }
        if let problem = try await form.problem(isNew: existing == nil, longestName: 80, req, taken: { code in
            try await SupportType.query(on: req.db).filter(\.$code == code).first() != nil
        }) { errors["support"] = problem }
        let (code, nameArabic, nameEnglish) = (form.code, form.nameArabic, form.nameEnglish)
        guard errors.isEmpty, let kind, let frequency else {
            return try await show(req: req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let known = Set(try await DocumentType.query(on: req.db).all().map(\.code))
        let documents = ((try? req.content.get([String].self, at: "requiredDocuments")) ?? []).filter { known.contains($0) }.sorted()
        let nextOrder = try await SupportType.query(on: req.db).count() + 1
        let item = existing ?? SupportType(code: code, nameArabic: nameArabic, nameEnglish: nameEnglish, kind: kind, requiredDocuments: "",
                                           maximumAmount: 0, frequencyMonths: 0, sortOrder: nextOrder)
        item.nameArabic = nameArabic
        item.nameEnglish = nameEnglish
        item.kind = kind
        item.requiredDocuments = documents.joined(separator: ",")
        item.maximumAmount = ceiling.halalas
        item.frequencyMonths = frequency
        item.isActive = existing == nil ? true : form.isActive
        try await req.db.transaction { db in
            try await item.save(on: db)
            try await req.audit(existing == nil ? "catalog.supportTypeCreated" : "catalog.supportTypeUpdated",
                                record: ("support_type", try item.requireID().uuidString), detail: item.code, on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }
}
