import Fluent
import LamasatCore
import Vapor

/// One line of a request list or work queue: who, what, where it stands, and the days since submission against the
/// expected decision date ([P-22]).
struct RequestRow: Encodable {
    let id: String
    let tracking: String
    let name: String
    let fileNumber: String
    let supportType: String
    let status: String
    let statusCode: String
    let elapsed: String
    let expected: String
    let overdue: Bool

    static func rows(_ requests: [SupportRequest], req: Request) async throws -> [RequestRow] {
        let files = Dictionary(uniqueKeysWithValues: try await Beneficiary.query(on: req.db)
            .filter(\.$id ~~ Set(requests.map { $0.$beneficiary.id })).all().map { (try $0.requireID(), $0) })
        let types = Dictionary(uniqueKeysWithValues: try await SupportType.query(on: req.db).all().map { (try $0.requireID(), $0) })
        let formatter = DualCalendarFormatter(language: req.language)
        return try requests.map { r in
            let file = files[r.$beneficiary.id]
            return RequestRow(
                id: try r.requireID().uuidString, tracking: r.trackingNumber ?? "—", name: file?.name.full ?? "—", fileNumber: file?.fileNumber ?? "",
                supportType: types[r.$supportType.id]?.name(in: req.language) ?? "—", status: req.t(r.status.localizationKey),
                statusCode: r.status.rawValue,
                elapsed: r.submittedAt.map { req.t("request.days", String(RequestPage.days(from: $0, to: req.now))) } ?? "—",
                expected: r.expectedDecisionAt.map { formatter.date($0).combined } ?? "—", overdue: r.isOverdue(now: req.now))
        }
    }
}

extension Request {
    /// Requests of the branches the signed-in staff member may reach.
    func scopedRequests() throws -> QueryBuilder<SupportRequest> {
        let staff = try requireStaff()
        let query = SupportRequest.query(on: db)
        query.withinReach(of: staff, \.$branchID)
        return query
    }
}
