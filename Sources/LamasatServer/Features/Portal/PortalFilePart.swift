import Vapor

/// On her file, for those who may edit it: sign-in codes asked for her ID this hour, once they reach the
/// allowance (someone may be using it up), with the button that clears them.
struct PortalFilePart: FilePart {
    var followingTables: [String] { ["contact_changes"] }
    struct CardView: Encodable {
        let page: PageContext
        let id: String
        let portalCodes: Int
    }

    func summaryCard(_ file: FilePage) async throws -> FileCard? {
        guard file.staff.can(.editBeneficiaries), let asked = try await PortalCodeLimitController.limited(file.file, req: file.req) else { return nil }
        return FileCard(html: try await file.render("portal/file-card", CardView(page: file.page, id: file.id.uuidString, portalCodes: asked)))
    }
}
