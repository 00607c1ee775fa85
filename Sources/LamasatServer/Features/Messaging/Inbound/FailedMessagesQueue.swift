import Fluent
import LamasatCore
import Vapor

/// "My work" for staff who log contacts: messages to a file that failed for good in the last two weeks, each with a
/// way to reach her on another channel (her file's messages, where her preferences and a new contact are).
extension CaseQueue {
    static let failedWindow: TimeInterval = 14 * 86400

    static func failedMessages(_ req: Request) async throws -> [CaseQueue] {
        let staff = try req.requireStaff()
        guard staff.can(.logContacts) else { return [] }
        let query = OutboxMessage.query(on: req.db).filter(\.$status == .failed).filter(\.$beneficiaryID != nil)
            .filter(\.$createdAt >= req.now.addingTimeInterval(-failedWindow)).sort(\.$createdAt, .descending).limit(size)
        query.withinReach(of: staff, \.$branchID)
        let failed = try await query.all()
        let files = Dictionary(uniqueKeysWithValues: try await Beneficiary.query(on: req.db).filter(\.$id ~~ Set(failed.compactMap(\.beneficiaryID))).all()
            .map { (try $0.requireID(), $0.fileSequence) })
        let lines = failed.compactMap { message -> Line? in
            guard let file = message.beneficiaryID, let sequence = files[file] else { return nil }
            return Line(path: "/beneficiaries/\(file.uuidString)?tab=interactions#messages", number: Beneficiary.fileNumber(sequence),
                        title: req.t("messages.failedLine", req.t(message.channel.localizationKey), message.lastError ?? ""),
                        status: req.t("messages.tryAnotherChannel"), late: true)
        }
        return [CaseQueue(title: req.t("work.failedMessages"), lines: lines.nonEmpty, link: "/contacts/new")]
    }
}
