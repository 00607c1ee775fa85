import Fluent
import LamasatCore
import Vapor

/// A document as it arrives, from an officer or from her portal: its type, dates and file checked (PDF, JPEG or PNG by
/// content, at most 10 MB), then stored pending verification.
enum DocumentIntake {
    struct Upload: Content {
        var type: String?
        var issueDate: String?
        var issueCalendar: String?
        var expiryDate: String?
        var expiryCalendar: String?
        var file: File?
    }

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

    static func read(_ req: Request) async throws -> Result<Accepted, Refused> {
        let input = (try? req.content.decode(Upload.self)) ?? Upload()
        var errors: [String] = []
        let type = try await UUID(uuidString: input.type ?? "").asyncMap { try await DocumentType.find($0, on: req.db) } ?? nil
        if type == nil || type?.isActive == false { errors.append(req.t("document.error.type")) }
        func day(_ raw: String?, _ calendar: String?) -> (CalendarDay?, Bool) {
            guard let raw, !raw.trimmingWhitespace().isEmpty else { return (nil, true) }
            let parsed = try? CalendarDay.day(raw, calendar: CalendarDay.Calendar(rawValue: calendar ?? "") ?? .gregorian)
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
            return .failure(Refused(messages: errors, reason: bytes.isEmpty ? "no file" : (kind == nil ? "content not PDF/JPEG/PNG" : "invalid fields")))
        }
        return .success(Accepted(type: type, issue: issue, expiry: expiry, bytes: bytes, kind: kind, filename: input.file?.filename ?? ""))
    }

    /// Stores it pending verification; `by` is the officer, or the beneficiary herself.
    static func store(_ accepted: Accepted, file: Beneficiary, by: UUID, req: Request) async throws {
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
        try await req.db.transaction { db in
            try await document.create(on: db)
            try await DocumentContent(documentID: try document.requireID(), data: content).create(on: db)
            try await req.audit(by == file.id ? "document.uploadedByHer" : "document.uploaded", record: ("beneficiary", try file.requireID().uuidString),
                                detail: accepted.type.code, on: db)
        }
    }
}
