import Fluent
import LamasatCore
import Vapor

/// The catalogs an administrator keeps: beneficiary categories, and document types with the categories that need
/// them. Entries are retired (inactive), never deleted, because files point at them.
struct CatalogsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("catalogs") { try await self.show(req: $0, errors: [:]) }.requires(.manageSettings)
        routes.post("catalogs", "categories") { try await self.saveCategory(req: $0) }.requires(.manageSettings)
        routes.post("catalogs", "document-types") { try await self.saveDocumentType(req: $0) }.requires(.manageSettings)
    }

    struct CategoryRow: Encodable {
        let id: String, code: String, nameArabic: String, nameEnglish: String, isActive: Bool
    }

    struct TypeRow: Encodable {
        struct Choice: Encodable { let code: String; let label: String; let checked: Bool }
        let id: String, code: String, nameArabic: String, nameEnglish: String, hasExpiry: Bool, isActive: Bool
        let requiredForAll: Bool
        let choices: [Choice]
    }

    struct CatalogsView: Encodable {
        let page: PageContext
        let categories: [CategoryRow]
        let types: [TypeRow]
        let newType: TypeRow
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
        return try await req.render("admin/catalogs", CatalogsView(
            page: PageContext(req, title: req.t("nav.catalogs")),
            categories: categories.map { CategoryRow(id: $0.id!.uuidString, code: $0.code, nameArabic: $0.nameArabic,
                                                     nameEnglish: $0.nameEnglish, isActive: $0.isActive) },
            types: types.map(row), newType: row(nil), errors: errors))
    }

    static func validCode(_ code: String) -> Bool {
        (2...30).contains(code.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Creates (no id) or updates one category.
    func saveCategory(req: Request) async throws -> Response {
        let code = req.formText("code").lowercased(), nameArabic = req.formText("nameArabic"), nameEnglish = req.formText("nameEnglish")
        let existing = try await UUID(uuidString: req.formText("id")).asyncMap { try await BeneficiaryCategory.find($0, on: req.db) } ?? nil
        if !req.formText("id").isEmpty && existing == nil { throw Abort(.notFound) }
        var errors: [String: String] = [:]
        if nameArabic.isEmpty || nameArabic.count > 60 { errors["category"] = req.t("catalog.error.name") }
        if existing == nil {
            if !Self.validCode(code) { errors["category"] = req.t("catalog.error.code") }
            else if try await BeneficiaryCategory.query(on: req.db).filter(\.$code == code).first() != nil { errors["category"] = req.t("catalog.error.codeTaken") }
        }
        guard errors.isEmpty else { return try await show(req: req, errors: errors).encodeResponse(status: .unprocessableEntity, for: req) }
        let nextOrder = try await BeneficiaryCategory.query(on: req.db).count() + 1
        let category = existing ?? BeneficiaryCategory(code: code, nameArabic: nameArabic, nameEnglish: nameEnglish, sortOrder: nextOrder)
        category.nameArabic = nameArabic
        category.nameEnglish = nameEnglish
        category.isActive = existing == nil ? true : req.formCheckbox("isActive")
        try await req.db.transaction { db in
            try await category.save(on: db)
            try await req.audit(existing == nil ? "catalog.categoryCreated" : "catalog.categoryUpdated",
                                record: ("beneficiary_category", category.id!.uuidString), detail: category.code, on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }

    /// Creates (no id) or updates one document type.
    func saveDocumentType(req: Request) async throws -> Response {
        let code = req.formText("code").lowercased(), nameArabic = req.formText("nameArabic"), nameEnglish = req.formText("nameEnglish")
        let existing = try await UUID(uuidString: req.formText("id")).asyncMap { try await DocumentType.find($0, on: req.db) } ?? nil
        if !req.formText("id").isEmpty && existing == nil { throw Abort(.notFound) }
        var errors: [String: String] = [:]
        if nameArabic.isEmpty || nameArabic.count > 80 { errors["type"] = req.t("catalog.error.name") }
        if existing == nil {
            if !Self.validCode(code) { errors["type"] = req.t("catalog.error.code") }
            else if try await DocumentType.query(on: req.db).filter(\.$code == code).first() != nil { errors["type"] = req.t("catalog.error.codeTaken") }
        }
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
        type.isActive = existing == nil ? true : req.formCheckbox("isActive")
        try await req.db.transaction { db in
            try await type.save(on: db)
            try await req.audit(existing == nil ? "catalog.documentTypeCreated" : "catalog.documentTypeUpdated",
                                record: ("document_type", type.id!.uuidString), detail: "\(type.code) required=\(type.requiredFor)", on: db)
        }
        return req.redirect(to: "/admin/catalogs?done=catalogSaved")
    }
}
