import Fluent
import LamasatCore
import Vapor

/// `/portal/consents`: she sees what she agreed to and changes it herself: messages and surveys she may stop and
/// resume, a partner she may stop sharing with. Processing her file is kept while her requests need it: she asks
/// the association to end it (a rights request), so the page says so instead of offering a button.
struct PortalConsentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", "consents") { try await self.page(req: $0) }.declare(.beneficiary)
        routes.post("portal", "consents") { try await self.change(req: $0) }.declare(.beneficiary)
    }

    struct Row: Encodable { let purpose: String; let code: String; let partner: String; let granted: Bool; let state: String; let since: String; let changeable: Bool }
    struct PageView: Encodable { let page: PageContext; let rows: [Row] }

    /// What she may change herself.
    static let hers: Set<ConsentPurpose> = [.messages, .surveys, .sharing]

    func page(req: Request) async throws -> View {
        let file = try req.requirePortal().beneficiary
        let current = try await ConsentLedger.current(of: try file.requireID(), on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        let rows = ConsentPurpose.allCases.flatMap { purpose -> [Row] in
            let recorded = current.filter { $0.purpose == purpose }
            if recorded.isEmpty {
                guard purpose != .sharing else { return [] }
                return [Row(purpose: req.t(purpose.localizationKey), code: purpose.rawValue, partner: "", granted: file.consentGiven,
                            state: req.t(file.consentGiven ? "consent.state.granted" : "consent.state.none"), since: "",
                            changeable: Self.hers.contains(purpose) && file.consentGiven)]
            }
            return recorded.map {
                Row(purpose: req.t(purpose.localizationKey), code: purpose.rawValue, partner: $0.partner, granted: $0.granted,
                    state: req.t($0.granted ? "consent.state.granted" : "consent.state.withdrawn"), since: formatter.date($0.recordedAt).combined,
                    // A partner she stopped sharing with is added again only with her signature at the association.
                    changeable: Self.hers.contains(purpose) && (purpose != .sharing || $0.granted))
            }
        }
        try await req.audit("view", record: ("beneficiary", try file.requireID().uuidString), detail: "portal consents")
        return try await req.render("portal/consents", PageView(page: PageContext(req, title: req.t("portal.consents.title")), rows: rows))
    }

    struct Input: Content { var purpose: String?; var partner: String?; var decision: String? }

    func change(req: Request) async throws -> Response {
        let file = try req.requirePortal().beneficiary
        let fileID = try file.requireID()
        let input = try? req.content.decode(Input.self)
        let partner = input?.partner ?? ""
        guard let purpose = ConsentPurpose(rawValue: input?.purpose ?? ""), Self.hers.contains(purpose),
              let decision = input?.decision, decision == "grant" || decision == "withdraw" else { throw Abort(.badRequest) }
        let granted = decision == "grant"
        let holds = try await ConsentLedger.current(of: fileID, on: req.db).first { $0.purpose == purpose && $0.partner == partner }?.granted
            ?? (purpose == .sharing ? nil : file.consentGiven)
        // Sharing is given at the association with a named partner; here she can only stop one she gave.
        guard let holds, purpose != .sharing || (holds && !granted) else { throw Abort(.badRequest) }
        if holds != granted {
            try await req.db.writeTransaction { db in
                try await ConsentLedger.record(.init(purpose: purpose, partner: partner, granted: granted, method: .portal, source: .portal), file: file,
                                               by: nil, now: req.now, on: db)
                try await req.audit(granted ? "consent.given" : "consent.withdrawn", record: ("beneficiary", fileID.uuidString),
                                    detail: "purpose=\(purpose.rawValue) by her portal", on: db)
            }
        }
        return req.redirect(to: "/portal/consents?done=" + (granted ? "portalConsentGiven" : "portalConsentWithdrawn"))
    }
}
