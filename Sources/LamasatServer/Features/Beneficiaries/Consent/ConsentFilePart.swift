import Fluent
import LamasatCore
import Vapor

/// The "الموافقات" tab: each purpose with what holds now (and since when, how, by whom), then every change, newest
/// first; a withdrawal shows at once, and on the summary while it lasts.
struct ConsentFilePart: FilePart {
    var tab: FileTab? { FileTab(key: "consent", order: 50) }

    struct Line: Encodable {
        let purpose: String; let partner: String; let granted: Bool; let state: String; let when: String; let how: String; let by: String
        let notice: String; let note: String
    }
    struct TabView: Encodable { let id: String; let canRecord: Bool; let current: [Line]; let history: [Line]? }
    struct CardView: Encodable { let withdrawn: [String] }

    func tabBody(_ file: FilePage) async throws -> RenderedHTML {
        let req = file.req
        let history = try await ConsentRecord.query(on: req.db).filter(\.$beneficiaryID == file.id).sort(\.$number, .descending).all()
        let names = try await StaffUser.names(Set(history.compactMap(\.recordedBy)), on: req.db)
        func line(_ record: ConsentRecord) -> Line {
            Line(purpose: req.t(record.purpose.localizationKey), partner: record.partner, granted: record.granted,
                 state: req.t(record.granted ? "consent.state.granted" : "consent.state.withdrawn"), when: file.formatter.date(record.recordedAt).combined,
                 how: (record.method.map { req.t($0.localizationKey) + " · " } ?? "") + req.t(record.source.localizationKey),
                 by: record.recordedBy.flatMap { names[$0] } ?? req.t(record.source.localizationKey), notice: record.noticeVersion, note: record.note)
        }
        var seen = Set<String>()
        let latest = history.filter { seen.insert("\($0.purpose.rawValue)|\($0.partner)").inserted }
        // A purpose never recorded: before consents were per purpose, processing stood for all.
        let current = ConsentPurpose.allCases.flatMap { purpose -> [Line] in
            let rows = latest.filter { $0.purpose == purpose }
            if !rows.isEmpty { return rows.map(line) }
            guard purpose != .sharing else { return [] }
            return [Line(purpose: req.t(purpose.localizationKey), partner: "", granted: file.file.consentGiven,
                         state: req.t(file.file.consentGiven ? "consent.state.granted" : "consent.state.none"), when: "—", how: "—", by: "—",
                         notice: file.file.consentNoticeVersion, note: "")]
        }
        return try await file.render("beneficiaries/consent-tab", TabView(id: file.id.uuidString, canRecord: file.staff.can(.editBeneficiaries),
                                                                          current: current, history: history.map(line).nonEmpty))
    }

    func summaryCard(_ file: FilePage) async throws -> FileCard? {
        let withdrawn = try await ConsentLedger.current(of: file.id, on: file.req.db).filter { !$0.granted }
        guard !withdrawn.isEmpty else { return nil }
        let names = withdrawn.map { file.req.t($0.purpose.localizationKey) + ($0.partner.isEmpty ? "" : " (\($0.partner))") }
        return FileCard(html: try await file.render("beneficiaries/consent-card", CardView(withdrawn: names)), leads: true)
    }

    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] {
        let req = file.req
        let rows = try await ConsentRecord.query(on: req.db).filter(\.$beneficiaryID == file.id).sort(\.$number, .descending).limit(100).all()
        let names = try await StaffUser.names(Set(rows.compactMap(\.recordedBy)), on: req.db)
        return rows.map {
            FileTimelineLine(at: $0.recordedAt, actor: $0.recordedBy.flatMap { names[$0] } ?? req.t($0.source.localizationKey),
                             action: req.t($0.granted ? "timeline.consentGiven" : "timeline.consentWithdrawn", req.t($0.purpose.localizationKey)),
                             detail: $0.partner)
        }
    }
}
