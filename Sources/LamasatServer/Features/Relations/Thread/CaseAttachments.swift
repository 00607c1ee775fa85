import Fluent
import Vapor

/// Files kept on a case: an attachment typed in at the office, or a photo or document she sent on WhatsApp.
enum CaseAttachments {
    struct Link: Encodable { let path: String; let name: String }

    /// The case's files, each with its address under the case's own page (which checks her reach).
    static func links(_ kind: CaseKind, _ caseID: UUID, on db: any Database) async throws -> [Link] {
        let base = "/\(kind == .inquiry ? "inquiries" : "complaints")/\(caseID.uuidString)/attachments/"
        return try await StoredFile.query(on: db).filter(\.$ownerType == kind.rawValue).filter(\.$ownerID == caseID).sort(\.$createdAt).all()
            .map { Link(path: base + (try $0.requireID().uuidString), name: $0.displayName) }
    }

    /// One file of a case the caller has already reached; another case's file is not found. Audited.
    static func download(_ kind: CaseKind, _ caseID: UUID, number: String, req: Request) async throws -> Response {
        guard let id = req.parameters.get("fileID", as: UUID.self),
              let file = try await StoredFile.query(on: req.db).filter(\.$id == id).filter(\.$ownerType == kind.rawValue).filter(\.$ownerID == caseID).first()
        else { throw Abort(.notFound) }
        try await req.audit("\(kind.rawValue).attachmentDownloaded", record: (kind.rawValue, caseID.uuidString))
        return StoredFiles.response(file, name: number)
    }
}
