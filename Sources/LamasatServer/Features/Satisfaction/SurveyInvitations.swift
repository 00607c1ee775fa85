import Fluent
import LamasatCore
import Vapor

/// Inviting her to evaluate a service she received ([P-9]): once per service, through the outbox on her preferred
/// channel, with a single-use link that expires. Only the hash of a link's code is stored.
enum SurveyInvitations {
    static let messageTemplates: [(code: String, arabic: String, english: String)] = [
        ("survey.invite",
         "جمعية لمسات: أهلًا {name}، تقييمك لخدمتنا ({tracking}) حق لك، ونستعمله لنتحسن لا لمحاسبة أحد. دقيقة واحدة: {link}",
         "Lamasat: Dear {name}, rating our service ({tracking}) is your right; we use it to improve, never to blame anyone. One minute: {link}"),
    ]

    struct Service: Sendable {
        let source: SurveyInvitation.Source
        let sourceID: UUID
        let reference: String
        let beneficiaryID: UUID
        let branchID: UUID
        let serviceType: String
        let channel: ContactChannel
        let staffID: UUID?
    }

    static func url(_ token: String, baseURL: String) -> String { "\(baseURL)/s/\(token)" }

    /// Creates the invitation for a service and queues its message, in the caller's transaction. A second call for
    /// the same service does nothing. Without a default template nobody is invited.
    @discardableResult
    static func invite(_ service: Service, now: Date, baseURL: String, on db: any Database) async throws -> SurveyInvitation? {
        guard try await SurveyInvitation.query(on: db).filter(\.$source == service.source).filter(\.$sourceID == service.sourceID).count() == 0,
              let template = try await SurveyTemplate.query(on: db).filter(\.$isDefault == true).first(),
              let file = try await Beneficiary.find(service.beneficiaryID, on: db),
              // She withdrew her consent to surveys: she is not asked.
              try await ConsentLedger.allows(service.beneficiaryID, .surveys, on: db) != false
        else { return nil }
        let invitation = SurveyInvitation()
        invitation.id = UUID()
        invitation.templateID = try template.requireID()
        invitation.source = service.source
        invitation.sourceID = service.sourceID
        invitation.reference = service.reference
        invitation.beneficiaryID = service.beneficiaryID
        invitation.branchID = service.branchID
        invitation.serviceType = service.serviceType
        invitation.serviceChannel = service.channel.rawValue
        invitation.staffID = service.staffID
        invitation.createdAt = now
        invitation.expiresAt = now.addingTimeInterval(Double(SurveyToken.lifetimeDays) * 86_400)
        invitation.isAnswered = false
        try await invitation.create(on: db)
        let token = try await issueLink(for: invitation, medium: "message", now: now, on: db)
        let body = try await MessageTemplate.text("survey.invite", for: file.id, values: [
            "name": file.nameFirst, "tracking": service.reference, "link": url(token, baseURL: baseURL)], on: db)
        try await Outbox.enqueue(Outbox.Draft(
            channel: .sms, recipient: file.mobile, subject: "survey:\(service.reference)", body: body,
            idempotencyKey: "survey:\(try invitation.requireID().uuidString)", relatedType: "survey_invitation", relatedID: try invitation.requireID().uuidString,
            branchID: service.branchID, beneficiaryID: file.id), now: now, on: db)
        return invitation
    }

    /// A new way into an invitation (for the reminder, or printed on the receipt); the earlier ones keep working
    /// until she answers or the invitation expires.
    static func issueLink(for invitation: SurveyInvitation, medium: String, now: Date, on db: any Database) async throws -> String {
        let token = SurveyToken.generate()
        let link = SurveyLink()
        link.invitationID = try invitation.requireID()
        link.tokenHash = SessionTokens.hash(token)
        link.medium = medium
        link.createdAt = now
        link.tries = 0
        link.confirmSent = 0
        try await link.create(on: db)
        return token
    }

    enum Lookup {
        case open(SurveyInvitation, SurveyLink)
        case used, expired, unknown
        /// A printed code closed after too many wrong mobile digits.
        case locked
    }

    static func lookup(_ typed: String, now: Date, on db: any Database) async throws -> Lookup {
        guard let token = SurveyToken.canonical(typed),
              let link = try await SurveyLink.query(on: db).filter(\.$tokenHash == SessionTokens.hash(token)).first(),
              let invitation = try await SurveyInvitation.find(link.invitationID, on: db)
        else { return .unknown }
        if invitation.isAnswered { return .used }
        if invitation.expiresAt <= now { return .expired }
        if link.tries >= SurveyPaperCode.maximumTries { return .locked }
        return .open(invitation, link)
    }
}
