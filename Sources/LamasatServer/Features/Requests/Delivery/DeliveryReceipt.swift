import Fluent
import LamasatCore
import Vapor

/// The printed receipt of a delivery, handed to her. The final one carries a code for the satisfaction survey, so
/// that she can answer without a phone message; each print issues a fresh code for the same single-use invitation.
struct DeliveryReceipt: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("requests", ":requestID", "deliveries", ":deliveryID", "receipt") { try await self.receipt(req: $0) }.requires(.deliverServices)
    }

    struct ReceiptView: Encodable {
        let page: PageContext
        let id: String
        let organization: OrganizationProfile
        let tracking: String
        let name: String
        let what: String
        let amount: String?
        let quantity: String?
        let when: String
        let place: String
        let by: String
        let surveyURL: String?
        let surveyCode: String?
        let surveyAddress: String
        let surveyExpires: String?
        let surveyPrintedBefore: Bool
    }

    func receipt(req: Request) async throws -> View {
        req.printLanguage()
        let (request, file) = try await req.reachableRequest()
        guard let deliveryID = req.parameters.get("deliveryID", as: UUID.self),
              let delivery = try await ServiceDelivery.query(on: req.db).filter(\.$id == deliveryID).filter(\.$requestID == request.requireID()).first()
        else { throw Abort(.notFound) }
        let formatter = DualCalendarFormatter(language: req.language)
        var token: String?
        var expires: Date?
        var printedBefore = false
        if delivery.isFinal,
           let invitation = try await SurveyInvitation.query(on: req.db).filter(\.$source == .delivery).filter(\.$sourceID == delivery.requireID()).first(),
           !invitation.isAnswered, invitation.expiresAt > req.now {
            // One paper code per invitation, on the first print: a reprint shows none, so nobody keeps a code to answer
            // in her name.
            if try await SurveyLink.query(on: req.db).filter(\.$invitationID == invitation.requireID()).filter(\.$medium == "paper").count() > 0 {
                printedBefore = true
            } else {
                token = try await req.db.writeTransaction { db in
                    let token = try await SurveyInvitations.issueLink(for: invitation, medium: SurveyPaperCode.medium, now: req.now, on: db)
                    try await req.audit("survey.paperCode", record: ("support_request", try request.requireID().uuidString), on: db)
                    return token
                }
                expires = invitation.expiresAt
            }
        }
        let base = req.lamasat.config.publicURL
        return try await req.render("requests/receipt", ReceiptView(
            page: PageContext(req, title: req.t("delivery.receipt")), id: try request.requireID().uuidString, organization: try await req.organization(),
            tracking: request.trackingNumber ?? "", name: file.name.full, what: delivery.description,
            amount: delivery.amount > 0 ? Money(halalas: delivery.amount).formatted(req.language) : nil,
            quantity: delivery.quantity > 0 ? String(delivery.quantity) : nil,
            when: CalendarDay(stored: delivery.deliveredOn).map { formatter.date($0.moment).combined } ?? delivery.deliveredOn,
            place: req.t(delivery.place.localizationKey), by: delivery.deliveredBy,
            surveyURL: token.map { SurveyInvitations.url($0, baseURL: base) }, surveyCode: token.map(SurveyToken.grouped),
            surveyAddress: "\(base)/s", surveyExpires: expires.map { formatter.date($0).combined }, surveyPrintedBefore: printedBefore))
    }
}
