import Fluent
import LamasatCore
import Vapor

/// The documents tab of a file: the list with each document's state, the upload form and the verify actions.
struct DocumentsView: Encodable {
    struct Row: Encodable {
        let id: String
        let type: String
        let issueDate: String
        let expiryDate: String
        let name: String
        let size: String
        let uploaded: String
        let state: String
        let stateCode: String
        let reason: String
        let verified: String
        /// The mismatch reason, for those who verify.
        let fields: [FormField]?
    }

    let rows: [Row]?
    /// The upload form's fields but the file, for those who may upload.
    let upload: [FormField]?
    let errors: [String]?
    let uploadAction: String
    let canVerify: Bool

    static func make(_ req: Request, file: Beneficiary, staff: StaffContext, errors: [String]) async throws -> DocumentsView {
        let documents = try await BeneficiaryDocument.query(on: req.db).filter(\.$beneficiary.$id == file.requireID()).with(\.$type)
            .sort(\.$uploadedAt, .descending).all()
        let people = try await StaffUser.query(on: req.db)
            .filter(\.$id ~~ Set(documents.flatMap { [$0.uploadedBy] + ($0.verifiedBy.map { [$0] } ?? []) })).all()
        let names = Dictionary(uniqueKeysWithValues: try people.map { (try $0.requireID(), $0.fullName) })
        let formatter = DualCalendarFormatter(language: req.language)
        let today = CalendarDay.today(req.now).description
        let types = try await DocumentType.query(on: req.db).filter(\.$isActive == true).sort(\.$sortOrder).all()
        func day(_ stored: String) -> String {
            guard let date = CalendarDay(stored: stored), !stored.isEmpty else { return "—" }
            return formatter.date(date.moment).combined
        }
        let rows = try documents.map { document in
            let state = document.effectiveVerification(today: today)
            let id = try document.requireID().uuidString
            return Row(
                id: id, type: document.type.name(in: req.language), issueDate: day(document.issueDate),
                expiryDate: day(document.expiryDate), name: document.displayName, size: "\(max(1, document.size / 1024)) KB",
                uploaded: "\(names[document.uploadedBy] ?? "—") · \(formatter.dateTime(document.uploadedAt).combined)",
                state: req.t(state.localizationKey), stateCode: state.rawValue, reason: document.verificationReason,
                verified: document.verifiedAt.map { "\(names[document.verifiedBy ?? UUID()] ?? "—") · \(formatter.dateTime($0).combined)" } ?? "",
                fields: staff.can(.verifyDocuments) ? DocumentVerifyForm().fields(req, errors: [:], document: id) : nil)
        }
        let csrf = req.csrfToken ?? ""
        return DocumentsView(
            rows: rows.nonEmpty, upload: staff.can(.editBeneficiaries) ? DocumentUploadForm().fields(req, errors: [:], types: types) : nil,
            errors: errors.nonEmpty,
            uploadAction: "/beneficiaries/\(try file.requireID().uuidString)/documents?_csrf=\(csrf)",
            canVerify: staff.can(.verifyDocuments))
    }
}
