import Fluent
import LamasatCore
import Vapor

/// The "طلبات الحقوق" tab of her file: her rights requests with their state and deadline, and the way to record a
/// new one; an open one shows on the summary. The requests follow her file to another branch.
struct RightsFilePart: FilePart {
    var tab: FileTab? { FileTab(key: "rights", order: 55) }
    var followingTables: [String] { [RightsRequest.schema] }

    struct TabView: Encodable { let id: String; let canRecord: Bool; let rows: [RightsQueueController.Row]? }
    struct CardView: Encodable { let rows: [RightsQueueController.Row] }

    func tabBody(_ file: FilePage) async throws -> RenderedHTML {
        let items = try await RightsRequest.query(on: file.req.db).filter(\.$beneficiaryID == file.id).sort(\.$receivedAt, .descending).all()
        let canRecord = file.staff.can(.handleRightsRequests)
        return try await file.render("privacy/rights-tab", TabView(id: file.id.uuidString, canRecord: canRecord,
                                                                  rows: canRecord ? try await RightsQueueController.rows(items, file.req).nonEmpty : nil))
    }

    func summaryCard(_ file: FilePage) async throws -> FileCard? {
        guard file.staff.can(.handleRightsRequests) else { return nil }
        let open = try await RightsRequest.query(on: file.req.db).filter(\.$beneficiaryID == file.id).filter(\.$status != .answered).all()
        guard !open.isEmpty else { return nil }
        return FileCard(html: try await file.render("privacy/rights-card", CardView(rows: try await RightsQueueController.rows(open, file.req))))
    }

    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] {
        let req = file.req
        let items = try await RightsRequest.query(on: req.db).filter(\.$beneficiaryID == file.id).limit(100).all()
        return items.flatMap { r -> [FileTimelineLine] in
            var lines = [FileTimelineLine(at: r.receivedAt, actor: req.t(r.source.localizationKey), action: req.t("timeline.rightsReceived", req.t(r.kind.localizationKey)),
                                          detail: r.reference)]
            if let at = r.answeredAt, let decision = r.decision {
                lines.append(FileTimelineLine(at: at, actor: "", action: req.t("timeline.rightsAnswered", req.t(decision.localizationKey)), detail: r.reference))
            }
            return lines
        }
    }
}
