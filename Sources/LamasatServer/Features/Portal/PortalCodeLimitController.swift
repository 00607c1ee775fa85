import Fluent
import LamasatCore
import Vapor

/// When someone keeps asking for sign-in codes with her national ID, she is slowed down, not shut out; an officer
/// who sees it on her file clears the count when she calls.
struct PortalCodeLimitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("beneficiaries", ":beneficiaryID", "portal-codes", "clear") { try await self.clear(req: $0) }
            .requires(.editBeneficiaries)
    }

    /// The codes asked this hour for her ID, when they reached the hourly allowance; nil otherwise.
    static func limited(_ file: Beneficiary, req: Request) async throws -> Int? {
        let asked = try await PortalSignInController.codesAsked(nationalID: file.nationalID, req: req)
        return asked >= OneTimeCodePolicy.standard.perIdentity ? asked : nil
    }

    func clear(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        try await req.db.writeTransaction { db in
            try await PortalSignInController.clearLimit(nationalID: file.nationalID, req: req, on: db)
            try await req.audit("portal.codeLimitCleared", record: ("beneficiary", try file.requireID().uuidString), on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?done=portalCodesCleared")
    }
}
