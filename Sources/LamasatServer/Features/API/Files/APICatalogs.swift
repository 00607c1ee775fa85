import Fluent
import Foundation
import LamasatAPI
import LamasatCore

/// The active entries of the catalogs a file or request refers to, in the pages' order, named in the caller's language.
extension LamasatAPIService {
    func listCategories(_ input: Operations.ListCategories.Input) async throws -> Operations.ListCategories.Output {
        let req = try APIRequest.get()
        let rows = try await BeneficiaryCategory.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        return .ok(.init(body: .json(.init(items: try rows.map { .init(id: try $0.requireID().uuidString, code: $0.code, name: $0.name(in: req.language)) }))))
    }

    func listSupportTypes(_ input: Operations.ListSupportTypes.Input) async throws -> Operations.ListSupportTypes.Output {
        let req = try APIRequest.get()
        let rows = try await SupportType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        return .ok(.init(body: .json(.init(items: try rows.map { .init(id: try $0.requireID().uuidString, code: $0.code, name: $0.name(in: req.language)) }))))
    }

    func listDocumentTypes(_ input: Operations.ListDocumentTypes.Input) async throws -> Operations.ListDocumentTypes.Output {
        let req = try APIRequest.get()
        let rows = try await DocumentType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        return .ok(.init(body: .json(.init(items: try rows.map { .init(id: try $0.requireID().uuidString, code: $0.code, name: $0.name(in: req.language)) }))))
    }
}
