import Fluent
import LamasatCore
import Vapor

/// A case's conversation as staff read it on the case page: answers sent with their outbox status, answers given by
/// phone, her replies.
enum CaseConversation {
    struct Line: Encodable {
        let at: String
        let who: String
        let via: String
        let body: String
        let status: String?
        let statusCode: String?
        let incoming: Bool
    }

    static func lines(_ kind: CaseKind, _ caseID: UUID, req: Request) async throws -> [Line]? {
        let messages = try await CaseThread.messages(kind, caseID, on: req.db)
        guard !messages.isEmpty else { return nil }
        let outbox = try await OutboxMessage.query(on: req.db).filter(\.$id ~~ messages.compactMap(\.outboxMessageID)).all()
        let statuses = Dictionary(uniqueKeysWithValues: try outbox.map { (try $0.requireID(), $0.status) })
        let names = try await StaffUser.names(Set(messages.compactMap(\.authorID)), on: req.db)
        let formatter = DualCalendarFormatter(language: req.language)
        return messages.map { m in
            let status = m.outboxMessageID.flatMap { statuses[$0] }
            return Line(at: formatter.dateTime(m.at).combined, who: m.direction == .incoming ? req.t("caseMessage.her") : m.authorID.flatMap { names[$0] } ?? "—",
                        via: req.t("caseMessage.via.\(m.via)"), body: m.body, status: status.map { req.t($0.localizationKey) }, statusCode: status?.rawValue,
                        incoming: m.direction == .incoming)
        }
    }
}
