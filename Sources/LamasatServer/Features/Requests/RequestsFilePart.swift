import Fluent
import LamasatCore
import Vapor

/// Her requests on her file: the requests tab with what she received ([P-24]), and each request's steps in her
/// story ([P-18]–[P-24]).
struct RequestsFilePart: FilePart {
    struct Row: Encodable {
        let id: String
        let tracking: String
        let type: String
        let status: String
        let statusCode: String
        let created: String
    }

    /// [P-24] What she received, when: the entitlement history.
    struct EntitlementRow: Encodable { let day: String; let type: String; let what: String; let amount: String; let requestID: String? }

    struct TabView: Encodable {
        let id: String
        let canTakeRequests: Bool
        let requests: [Row]?
        let entitlements: [EntitlementRow]?
    }

    var tab: FileTab? { FileTab(key: "requests", order: 30) }
    var followingTables: [String] { ["support_requests"] }

    /// Her category and branch are counted with her requests.
    func aroundFileEdit(_ file: UUID, on db: any Database, _ edit: () async throws -> Void) async throws {
        try await RequestCounts.tracking(.file(file), on: db) { try await edit() }
    }

    /// A request on a committee's agenda belongs to that branch's meeting: the file moves once it is decided.
    func holdsFileInBranch(_ file: UUID, on db: any Database) async throws -> Bool {
        try await SupportRequest.query(on: db).filter(\.$beneficiary.$id == file).filter(\.$status == .committeeReview).count() > 0
    }

    func relatedRecordIDs(_ file: FilePage) async throws -> [String] {
        try await SupportRequest.query(on: file.req.db).filter(\.$beneficiary.$id == file.id).all(\.$id).map(\.uuidString)
    }

    func tabBody(_ file: FilePage) async throws -> RenderedHTML {
        let req = file.req, formatter = file.formatter
        let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: req.db).all().map { (try $0.requireID(), $0.name(in: req.language)) })
        let entitlements = try await Entitlements.history(of: file.id, on: req.db).map {
            EntitlementRow(day: CalendarDay(stored: $0.deliveredOn).map { formatter.date($0.moment).combined } ?? $0.deliveredOn,
                           type: types[$0.supportTypeID] ?? "—", what: $0.description,
                           amount: $0.amount == 0 ? (($0.quantity > 0) ? String($0.quantity) : "—") : Money(halalas: $0.amount).formatted(req.language),
                           requestID: $0.requestID?.uuidString)
        }
        let requests = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == file.id).with(\.$supportType)
            .sort(\.$createdAt, .descending).all()
        let rows = try requests.map {
            Row(id: try $0.requireID().uuidString, tracking: $0.trackingNumber ?? "—", type: $0.supportType.name(in: req.language),
                       status: req.t($0.status.localizationKey), statusCode: $0.status.rawValue, created: formatter.date($0.createdAt).combined)
        }
        return try await file.render("requests/file-tab", TabView(id: file.id.uuidString, canTakeRequests: file.staff.can(.takeRequests),
                                                                  requests: rows.nonEmpty, entitlements: entitlements.nonEmpty))
    }

    func timeline(_ file: FilePage) async throws -> [FileTimelineLine] {
        let req = file.req
        let requests = try await SupportRequest.query(on: req.db).filter(\.$beneficiary.$id == file.id).all()
        let tracking = Dictionary(uniqueKeysWithValues: try requests.map { (try $0.requireID(), $0.trackingNumber ?? req.t("request.status.draft")) })
        let steps = try await RequestTransition.query(on: req.db).filter(\.$requestID ~~ Array(tracking.keys))
            .sort(\.$at, .descending).limit(200).all()
        let actors = try await StaffUser.names(Set(steps.map(\.actorID)), on: req.db)
        return steps.map {
            FileTimelineLine(at: $0.at, actor: actors[$0.actorID] ?? "—",
                             action: req.t("timeline.request", tracking[$0.requestID] ?? "", req.t($0.toStatus.localizationKey)), detail: "")
        }
    }
}
