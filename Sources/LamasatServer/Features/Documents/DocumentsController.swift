import Fluent
import LamasatCore
import Vapor

/// Documents of a file: upload (checked by content, at most 10 MB), download as an attachment, verification.
struct DocumentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let documents = routes.grouped("beneficiaries", ":beneficiaryID", "documents")
        documents.on(.POST, body: .collect(maxSize: "11mb")) { try await self.upload(req: $0) }.requires(.editBeneficiaries)
        documents.get(":documentID", "download") { try await self.download(req: $0) }.requires(.viewBeneficiaries)
        documents.post(":documentID", "verify") { try await self.verify(req: $0) }.requires(.verifyDocuments)
    }

    private func back(_ file: Beneficiary, _ notice: String) throws -> String {
        "/beneficiaries/\(try file.requireID().uuidString)?tab=documents&done=\(notice)"
    }

    func upload(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        switch try await DocumentIntake.read(req) {
        case .failure(let refused):
            try await req.audit("document.refused", record: ("beneficiary", try file.requireID().uuidString), outcome: .failure, detail: refused.reason)
            return try await BeneficiaryFileController().render(req, file: file, errors: ["documents": refused.messages],
                                                                tab: "documents", status: .unprocessableEntity)
        case .success(let accepted):
            try await DocumentIntake.store(accepted, file: file, by: staff.userID, req: req)
            return req.redirect(to: try back(file, "documentUploaded"))
        }
    }

    private func document(_ req: Request, of file: Beneficiary) async throws -> BeneficiaryDocument {
        guard let id = req.parameters.get("documentID", as: UUID.self),
              let document = try await BeneficiaryDocument.query(on: req.db).filter(\.$id == id)
                .filter(\.$beneficiary.$id == file.requireID()).with(\.$type).first()
        else { throw Abort(.notFound) }
        return document
    }

    func download(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let document = try await document(req, of: file)
        guard let content = try await DocumentContent.find(document.id, on: req.db) else { throw Abort(.notFound) }
        try await req.audit("document.downloaded", record: ("beneficiary", try file.requireID().uuidString), detail: document.type.code)
        let kind = UploadedFileKind.allCases.first { $0.contentType == document.contentType } ?? .pdf
        // The name sent is made here from the type and file number; the uploaded name is only shown on the page.
        let name = "\(file.fileNumber)-\(document.type.code).\(kind.fileExtension)"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: document.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(data: content.data))
    }

    func verify(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        let document = try await document(req, of: file)
        let form = DocumentVerifyForm(request: req)
        let (valid, errors) = form.validate(req)
        guard let outcome = valid else {
            guard let message = errors["reason"] else { throw Abort(.badRequest) }
            return try await BeneficiaryFileController().render(req, file: file, errors: ["documents": [message]],
                                                                tab: "documents", status: .unprocessableEntity)
        }
        let reason = form.reason
        try await req.db.writeTransaction { db in
            document.verification = outcome
            document.verificationReason = String(reason.prefix(300))
            document.verifiedBy = staff.userID
            document.verifiedAt = req.now
            try await document.save(on: db)
            try await req.audit("document.verified", record: ("beneficiary", try file.requireID().uuidString),
                                detail: "\(document.type.code)=\(outcome.rawValue)", on: db)
        }
        return req.redirect(to: try back(file, "documentVerified"))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
