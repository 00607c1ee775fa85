import Fluent
import Foundation
import LamasatCore
import Vapor

/// `/admin/retention/batches/:id`: every file a batch listed and what became of it (anonymised, kept back and why,
/// skipped because no longer due), by file number and branch, never by name; filtered by outcome or file number,
/// paged. What the association shows when asked which files it anonymised, and when.
extension RetentionController {
    struct BatchPageView: Encodable {
        let page: PageContext; let batch: BatchView; let filters: [FormField]; let items: [ItemRow]?; let paging: Paging
    }

    static let batchFilterNames = ["q", "status"]

    func batchPage(req: Request) async throws -> View {
        guard let id = req.parameters.get("retentionBatchID", as: UUID.self), let batch = try await RetentionBatch.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let typed = req.listFilters(Self.batchFilterNames)
        let query = RetentionItem.query(on: req.db).listed(in: id)
        if let status = RetentionItem.Status(rawValue: typed["status"]!) { query.filter(\.$status == status) }
        if !typed["q"]!.isEmpty {
            // "LMS-000123", "123" or "١٢٣": the number; text without one matches no file.
            let sequence = Int64(ArabicDigits.westernized(typed["q"]!).filter { $0.isASCII && $0.isNumber }.prefix(18)) ?? -1
            query.join(Beneficiary.self, on: \RetentionItem.$beneficiaryID == \Beneficiary.$id).filter(Beneficiary.self, \.$fileSequence == sequence)
        }
        let page = Paging.requestedPage(req)
        let (rows, total) = try await query.page(page)
        let filters = [
            FormField.search(req, value: typed["q"]!, label: req.t("retention.fileNumber"), dir: "ltr", maxlength: 30),
            FormField.filter(req, name: "status", label: req.t("retention.itemStatus"), selected: typed["status"]!,
                             choices: RetentionItem.Status.allCases.map { ($0.rawValue, req.t($0.localizationKey)) }),
        ]
        try await req.audit("view", record: ("retention_batches", id.uuidString))
        return try await req.render("privacy/retention-batch", BatchPageView(
            page: PageContext(req, title: "\(req.t("retention.batchTitle")) \(batch.reference)"),
            batch: Self.batchView(batch, req), filters: filters,
            items: try await Self.itemRows(rows, batch: batch, req).nonEmpty,
            paging: Paging(req, total: total, page: page, path: "/admin/retention/batches/\(id)", filters: typed)))
    }
}
