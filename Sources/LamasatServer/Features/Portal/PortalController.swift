import Fluent
import LamasatCore
import Vapor

/// [P-8] Her portal: her file in short, her requests followed in plain words, the surveys waiting for her, her
/// inquiries and complaints, the messages sent to her, and her data to download. Every record is looked up through
/// her own file: an id of someone else's record in the address reaches nothing.
struct PortalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal")
        portal.get { try await self.home(req: $0) }.declare(.beneficiary)
        portal.get("requests", ":requestID") { try await self.request(req: $0) }.declare(.beneficiary)
        portal.post("surveys", ":invitationID") { try await self.openSurvey(req: $0) }.declare(.beneficiary)
        portal.get("data.json") { try await self.data(req: $0) }.declare(.beneficiary)
    }

    struct Line: Encodable { let title: String; let detail: String; let status: String; let statusCode: String; let path: String? }
    struct Survey: Encodable { let id: String; let reference: String; let service: String; let until: String }
    struct HomeView: Encodable {
        let page: PageContext
        let name: String
        let fileNumber: String
        let status: String
        let statusCode: String
        let branch: String
        let mobile: String
        let documents: [Line]?
        let family: [Line]?
        let requests: [Line]?
        let surveys: [Survey]?
        let cases: [Line]?
        let messages: [Line]?
    }

    func home(req: Request) async throws -> View {
        let portal = try req.requirePortal()
        let file = portal.beneficiary
        let formatter = DualCalendarFormatter(language: req.language)
        let today = CalendarDay.today(req.now).description
        let documents = try await BeneficiaryDocument.query(on: req.db).filter(\.$beneficiary.$id == file.requireID()).with(\.$type).sort(\.$uploadedAt, .descending).all()
        let requests = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == file.requireID()).filter(\.$status != .draft)
            .with(\.$supportType).sort(\.$createdAt, .descending).all()
        let invitations = try await SurveyInvitation.query(on: req.db).filter(\.$beneficiaryID == file.requireID()).filter(\.$isAnswered == false)
            .filter(\.$expiresAt > req.now).sort(\.$createdAt, .descending).all()
        let names = try await SurveyServiceName.labels(req)
        let inquiries = try await Inquiry.query(on: req.db).filter(\.$beneficiaryID == file.requireID()).sort(\.$createdAt, .descending).limit(20).all()
        let complaints = try await Complaint.query(on: req.db).filter(\.$beneficiaryID == file.requireID()).sort(\.$createdAt, .descending).limit(20).all()
        let fileID = try file.requireID()
        let requestIDs = try requests.map { try $0.requireID().uuidString }
        // Messages that are hers — never by phone number, which a household may share; sign-in codes are not repeated here.
        let messages = try await OutboxMessage.query(on: req.db).group(.or) { $0.filter(\.$beneficiaryID == fileID).filter(\.$relatedID ~~ requestIDs) }
            .filter(\.$relatedType != "portal_code").filter(\.$status != .skipped).sort(\.$createdAt, .descending).limit(20).all()
        let branch = try await Branch.find(file.$branch.id, on: req.db)
        let members = try await FamilyMember.query(on: req.db).filter(\.$beneficiary.$id == file.requireID()).all()
        try await req.audit("portal.viewed", record: ("beneficiary", try file.requireID().uuidString))
        return try await req.render("portal/home", HomeView(
            page: PageContext(req, title: req.t("portal.home.title")), name: file.name.full, fileNumber: file.fileNumber,
            status: req.t(file.status.localizationKey), statusCode: file.status.rawValue, branch: branch?.name(in: req.language) ?? "",
            mobile: Self.masked(file.mobile),
            documents: documents.map { d in
                let state = d.effectiveVerification(today: today)
                return Line(title: d.type.name(in: req.language),
                            detail: d.expiryDate.isEmpty ? "" : req.t("portal.expires", CalendarDay(stored: d.expiryDate).map { formatter.date($0.moment).combined } ?? d.expiryDate),
                            status: req.t(state.localizationKey), statusCode: state.rawValue, path: nil)
            }.nonEmpty,
            family: members.map { m in
                Line(title: m.fullName, detail: req.t(m.relation.localizationKey) + (CalendarDay(stored: m.birthDate).map { " · " + req.t("portal.family.age", String($0.age(on: req.now))) } ?? ""),
                     status: "", statusCode: "", path: nil)
            }.nonEmpty,
            requests: requests.map { r in
                Line(title: r.supportType.name(in: req.language), detail: r.trackingNumber ?? "", status: req.t("portal.status.\(r.status.rawValue)"),
                     statusCode: r.status.rawValue, path: "/portal/requests/\(try r.requireID().uuidString)")
            }.nonEmpty,
            surveys: invitations.map { Survey(id: try $0.requireID().uuidString, reference: $0.reference, service: names[$0.serviceType] ?? $0.serviceType,
                                              until: formatter.date($0.expiresAt).combined) }.nonEmpty,
            cases: (inquiries.map { Line(title: req.t("nav.inquiries") + " " + $0.number, detail: formatter.date($0.createdAt).combined,
                                         status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue, path: nil) }
                    + complaints.map { Line(title: req.t($0.kind.localizationKey) + " " + $0.number, detail: formatter.date($0.createdAt).combined,
                                            status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue, path: nil) }).nonEmpty,
            messages: messages.map { Line(title: formatter.dateTime($0.createdAt).combined, detail: $0.shownBody, status: req.t($0.channel.localizationKey),
                                          statusCode: $0.status.rawValue, path: nil) }.nonEmpty))
    }

    /// "+966 5X XXX 4567" → the last four digits only, so a shoulder does not read her number.
    static func masked(_ mobile: String) -> String {
        mobile.count > 4 ? String(repeating: "•", count: 4) + " " + String(mobile.suffix(4)) : mobile
    }

    struct Step: Encodable { let when: String; let text: String }
    struct RequestView: Encodable {
        let page: PageContext
        let tracking: String
        let service: String
        let status: String
        let statusCode: String
        let explanation: String
        let expected: String?
        let steps: [Step]
        let id: String
        /// Her appeal of a rejection, or its form while she may appeal (issue 20).
        let appeal: PortalAppealController.Panel?
    }

    /// `appeal`: the appeal section sent back with what she typed; otherwise worked out afresh.
    func request(req: Request, appeal: PortalAppealController.Panel? = nil) async throws -> View {
        let portal = try req.requirePortal()
        guard let id = req.parameters.get("requestID", as: UUID.self),
              let request = try await SupportRequest.query(on: req.db).filter(\.$id == id).filter(\.$beneficiary.$id == portal.beneficiaryID)
                .filter(\.$status != .draft).with(\.$supportType).first()
        else { throw Abort(.notFound) }
        let formatter = DualCalendarFormatter(language: req.language)
        let transitions = try await RequestTransition.query(on: req.db).filter(\.$requestID == id).sort(\.$at).all()
        // Her timeline: each status she passed through, in plain words, without staff names or internal notes.
        let steps = transitions.filter { $0.toStatus != .draft }.map {
            Step(when: formatter.dateTime($0.at).combined, text: req.t("portal.step.\($0.toStatus.rawValue)"))
        }
        var shownAppeal = appeal
        if shownAppeal == nil { shownAppeal = try await PortalAppealController.panel(request, req: req) }
        try await req.audit("portal.requestViewed", record: ("beneficiary", portal.beneficiaryID.uuidString), detail: request.trackingNumber)
        return try await req.render("portal/request", RequestView(
            page: PageContext(req, title: request.trackingNumber ?? request.supportType.name(in: req.language)), tracking: request.trackingNumber ?? "",
            service: request.supportType.name(in: req.language), status: req.t("portal.status.\(request.status.rawValue)"), statusCode: request.status.rawValue,
            explanation: req.t("portal.explain.\(request.status.rawValue)"),
            expected: request.status.awaitsDecision ? request.expectedDecisionAt.map { formatter.date($0).combined } : nil, steps: steps,
            id: id.uuidString, appeal: shownAppeal))
    }

    /// A fresh link to a survey of hers, so she answers it now.
    func openSurvey(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        guard let id = req.parameters.get("invitationID", as: UUID.self),
              let invitation = try await SurveyInvitation.query(on: req.db).filter(\.$id == id).filter(\.$beneficiaryID == portal.beneficiaryID)
                .filter(\.$isAnswered == false).filter(\.$expiresAt > req.now).first()
        else { throw Abort(.notFound) }
        let token = try await SurveyInvitations.issueLink(for: invitation, medium: "portal", now: req.now, on: req.db)
        return req.redirect(to: "/s/\(token)")
    }

    /// PDPL: everything held about her, as a file to keep.
    func data(req: Request) async throws -> Response {
        let portal = try req.requirePortal()
        guard let file = try await Beneficiary.query(on: req.db).filter(\.$id == portal.beneficiaryID).with(\.$category).with(\.$branch).first() else {
            throw Abort(.notFound)
        }
        let complaints = try await Complaint.query(on: req.db).filter(\.$beneficiaryID == file.requireID()).sort(\.$createdAt).all()
        let export = try await DataExportController.export(of: file, complaints: complaints, withheld: 0, staffNames: false, req: req)
        try await req.audit("portal.dataDownloaded", record: ("beneficiary", try file.requireID().uuidString))
        return try DataExportController.download(export, fileNumber: file.fileNumber)
    }
}
