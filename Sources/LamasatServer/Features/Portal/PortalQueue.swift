import Fluent
import LamasatCore
import Vapor

/// What the portal adds to an officer's "my work": documents beneficiaries sent themselves, waiting to be checked.
extension CaseQueue {
    static func portalDocuments(_ req: Request) async throws -> [CaseQueue] {
        let staff = try req.requireStaff()
        guard staff.can(.verifyDocuments) else { return [] }
        // Sent by her: the uploader is the file itself.
        let pending = try await BeneficiaryDocument.query(on: req.db).filter(\.$verification == .pending)
            .join(Beneficiary.self, on: \BeneficiaryDocument.$beneficiary.$id == \Beneficiary.$id)
            .filter(\.$uploadedBy, .equal, \.$beneficiary.$id)
            .withinReach(of: staff, Beneficiary.self, \.$branch.$id)
            .with(\.$type).with(\.$beneficiary).sort(\.$uploadedAt).range(..<size).all()
        let formatter = DualCalendarFormatter(language: req.language)
        return [CaseQueue(title: req.t("work.portalDocuments"), lines: try pending.map { document in
            Line(path: "/beneficiaries/\(try document.beneficiary.requireID().uuidString)?tab=documents", number: document.beneficiary.fileNumber,
                 title: "\(document.beneficiary.name.full) · \(document.type.name(in: req.language))",
                 status: formatter.date(document.uploadedAt).combined, late: document.uploadedAt < req.now.addingTimeInterval(-2 * 86_400))
        }.nonEmpty, link: "/beneficiaries")]
    }
}
