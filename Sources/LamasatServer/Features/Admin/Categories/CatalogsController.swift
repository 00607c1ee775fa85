import Fluent
import LamasatCore
import Vapor

/// The catalogs an administrator keeps: beneficiary categories, document types with the categories that need them,
/// support types, and the committee's rejection reasons. Entries are retired (inactive), never deleted, because files point at them.
struct CatalogsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("catalogs") { try await self.show(req: $0) }.requires(.manageSettings)
        routes.post("catalogs", "categories") { try await self.saveSimple(BeneficiaryCategory.self, key: "categories", req: $0) }.requires(.manageSettings)
        routes.post("catalogs", "rejection-reasons") { try await self.saveSimple(RejectionReason.self, key: "rejection-reasons", req: $0) }
            .requires(.manageSettings)
        routes.post("catalogs", "document-types") { try await self.saveDocumentType(req: $0) }.requires(.manageSettings)
        routes.post("catalogs", "support-types") { try await self.saveSupportType(req: $0) }.requires(.manageSettings)
    }

    /// The form sent back with its errors: which catalog, which entry ("" for a new one), and its fields as typed.
    struct Posted {
        let catalog: String
        let id: String
        let fields: [FormField]

        /// The posted form when it is this one, the entry's own otherwise; `add` labels the form of a new entry.
        static func form(_ posted: Posted?, catalog: String, id: String, code: String, add: String, _ req: Request,
                         _ fields: () -> [FormField]) -> CatalogRowForm {
            let isThis = posted?.catalog == catalog && posted?.id == id
            return CatalogRowForm(id: id, code: code, action: "/admin/catalogs/\(catalog)", submit: id.isEmpty ? add : req.t("form.save"),
                                  fields: isThis ? posted!.fields : fields())
        }
    }

    struct CatalogsView: Encodable {
        let page: PageContext
        let simple: [SimpleCatalogSection]
        /// Each entry's form, then the form that adds one.
        let types: [CatalogRowForm]
        let supportTypes: [CatalogRowForm]
    }

    func show(req: Request, posted: Posted? = nil) async throws -> View {
        let categories = try await BeneficiaryCategory.query(on: req.db).sort(\.$sortOrder).all()
        let types = try await DocumentType.query(on: req.db).sort(\.$sortOrder).all()
        let supportTypes = try await SupportType.query(on: req.db).sort(\.$sortOrder).all()
        func type(_ form: DocumentTypeForm) -> CatalogRowForm {
            Posted.form(posted, catalog: "document-types", id: form.entry.id, code: form.entry.code, add: req.t("catalog.addDocumentType"), req) {
                form.fields(req, errors: [:], categories: categories)
            }
        }
        func support(_ form: SupportTypeForm) -> CatalogRowForm {
            Posted.form(posted, catalog: "support-types", id: form.entry.id, code: form.entry.code, add: req.t("catalog.addSupportType"), req) {
                form.fields(req, errors: [:], documentTypes: types)
            }
        }
        return try await req.render("admin/catalogs", CatalogsView(
            page: PageContext(req, title: req.t("nav.catalogs")),
            simple: [try await SimpleCatalogSection.make(BeneficiaryCategory.self, key: "categories", req: req, posted: posted),
                     try await SimpleCatalogSection.make(RejectionReason.self, key: "rejection-reasons", req: req, posted: posted)],
            types: types.map { type(DocumentTypeForm($0)) } + [type(DocumentTypeForm())],
            supportTypes: supportTypes.map { support(SupportTypeForm($0)) } + [support(SupportTypeForm())]))
    }

    /// Creates (no id) or updates one document type.
    func saveDocumentType(req: Request) async throws -> Response {
        let form = DocumentTypeForm(request: req)
        let existing = try await form.entry.existing(DocumentType.self, on: req.db)
        let categories = try await BeneficiaryCategory.query(on: req.db).sort(\.$sortOrder).all()
        let (requiredFor, errors) = try await form.validate(req, isNew: existing == nil, categories: categories.map(\.code))
        guard let requiredFor else {
            let posted = Posted(catalog: "document-types", id: form.entry.id, fields: form.fields(req, errors: errors, categories: categories))
            return try await show(req: req, posted: posted).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let nextOrder = try await DocumentType.query(on: req.db).count() + 1
        let type = existing ?? DocumentType(code: form.entry.code, nameArabic: "", nameEnglish: "", hasExpiry: false, requiredFor: "", sortOrder: nextOrder)
        type.nameArabic = form.entry.nameArabic
        type.nameEnglish = form.entry.nameEnglish
        type.hasExpiry = form.hasExpiry
        type.requiredFor = requiredFor.joined(separator: ",")
        type.isActive = existing == nil ? true : form.entry.isActive
        try await req.db.writeTransaction { db in
            try await type.save(on: db)
            try await req.audit(existing == nil ? "catalog.documentTypeCreated" : "catalog.documentTypeUpdated",
                                record: ("document_type", try type.requireID().uuidString), detail: "\(type.code) required=\(type.requiredFor)", on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }

    /// Creates (no id) or updates one support type: its kind, documents, ceiling and how often a household may get it.
    func saveSupportType(req: Request) async throws -> Response {
        let form = SupportTypeForm(request: req)
        let existing = try await form.entry.existing(SupportType.self, on: req.db)
        let types = try await DocumentType.query(on: req.db).sort(\.$sortOrder).all()
        let (valid, errors) = try await form.validate(req, isNew: existing == nil, documentCodes: types.map(\.code))
        guard let valid else {
            let posted = Posted(catalog: "support-types", id: form.entry.id, fields: form.fields(req, errors: errors, documentTypes: types))
            return try await show(req: req, posted: posted).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let nextOrder = try await SupportType.query(on: req.db).count() + 1
        let item = existing ?? SupportType(code: form.entry.code, nameArabic: "", nameEnglish: "", kind: valid.kind, requiredDocuments: "",
                                           maximumAmount: 0, frequencyMonths: 0, sortOrder: nextOrder)
        item.nameArabic = form.entry.nameArabic
        item.nameEnglish = form.entry.nameEnglish
        item.kind = valid.kind
        item.requiredDocuments = valid.requiredDocuments.joined(separator: ",")
        item.maximumAmount = valid.ceiling.halalas
        item.frequencyMonths = valid.frequencyMonths
        item.isActive = existing == nil ? true : form.entry.isActive
        try await req.db.writeTransaction { db in
            try await item.save(on: db)
            try await req.audit(existing == nil ? "catalog.supportTypeCreated" : "catalog.supportTypeUpdated",
                                record: ("support_type", try item.requireID().uuidString), detail: item.code, on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }
}
