import Fluent
import LamasatCore
import Vapor

/// Her file's page: her facts and family here, every other feature's tab, cards and story through `FilePart`.
extension BeneficiaryFileController {
    /// The tabs the file itself owns; the parts add theirs between family and the timeline.
    static let ownTabs = [FileTab(key: "summary", order: 0), FileTab(key: "family", order: 10), FileTab(key: "timeline", order: 100)]

    struct Tab: Encodable {
        let key: String
        let label: String
        let current: Bool
    }

    struct TimelineRow: Encodable {
        let time: String
        let actor: String
        let action: String
        let detail: String
    }

    struct ShowView: Encodable {
        let page: PageContext
        let id: String
        let fileNumber: String
        let name: String
        let status: String
        let statusCode: String
        let statusReason: String
        let tabs: [Tab]
        let tab: String
        let facts: FileFacts
        let timeline: [TimelineRow]?
        let statusFields: [FormField]
        let canEdit: Bool
        let canExport: Bool
        /// Managers merge a duplicate into an open file (issue 20).
        let canMerge: Bool
        /// Shown above everything on a file the retention schedule anonymised; nothing on it can be changed.
        let anonymised: String?
        let leadCards: [RenderedHTML]
        let cards: [RenderedHTML]
        /// The open tab's body when a part owns it.
        let tabBody: RenderedHTML
    }

    func show(req: Request) async throws -> Response {
        try await render(req, file: try await req.reachableBeneficiary(), status: .ok)
    }

    /// `errors` are a part's messages by its tab key, shown when that tab opens; `statusForm` the refused status change.
    func render(_ req: Request, file b: Beneficiary, statusForm: (FileStatusForm, FieldErrors)? = nil, errors: [String: [String]] = [:], tab chosenTab: String? = nil,
                status: HTTPStatus) async throws -> Response {
        let staff = try req.requireStaff()
        let id = try b.requireID()
        try await req.auditView("beneficiary", id: id.uuidString)
        let parts = req.application.fileParts.all
        let tabs = (Self.ownTabs + parts.compactMap(\.tab)).sorted { $0.order < $1.order }.map(\.key)
        let asked = chosenTab ?? req.query[String.self, at: "tab"] ?? ""
        let tab = tabs.contains(asked) ? asked : "summary"
        let page = PageContext(req, title: b.name.full)
        var filePage = FilePage(req: req, page: page, file: b, staff: staff, formatter: DualCalendarFormatter(language: req.language), errors: errors)
        if tab != "summary", tab != "family" {
            for part in parts { filePage.relatedRecordIDs += try await part.relatedRecordIDs(filePage) }
        }
        var cards: [FileCard] = []
        if tab == "summary" { for part in parts { if let card = try await part.summaryCard(filePage) { cards.append(card) } } }
        let owner = parts.first { $0.tab?.key == tab }
        let view = ShowView(
            page: page, id: id.uuidString, fileNumber: b.fileNumber, name: b.name.full,
            status: req.t(b.status.localizationKey), statusCode: b.status.rawValue, statusReason: b.statusReason,
            tabs: tabs.map { Tab(key: $0, label: req.t("beneficiary.tab.\($0)"), current: $0 == tab) }, tab: tab,
            facts: try await FileFacts(of: b, req: req, formatter: filePage.formatter),
            timeline: tab == "timeline" ? try await timeline(filePage, parts: parts).nonEmpty : nil,
            statusFields: (statusForm?.0 ?? FileStatusForm()).fields(req, errors: statusForm?.1 ?? [:], from: b.status),
            canEdit: staff.can(.editBeneficiaries) && b.anonymisedAt == nil, canExport: staff.can(.exportPersonalData) && b.anonymisedAt == nil,
            canMerge: staff.can(.mergeFiles) && b.status != .closed && b.anonymisedAt == nil,
            anonymised: b.anonymisedAt.map { req.t("beneficiary.anonymised", filePage.formatter.date($0).combined) },
            leadCards: cards.filter(\.leads).map(\.html), cards: cards.filter { !$0.leads }.map(\.html),
            tabBody: try await owner?.tabBody(filePage) ?? .empty)
        return try await req.render("beneficiaries/show", view).encodeResponse(status: status, for: req)
    }

    /// Her story: the file's own audited changes and the messages sent to her, with every part's lines.
    private func timeline(_ file: FilePage, parts: [any FilePart]) async throws -> [TimelineRow] {
        let req = file.req, id = file.id
        let entries = try await AuditEntry.query(on: req.db).filter(\.$recordType == "beneficiary")
            .filter(\.$recordID == id.uuidString).filter(\.$action != "view").filter(\.$action != "contact.logged")
            .sort(\.$id, .descending).limit(200).all()
        // People are shown by name; the audit keeps their usernames.
        let named = Dictionary(uniqueKeysWithValues: try await StaffUser.query(on: req.db)
            .filter(\.$username ~~ Set(entries.compactMap(\.actorName))).all().map { ($0.username, $0.fullName) })
        var lines = entries.map {
            FileTimelineLine(at: $0.occurredAt, actor: $0.actorName.map { named[$0] ?? $0 } ?? "—",
                             action: req.t("timeline.\($0.action)"), detail: $0.detail ?? "")
        }
        // Messages to her, on whatever channel, and whether they went.
        let messages = try await OutboxMessage.query(on: req.db).group(.or) {
            $0.filter(\.$relatedID ~~ file.relatedRecordIDs).filter(\.$beneficiaryID == id)
        }.sort(\.$createdAt, .descending).limit(100).all()
            // A confidential complaint's message stays with those who may see such complaints.
            .filter { $0.relatedType != "complaint.confidential" || file.staff.can(.viewConfidentialComplaints) }
        lines += messages.map {
            FileTimelineLine(at: $0.createdAt, actor: req.t($0.channel.localizationKey),
                             action: req.t("timeline.message", req.t($0.status.localizationKey)), detail: $0.subject)
        }
        for part in parts { lines += try await part.timeline(file) }
        return lines.sorted { $0.at > $1.at }.prefix(300).map {
            TimelineRow(time: file.formatter.dateTime($0.at).combined, actor: $0.actor, action: $0.action, detail: $0.detail)
        }
    }
}
