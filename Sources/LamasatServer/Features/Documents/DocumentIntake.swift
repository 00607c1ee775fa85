import Fluent
import LamasatCore
import Vapor

/// A document as it arrives, from an officer or from her portal: its type, dates and file checked (PDF, JPEG or PNG by
/// content, at most 10 MB), then stored pending verification.
enum DocumentIntake {
    struct Accepted: Sendable {
        let type: DocumentType
        let issue: CalendarDay?
        let expiry: CalendarDay?
        let bytes: [UInt8]
        let kind: UploadedFileKind
        let filename: String
    }

    struct Refused: Error {
        let messages: [String]
        /// For the audit trail.
        let reason: String
    }

    /// The form's messages in the order of its fields, for the pages that list them together.
    static func read(_ req: Request) async throws -> Result<Accepted, Refused> {
        let form = DocumentUploadForm(request: req)
        let (accepted, errors) = try await form.validate(req)
        if let accepted { return .success(accepted) }
        let bytes = form.file.map { Array($0.data.readableBytesView) } ?? []
        return .failure(Refused(messages: DocumentUploadForm.order.compactMap { errors[$0] },
                                reason: bytes.isEmpty ? "no file" : (UploadedFileKind.detect(bytes) == nil ? "content not PDF/JPEG/PNG" : "invalid fields")))
    }

    /// Stores it pending verification; `by` is the officer, or the beneficiary herself.
    /// `also` runs in the same transaction with the new document's id (the portal tells the staff who check it).
    @discardableResult
    static func store(_ accepted: Accepted, file: Beneficiary, by: UUID, req: Request,
                      also: (@Sendable (any Database, UUID) async throws -> Void)? = nil) async throws -> BeneficiaryDocument {
        let document = BeneficiaryDocument()
        document.id = UUID()
        document.$beneficiary.id = try file.requireID()
        document.$type.id = try accepted.type.requireID()
        document.issueDate = accepted.issue?.description ?? ""
        document.expiryDate = accepted.expiry?.description ?? ""
        document.displayName = UploadedFileKind.displayName(accepted.filename)
        document.contentType = accepted.kind.contentType
        document.size = accepted.bytes.count
        document.sha256 = sha256Hex(accepted.bytes)
        document.uploadedBy = by
        document.uploadedAt = req.now
        document.verification = .pending
        document.verificationReason = ""
        let content = Data(accepted.bytes)
        try await req.db.writeTransaction { db in
            try await document.create(on: db)
            try await DocumentContent(documentID: try document.requireID(), data: content).create(on: db)
            try await also?(db, try document.requireID())
            try await req.audit(by == file.id ? "document.uploadedByHer" : "document.uploaded", record: ("beneficiary", try file.requireID().uuidString),
                                detail: accepted.type.code, on: db)
        }
        return document
    }
}
