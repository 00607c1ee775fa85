import Crypto
import Fluent
import Foundation
import LamasatCore
import Vapor

/// The WhatsApp Cloud API webhook. GET is Meta's verification (hub.challenge echoed when hub.verify_token matches);
/// POST carries her messages and the receipts of ours, signed with the app secret. Nothing is read, logged or
/// changed before the signature checks out.
struct WhatsAppWebhookController: RouteCollection {
    static let provider = "whatsapp"

    func boot(routes: any RoutesBuilder) throws {
        let hook = routes.grouped("webhooks", "whatsapp")
        hook.get { try self.verify(req: $0) }.declare(.public)
        hook.on(.POST, body: .collect(maxSize: "1mb")) { try await self.receive(req: $0) }.declare(.public)
    }

    func verify(req: Request) throws -> Response {
        guard let expected = req.lamasat.messaging.whatsappVerifyToken,
              req.query[String.self, at: "hub.mode"] == "subscribe",
              let given = req.query[String.self, at: "hub.verify_token"], SessionTokens.constantTimeEquals(given, expected),
              let challenge = req.query[String.self, at: "hub.challenge"], challenge.count <= 200
        else { throw Abort(.forbidden) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: challenge))
    }

    /// True when `header` is "sha256=<hex>" of the HMAC-SHA256 of `body` under `secret` (compared in constant time).
    static func signatureValid(_ header: String?, body: [UInt8], secret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), let mac = Self.bytes(hex: String(header.dropFirst(7))), mac.count == 32 else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[pair...pair + 1], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
        }
        return out
    }

    func receive(req: Request) async throws -> HTTPStatus {
        guard let secret = req.lamasat.messaging.whatsappAppSecret else { throw Abort(.forbidden) }
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        guard Self.signatureValid(req.headers.first(name: "X-Hub-Signature-256"), body: body, secret: secret) else { throw Abort(.unauthorized) }
        // A signed payload we cannot read is still answered 200, or Meta would resend it for days.
        guard let payload = try? JSONDecoder().decode(WhatsAppPayload.self, from: Data(body)) else {
            req.logger.notice("WhatsApp webhook: signed payload not understood")
            return .ok
        }
        let media = WhatsAppMedia(client: req.client, config: req.lamasat.messaging.whatsapp, timeoutSeconds: req.lamasat.messaging.timeoutSeconds)
        for value in payload.values {
            let names = Dictionary((value.contacts ?? []).compactMap { c in c.wa_id.map { ($0, c.profile?.name ?? "") } }, uniquingKeysWith: { a, _ in a })
            for message in value.messages ?? [] {
                // A replay is recognised before its media is fetched again.
                if try await InboundIntake.alreadyReceived(provider: Self.provider, id: message.id, on: req.db) { continue }
                let fetched: InboundIntake.Media? = if let item = message.media { await media.fetch(item) } else { nil }
                let incoming = InboundRouter.Incoming(provider: Self.provider, messageID: message.id, from: message.from,
                                                      text: String(message.shownText.trimmingWhitespace().prefix(4000)),
                                                      profileName: names[message.from] ?? "", hasMedia: message.media != nil)
                try await InboundIntake.message(incoming, media: fetched, req: req)
            }
            for status in value.statuses ?? [] {
                guard let receipt = DeliveryReceipts.Status(rawValue: status.status) else { continue }
                try await InboundIntake.receipt(provider: Self.provider, messageID: status.id, status: receipt, reason: status.reason, req: req)
            }
        }
        return .ok
    }
}
