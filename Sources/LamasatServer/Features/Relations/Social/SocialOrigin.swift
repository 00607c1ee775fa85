import Fluent
import Vapor

extension FactRow {
    /// The message a case was made from, linked, on the case's page; nothing for a case that came another way.
    static func socialOrigin(of recordID: UUID, _ req: Request) async throws -> [FactRow] {
        guard let message = try await SocialMessage.query(on: req.db).filter(\.$outcomeID == recordID).first() else { return [] }
        return [FactRow(label: req.t("social.origin"), value: "\(req.t(message.platform.localizationKey)) · \(message.displayHandle)", dir: nil,
                        link: "/social/\(try message.requireID().uuidString)")]
    }
}
