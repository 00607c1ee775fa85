import Fluent
import LamasatCore
import Vapor

/// Lodging her appeal, from her portal or recorded by an officer: of a rejection only, once, with her reasons, within
/// the days the administrator set after the decision (`AppealRules`). It waits for the next committee meeting of her
/// branch; the committee's organisers are told. New documents she adds to her file after the decision go with it.
enum AppealIntake {
    static let reasonsLimit = 2000

    /// What the period and her request allow now: nil when she may appeal, or why not.
    static func refusal(_ request: SupportRequest, reasons: String, on db: any Database, now: Date) async throws -> AppealRefusal? {
        let id = try request.requireID()
        let first = try await RequestDecision.query(on: db).filter(\.$requestID == id).first()
        let appealed = try await RequestAppeal.query(on: db).filter(\.$requestID == id).count() > 0
        let days = try await CasePeriods.current(on: db).appealDays
        return AppealRules.refusal(status: request.status, alreadyAppealed: appealed, decidedAt: first?.decidedAt, days: days, reasons: reasons, now: now)
    }

    /// The last moment she may appeal this request's rejection, when it is one.
    static func deadline(_ request: SupportRequest, on db: any Database) async throws -> Date? {
        guard request.status == .rejected,
              let first = try await RequestDecision.query(on: db).filter(\.$requestID == request.requireID()).first() else { return nil }
        return AppealRules.deadline(decidedAt: first.decidedAt, days: try await CasePeriods.current(on: db).appealDays)
    }

    enum Outcome { case lodged(RequestAppeal), refused(AppealRefusal) }

    static func lodge(_ request: SupportRequest, reasons: String, source: RequestAppeal.Source, by actor: UUID, req: Request) async throws -> Outcome {
        let text = String(reasons.trimmingWhitespace().prefix(reasonsLimit))
        return try await req.db.transaction { db in
            // Her request's row is locked first: two appeals sent at once find each other.
            try await db.sql.raw("UPDATE support_requests SET updated_at = updated_at WHERE id = \(bind: try request.requireID())").run()
            if let refusal = try await refusal(request, reasons: text, on: db, now: req.now) {
                try await req.audit("appeal.refused", record: ("support_request", try request.requireID().uuidString), outcome: .denied,
                                    detail: refusal.rawValue, on: db)
                return .refused(refusal)
            }
            let appeal = try RequestAppeal(request: request, reasons: text, source: source, by: actor, at: req.now)
            try await appeal.create(on: db)
            try await req.audit("appeal.lodged", record: ("support_request", try request.requireID().uuidString), detail: source.rawValue, on: db)
            try await StaffNotifications.notify(
                .init(kind: .appealLodged, reference: request.trackingNumber ?? "", link: "/requests/\(try request.requireID().uuidString)",
                      branchID: request.branchID, key: "appeal:\(try appeal.requireID().uuidString)"),
                users: try await StaffNotifications.staff(holding: .organizeCommittee, branch: request.branchID, on: db), except: actor, now: req.now, on: db)
            return .lodged(appeal)
        }
    }

    /// The documents she added to her file after the first decision: the new documents of her appeal.
    static func newDocuments(_ appeal: RequestAppeal, on db: any Database) async throws -> [BeneficiaryDocument] {
        guard let first = try await RequestDecision.query(on: db).filter(\.$requestID == appeal.requestID).first() else { return [] }
        return try await BeneficiaryDocument.query(on: db).filter(\.$beneficiary.$id == appeal.beneficiaryID).filter(\.$uploadedAt > first.decidedAt)
            .with(\.$type).sort(\.$uploadedAt).all()
    }
}
