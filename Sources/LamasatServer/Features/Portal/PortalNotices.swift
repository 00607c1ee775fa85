import Fluent
import LamasatCore
import Vapor

/// What she sends from her portal waits for a check by the staff of her file's branch who may do it. The notice
/// carries her file's number only.
enum PortalNotices {
    static func contactChange(_ change: ContactChange, file: Beneficiary, now: Date, on db: any Database) async throws {
        let id = try change.requireID()
        try await StaffNotifications.notify(
            .init(kind: .contactChange, reference: file.fileNumber, link: "/contact-changes/\(id.uuidString)", branchID: change.branchID,
                  key: "contact-change:\(id.uuidString)"),
            users: try await StaffNotifications.staff(holding: .editBeneficiaries, branch: change.branchID, on: db), now: now, on: db)
    }

    static func document(_ documentID: UUID, file: Beneficiary, now: Date, on db: any Database) async throws {
        let fileID = try file.requireID()
        try await StaffNotifications.notify(
            .init(kind: .portalDocument, reference: file.fileNumber, link: "/beneficiaries/\(fileID.uuidString)?tab=documents", branchID: file.$branch.id,
                  key: "document:\(documentID.uuidString)"),
            users: try await StaffNotifications.staff(holding: .verifyDocuments, branch: file.$branch.id, on: db), now: now, on: db)
    }
}
