import Fluent
import LamasatCore
import Vapor

/// The SMS gateway's webhooks, both with the shared secret in `X-Lamasat-Token`:
/// - `POST /webhooks/sms` {"id": gateway message id, "from": mobile, "text": …}: her reply, routed by `InboundRouter`.
///   Without `id` a repeated delivery cannot be recognised, so each one counts.
/// - `POST /webhooks/sms/status` {"reference": our idempotency key, "status": delivered|read|failed (also DELIVRD,
///   undelivered, rejected, expired), "reason": …}: a delivery receipt.
/// The answer is the same whatever happened, so the webhook tells nobody whether a number is known.
struct SMSWebhookController: RouteCollection {
    static let provider = "sms-gateway"

    func boot(routes: any RoutesBuilder) throws {
        let sms = routes.grouped("webhooks", "sms")
        sms.post { try await self.inbound(req: $0) }.declare(.public)
        sms.post("status") { try await self.status(req: $0) }.declare(.public)
    }

    private func authorize(_ req: Request) throws {
        guard let expected = req.lamasat.messaging.inboundToken, let given = req.headers.first(name: "X-Lamasat-Token"),
              SessionTokens.constantTimeEquals(given, expected)
        else { throw Abort(.unauthorized) }
    }

    struct Inbound: Content { var id: String?; var from: String?; var text: String? }

    func inbound(req: Request) async throws -> HTTPStatus {
        try authorize(req)
        let input = (try? req.content.decode(Inbound.self)) ?? Inbound()
        guard let from = input.from?.trimmingWhitespace(), !from.isEmpty else { return .ok }
        let given = input.id?.trimmingWhitespace() ?? ""
        let incoming = InboundRouter.Incoming(provider: Self.provider, messageID: given.isEmpty ? UUID().uuidString : given, from: from,
                                              text: String((input.text ?? "").trimmingWhitespace().prefix(4000)))
        try await InboundIntake.message(incoming, media: nil, req: req)
        return .ok
    }

    struct Status: Content { var reference: String?; var status: String?; var reason: String? }

    /// Common gateway words for each receipt.
    static func receipt(_ word: String) -> DeliveryReceipts.Status? {
        switch word.lowercased() {
        case "delivered", "delivrd": .delivered
        case "read": .read
        case "failed", "undelivered", "undeliv", "rejected", "rejectd", "expired", "expird": .failed
        case "sent", "accepted": .sent
        default: nil
        }
    }

    func status(req: Request) async throws -> HTTPStatus {
        try authorize(req)
        let input = (try? req.content.decode(Status.self)) ?? Status()
        guard let reference = input.reference?.trimmingWhitespace(), !reference.isEmpty, let status = Self.receipt(input.status ?? "") else {
            req.logger.notice("SMS status callback without a reference or with an unknown status ignored")
            return .ok
        }
        try await InboundIntake.receipt(provider: Self.provider, messageID: reference, status: status,
                                        reason: String((input.reason ?? "").prefix(300)), req: req)
        return .ok
    }
}
