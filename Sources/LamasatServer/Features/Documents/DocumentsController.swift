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

    struct Upload: Content {
        var type: String?
        var issueDate: String?
        var issueCalendar: String?
        var expiryDate: String?
        var expiryCalendar: String?
        var file: File?
    }

    private func back(_ file: Beneficiary, _ notice: String) -> String {
        "/beneficiaries/\(file.id!.uuidString)?tab=documents&done=\(notice)"
    }

    func upload(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let file = try await req.reachableBeneficiary()
        let input = (try? req.content.decode(Upload.self)) ?? Upload()
        var errors: [String] = []
        let type = try await UUID(uuidString: input.type ?? "").asyncMap { try await DocumentType.find($0, on: req.db) } ?? nil
        if type == nil || type?.isActive == false { errors.append(req.t("document.error.type")) }
        func day(_ raw: String?, _ calendar: String?) -> (BirthDate?, Bool) {
            guard let raw, !raw.trimmingWhitespace().isEmpty else { return (nil, true) }
            let parsed = try? BirthDate.day(raw, calendar: BirthDate.Calendar(rawValue: calendar ?? "") ?? .gregorian)
            return (parsed, parsed != nil)
        }
        let (issue, issueOK) = day(input.issueDate, input.issueCalendar)
        let (expiry, expiryOK) = day(input.expiryDate, input.expiryCalendar)
        if !issueOK { errors.append(req.t("document.error.issueDate")) }
        if !expiryOK { errors.append(req.t("document.error.expiryDate")) }
        if type?.hasExpiry == true && expiry == nil && expiryOK { errors.append(req.t("document.error.expiryRequired")) }
        if let issue, let expiry, expiry < issue { errors.append(req.t("document.error.expiryBeforeIssue")) }
        var bytes = [UInt8]()
        var kind: UploadedFileKind?
        if let upload = input.file, upload.data.readableBytes > 0 {
            bytes = Array(upload.data.readableBytesView)
            kind = UploadedFileKind.detect(bytes)
            if bytes.count > UploadedFileKind.maximumBytes { errors.append(req.t("document.error.tooLarge")) }
            else if kind == nil { errors.append(req.t("document.error.kind")) }
        } else {
            errors.append(req.t("document.error.noFile"))
        }
        guard errors.isEmpty, let type, let kind else {
            try await req.audit("document.refused", record: ("beneficiary", file.id!.uuidString), outcome: .failure,
                                detail: bytes.isEmpty ? "no file" : (kind == nil ? "content not PDF/JPEG/PNG" : "invalid fields"))
            return try await BeneficiaryFileController().render(req, file: file, statusError: nil, documentErrors: errors,
                                                                tab: "documents", status: .unprocessableEntity)
        }
        let document = BeneficiaryDocument()
        document.id = UUID()
        document.$beneficiary.id = file.id!
        document.$type.id = type.id!
        document.issueDate = issue?.description ?? ""
        document.expiryDate = expiry?.description ?? ""
        document.displayName = UploadedFileKind.displayName(input.file?.filename ?? "")
        document.contentType = kind.contentType
        document.size = bytes.count
        document.sha256 = sha256Hex(bytes)
        document.uploadedBy = staff.userID
        document.uploadedAt = req.now
        document.verification = .pending
        document.verificationReason = ""
        let content = Data(bytes)
        try await req.db.transaction { db in
            try await document.create(on: db)
            try await DocumentContent(documentID: document.id!, data: content).create(on: db)
            try await req.audit("document.uploaded", record: ("beneficiary", file.id!.uuidString), detail: type.code, on: db)
        }
        return req.redirect(to: back(file, "documentUploaded"))
    }

    private func document(_ req: Request, of file: Beneficiary) async throws -> BeneficiaryDocument {
        guard let id = req.parameters.get("documentID", as: UUID.self),
              let document = try await BeneficiaryDocument.query(on: req.db).filter(\.$id == id)
                .filter(\.$beneficiary.$id == file.id!).with(\.$type).first()
        else { throw Abort(.notFound) }
        return document
    }

    func download(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let document = try await document(req, of: file)
        guard let content = try await DocumentContent.find(document.id, on: req.db) else { throw Abort(.notFound) }
        try await req.audit("document.downloaded", record: ("beneficiary", file.id!.uuidString), detail: document.type.code)
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
        guard let outcome = DocumentVerification(rawValue: req.formText("outcome")), outcome != .pending else {
            throw Abort(.badRequest)
        }
        let reason = req.formText("reason")
        if outcome == .mismatch && reason.isEmpty {
            return try await BeneficiaryFileController().render(req, file: file, statusError: nil,
                                                                documentErrors: [req.t("document.error.reasonRequired")],
                                                                tab: "documents", status: .unprocessableEntity)
        }
        try await req.db.transaction { db in
            document.verification = outcome
            document.verificationReason = String(reason.prefix(300))
            document.verifiedBy = staff.userID
            document.verifiedAt = req.now
            try await document.save(on: db)
            try await req.audit("document.verified", record: ("beneficiary", file.id!.uuidString),
                                detail: "\(document.type.code)=\(outcome.rawValue)", on: db)
        }
        return req.redirect(to: back(file, "documentVerified"))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
