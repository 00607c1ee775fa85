import Fluent
import LamasatCore
import Vapor

/// A beneficiary's message preferences on her file, and the words of a reply that stop messages (the webhooks are
/// in Inbound/).
struct MessagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("beneficiaries", ":beneficiaryID", "messages", "preferences") { try await self.save(req: $0) }.requires(.editBeneficiaries)
    }

    func save(req: Request) async throws -> Response {
        let file = try await req.reachableBeneficiary()
        let form = MessagePreferenceForm(request: req)
        guard let valid = form.validate() else { throw Abort(.badRequest) }
        let preference = try await MessagePreference.of(try file.requireID(), on: req.db) ?? MessagePreference(beneficiaryID: try file.requireID(), at: req.now)
        let stopping = form.optedOut
        let changed = stopping != preference.optedOut
        let channel = valid.channel
        preference.channel = channel
        preference.language = valid.language
        preference.note = valid.note
        preference.updatedAt = req.now
        let staff = try req.requireStaff()
        try await req.db.writeTransaction { db in
            try await preference.save(on: db)
            // Stopping or resuming messages is her consent to messages: the history keeps it, the ledger applies it.
            if changed {
                try await ConsentLedger.record(.init(purpose: .messages, granted: !stopping, method: .recordedVerbal, source: .staff), file: file,
                                               by: staff.userID, now: req.now, on: db)
            }
            try await req.audit("beneficiary.messagePreferences", record: ("beneficiary", try file.requireID().uuidString),
                                detail: "\(channel.rawValue)\(stopping ? " stop" : "")", on: db)
        }
        return req.redirect(to: "/beneficiaries/\(try file.requireID().uuidString)?tab=interactions&done=messagesSaved")
    }

    /// Words that stop messages, compared after the Arabic normalization and without case.
    static let stopWords: Set<String> = ["stop", "unsubscribe", "ايقاف", "الغاء", "توقف", "وقف"]

    static func isStop(_ text: String) -> Bool {
        stopWords.contains(ArabicSearch.normalize(text.lowercased()).trimmingWhitespace())
    }
}
