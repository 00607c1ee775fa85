import Fluent
import LamasatCore
import Vapor

/// On her file: a card leading to the file it was merged into (a tombstone), or naming the files merged into it;
/// and the merged files' own history on her timeline.
struct FileMergePart: FilePart {
    struct CardView: Encodable { let title: String; let text: String; let link: String?; let label: String? }

    func summaryCard(_ file: FilePage) async throws -> FileCard? {
        let req = file.req
        if let merge = try await FileMerge.query(on: req.db).filter(\.$mergedID == file.id).first(),
           let survivor = try await Beneficiary.find(merge.survivorID, on: req.db) {
            return FileCard(html: try await file.render("beneficiaries/merge-card", CardView(
                title: req.t("merge.card.tombstone"), text: req.t("merge.card.tombstoneText", survivor.fileNumber),
                link: "/beneficiaries/\(merge.survivorID.uuidString)", label: req.t("merge.card.open"))), leads: true)
        }
        let merged = try await Beneficiary.query(on: req.db).filter(\.$id ~~ FileMerge.mergedInto(file.id, on: req.db)).all()
        guard !merged.isEmpty else { return nil }
        return FileCard(html: try await file.render("beneficiaries/merge-card", CardView(
            title: req.t("merge.card.survivor"), text: req.t("merge.card.survivorText", merged.map(\.fileNumber).joined(separator: "، ")), link: nil, label: nil)))
    }

    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] {
        let req = file.req
        let merged = try await FileMerge.mergedInto(file.id, on: req.db)
        guard !merged.isEmpty else { return [] }
        let entries = try await AuditEntry.query(on: req.db).filter(\.$recordType == "beneficiary").filter(\.$recordID ~~ merged.map(\.uuidString))
            .filter(\.$action != "view").sort(\.$id, .descending).limit(200).all()
        return entries.map {
            FileTimelineLine(at: $0.occurredAt, actor: $0.actorName ?? "—", action: req.t("merge.timelineFrom", req.t("timeline.\($0.action)")), detail: $0.detail ?? "")
        }
    }
}
