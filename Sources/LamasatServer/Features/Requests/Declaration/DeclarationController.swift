import Fluent
import LamasatCore
import Vapor

/// [P-21] The applicant confirms that her data is true: drawn on the signature pad in the office, or the signed paper
/// form scanned by the officer. A signature while the request awaits it moves the request on to social research.
struct DeclarationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let request = routes.grouped("requests", ":requestID")
        request.get("declaration") { try await self.page(req: $0, error: nil, status: .ok) }.requires(.takeRequests)
        request.post("declaration", "drawn") { try await self.drawn(req: $0) }.requires(.takeRequests)
        request.on(.POST, "declaration", "scanned", body: .collect(maxSize: "11mb")) { try await self.scanned(req: $0) }.requires(.takeRequests)
        request.get("attachments", ":attachmentID") { try await self.attachment(req: $0) }.requires(.viewBeneficiaries)
    }

    /// Signing belongs to the request's intake and verification; once research starts the declaration stands.
    static let signable: Set<SupportRequestStatus> = [.draft, .submitted, .verification, .returnedToApplicant, .awaitingDeclaration]

    struct PageView: Encodable {
        let page: PageContext
        let id: String
        let name: String
        let tracking: String?
        let text: String
        let version: Int
        let today: String
        let error: String?
        let scan: [FormField]
    }

    func page(req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let (request, file) = try await req.reachableRequest()
        let text = try await DeclarationText.current(on: req.db)
        return try await req.render("requests/declaration", PageView(
            page: PageContext(req, title: req.t("declaration.title")), id: try request.requireID().uuidString, name: file.name.full,
            tracking: request.trackingNumber, text: text.text(in: req.language), version: text.version,
            today: DualCalendarFormatter(language: req.language).date(req.now).combined, error: error,
            scan: [FormField.upload(req, name: "file", label: req.t("document.file"), hint: req.t("declaration.scanHint"), required: true)].prepared()
        )).encodeResponse(status: status, for: req)
    }

    func drawn(req: Request) async throws -> Response {
        let bytes: [UInt8]
        do { bytes = try DrawnSignature.decode(req.formText("signature")) } catch {
            return try await page(req: req, error: req.t(error == .tooLarge ? "declaration.error.tooLarge" : "declaration.error.noSignature"),
                                  status: .unprocessableEntity)
        }
        return try await record(req, method: .drawn, kind: .png, bytes: bytes)
    }

    struct Scan: Content { var file: File? }

    func scanned(req: Request) async throws -> Response {
        switch StoredFiles.read((try? req.content.decode(Scan.self))?.file) {
        case .success(let upload?): return try await record(req, method: .scanned, kind: upload.kind, bytes: upload.bytes)
        case .success(nil): return try await page(req: req, error: req.t("document.error.noFile"), status: .unprocessableEntity)
        case .failure(let problem): return try await page(req: req, error: req.t(problem.localizationKey), status: .unprocessableEntity)
        }
    }

    private func record(_ req: Request, method: DeclarationMethod, kind: UploadedFileKind, bytes: [UInt8]) async throws -> Response {
        let staff = try req.requireStaff()
        let (request, file) = try await req.reachableRequest()
        guard Self.signable.contains(request.status) else {
            return try await page(req: req, error: req.t(SupportRequestRefusal.notAllowed.localizationKey), status: .conflict)
        }
        let text = try await DeclarationText.current(on: req.db)
        var signed = try await RequestWorkflow.facts(request, file: file, req: req, on: req.db)
        signed.declarationSigned = true
        let facts = signed
        return try await RequestPage.perform(.signDeclaration, on: request, req: req) { db in
            let attachment = RequestAttachment(requestID: try request.requireID(), purpose: .declaration, kind: kind, bytes: bytes, by: staff.userID, at: req.now)
            try await attachment.create(on: db)
            let declaration = RequestDeclaration()
            declaration.requestID = try request.requireID()
            declaration.textVersion = text.version
            declaration.method = method
            declaration.signerName = file.name.full
            declaration.fileVersion = file.version
            declaration.attachmentID = attachment.id
            declaration.recordedBy = staff.userID
            declaration.signedAt = req.now
            try await declaration.create(on: db)
            try await req.audit("request.declaration", record: ("support_request", try request.requireID().uuidString),
                                detail: "v\(text.version) \(method.rawValue)", on: db)
            guard request.status == .awaitingDeclaration else { return nil }
            return try await RequestWorkflow.apply(.signDeclaration, to: request, facts: facts, note: method.rawValue, req: req, on: db)
        }
    }

    /// A signature or scan of this request, shown to staff who may see the file; audited like documents.
    func attachment(req: Request) async throws -> Response {
        let (request, _) = try await req.reachableRequest()
        guard let id = req.parameters.get("attachmentID", as: UUID.self),
              let attachment = try await RequestAttachment.query(on: req.db).filter(\.$id == id).filter(\.$requestID == request.requireID()).first()
        else { throw Abort(.notFound) }
        try await req.audit("request.attachmentViewed", record: ("support_request", try request.requireID().uuidString), detail: attachment.purpose.rawValue)
        // Images (signatures) show in the page; a PDF downloads.
        return StoredFiles.response(contentType: attachment.contentType, data: attachment.data, name: attachment.purpose.rawValue,
                                    inline: attachment.contentType != "application/pdf")
    }
}
