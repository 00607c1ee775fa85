import Fluent
import LamasatCore
import Vapor

/// A beneficiary's message preferences on her file, and the SMS gateway's inbound webhook that honours "STOP".
struct MessagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("beneficiaries", ":beneficiaryID", "messages", "preferences") { try await self.save(req: $0) }.requires(.editBeneficiaries)
        routes.post("webhooks", "sms") { try await self.inbound(req: $0) }.declare(.public)
    }

    func save(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let form = MessagePreferenceForm(request: req)
        guard let valid = form.validate() else { throw Abort(.badRequest) }
        let preference = try await MessagePreference.of(try file.requireID(), on: req.db) ?? MessagePreference(beneficiaryID: try file.requireID(), at: req.now)
        let stopping = form.optedOut
        let channel = valid.channel
        preference.channel = channel
        preference.language = valid.language
        if stopping != preference.optedOut { preference.optedOutAt = stopping ? req.now : nil }
        preference.optedOut = stopping
        preference.note = valid.note
        preference.updatedAt = req.now
        try await req.db.transaction { db in
            try await preference.save(on: db)
            try await req.audit("beneficiary.messagePreferences", record: ("beneficiary", try file.requireID().uuidString),
                                detail: "\(channel.rawValue)\(stopping ? " stop" : "")", on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=interactions&done=messagesSaved")
    }

    struct Inbound: Content { var from: String?; var text: String? }

    /// Words that stop messages, compared after the Arabic normalization and without case.
    static let stopWords: Set<String> = ["stop", "unsubscribe", "ايقاف", "الغاء", "توقف", "وقف"]

    static func isStop(_ text: String) -> Bool {
        stopWords.contains(ArabicSearch.normalize(text.lowercased()).trimmingWhitespace())
    }

    /// The gateway posts replies here with the shared secret in `X-Lamasat-Token`. The answer is the same whether or
    /// not the number is known.
    func inbound(req: Request) async throws -> HTTPStatus {
        guard let expected = req.lamasat.messaging.inboundToken, let given = req.headers.first(name: "X-Lamasat-Token"),
              SessionTokens.constantTimeEquals(given, expected)
        else { throw Abort(.unauthorized) }
        let input = (try? req.content.decode(Inbound.self)) ?? Inbound()
        guard let from = input.from, let mobile = try? SaudiMobile(from), Self.isStop(input.text ?? "") else { return .ok }
        let files = try await Beneficiary.query(on: req.db).filter(\.$mobile == mobile.e164).all()
        for file in files {
            try await req.db.transaction { db in
                let preference = try await MessagePreference.of(try file.requireID(), on: db) ?? MessagePreference(beneficiaryID: try file.requireID(), at: req.now)
                preference.optedOut = true
                preference.optedOutAt = req.now
                preference.updatedAt = req.now
                try await preference.save(on: db)
                try await AuditChain.append(.init(actorName: "sms-gateway", action: "beneficiary.optedOutByReply", recordType: "beneficiary",
                                                  recordID: try file.requireID().uuidString, outcome: .success), at: req.now, key: req.lamasat.secrets.audit, on: db)
            }
        }
        return .ok
    }
}
