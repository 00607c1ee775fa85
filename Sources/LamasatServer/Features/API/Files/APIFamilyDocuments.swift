import Fluent
import Foundation
import LamasatAPI
import LamasatCore
import OpenAPIRuntime
import Vapor

/// Her household and documents through the API: the family form and the document intake of the pages.
extension LamasatAPIService {
    func listFamily(_ input: Operations.ListFamily.Input) async throws -> Operations.ListFamily.Output {
        let req = try APIRequest.get()
        let file = try await req.reachableBeneficiary("beneficiaryId")
        let members = try await FamilyMember.query(on: req.db).filter(\.$beneficiary.$id == file.requireID())
            .sort(\.$createdAt).sort(\.$id).all()
        try await req.auditView("family", id: try file.requireID().uuidString)
        return .ok(.init(body: .json(.init(items: try members.map(APIFilesMapping.member)))))
    }

    func addFamilyMember(_ input: Operations.AddFamilyMember.Input) async throws -> Operations.AddFamilyMember.Output {
        let req = try APIRequest.get()
        let file = try await req.reachableBeneficiary("beneficiaryId")
        guard case .json(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        var form = FamilyMemberForm()
        form.values = try APIFilesMapping.formValues(body, over: form.values)
        let member = FamilyMember()
        try APIValidation.check(form.apply(to: member, req))
        try await FamilyController.add(member, to: file, req: req)
        return .created(.init(body: .json(try APIFilesMapping.member(member))))
    }

    func listDocuments(_ input: Operations.ListDocuments.Input) async throws -> Operations.ListDocuments.Output {
        let req = try APIRequest.get()
        let file = try await req.reachableBeneficiary("beneficiaryId")
        let documents = try await BeneficiaryDocument.query(on: req.db).filter(\.$beneficiary.$id == file.requireID())
            .with(\.$type).sort(\.$uploadedAt).sort(\.$id).all()
        try await req.auditView("documents", id: try file.requireID().uuidString)
        return .ok(.init(body: .json(.init(items: try documents.map { try APIFilesMapping.document($0, $0.type, req.language) }))))
    }

    /// The raw body is the file; the upload form's checks (type, dates, content by its bytes, 10 MB) decide.
    func uploadDocument(_ input: Operations.UploadDocument.Input) async throws -> Operations.UploadDocument.Output {
        let req = try APIRequest.get()
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary("beneficiaryId")
        guard case .binary(let body) = input.body else { throw APIProblem(status: .unsupportedMediaType, slug: "unsupportedMediaType") }
        let bytes: [UInt8]
        do { bytes = try await [UInt8](collecting: body, upTo: DocumentUploadForm.maximumAPIBytes) } catch {
            throw APIProblem(status: .payloadTooLarge, slug: "payloadTooLarge")
        }
        var form = DocumentUploadForm()
        form.type = input.query._type
        form.issueDate = (input.query.issueDate ?? "").trimmingWhitespace()
        form.expiryDate = (input.query.expiryDate ?? "").trimmingWhitespace()
        form.file = bytes.isEmpty ? nil : File(data: ByteBuffer(bytes: bytes), filename: input.query.filename ?? "document")
        let (accepted, errors) = try await form.validate(req)
        guard let accepted else { throw APIValidation.problem(errors) }
        let document = try await DocumentIntake.store(accepted, file: file, by: staff.userID, req: req)
        return .created(.init(body: .json(try APIFilesMapping.document(document, accepted.type, req.language))))
    }

    func downloadDocument(_ input: Operations.DownloadDocument.Input) async throws -> Operations.DownloadDocument.Output {
        let req = try APIRequest.get()
        guard let id = UUID(uuidString: input.path.documentId),
              let document = try await BeneficiaryDocument.query(on: req.db).filter(\.$id == id).with(\.$type).first()
        else { throw APIProblem(status: .notFound, slug: "notFound") }
        // The document's branch is its file's: another branch's is 404 and audited, as the page does.
        let file = try await req.reachableFileByID(id: document.$beneficiary.id)
        guard let content = try await DocumentContent.find(id, on: req.db) else { throw APIProblem(status: .notFound, slug: "notFound") }
        try await req.audit("document.downloaded", record: ("beneficiary", try file.requireID().uuidString), detail: document.type.code)
        return .ok(.init(body: .binary(HTTPBody(content.data))))
    }
}

extension DocumentUploadForm {
    /// A little over the form's 10 MB, so that the form itself says the file is too large.
    static let maximumAPIBytes = 11 * 1024 * 1024
}
