import Fluent
import Foundation
import LamasatCore
import Vapor

/// Lodging her appeal, from her portal or recorded by an officer: of a rejection only, once, with her reasons, within
/// the days the administrator set after the decision (`AppealRules`). It waits for the next committee meeting of her
/// branch; the committee's organisers are told. New documents she adds to her file after the decision go with it.
enum AppealIntake {
    static let reasonsLimit = 2000

    /// When the first decision was made and how many days the administrator allows after it.
    private static func window(_ request: SupportRequest, on db: any Database) async throws -> (decidedAt: Date?, days: Int) {
        let first = try await RequestDecision.query(on: db).filter(\.$requestID == request.requireID()).first()
        return (first?.decidedAt, try await CasePeriods.current(on: db).appealDays)
    }

    /// What the period and her request allow now: nil when she may appeal, or why not.
    static func refusal(_ request: SupportRequest, reasons: String, on db: any Database, now: Date) async throws -> AppealRefusal? {
        let (decidedAt, days) = try await window(request, on: db)
        let appealed = try await RequestAppeal.query(on: db).filter(\.$requestID == request.requireID()).count() > 0
        return AppealRules.refusal(status: request.status, alreadyAppealed: appealed, decidedAt: decidedAt, days: days, reasons: reasons, now: now)
    }

    /// The last moment she may appeal this request's rejection, when it is one.
    static func deadline(_ request: SupportRequest, on db: any Database) async throws -> Date? {
        guard request.status == .rejected else { return nil }
        let (decidedAt, days) = try await window(request, on: db)
        return decidedAt.map { AppealRules.deadline(decidedAt: $0, days: days) }
    }

    enum Outcome { case lodged(RequestAppeal), refused(AppealRefusal) }

    static func lodge(_ request: SupportRequest, reasons: String, source: RequestAppeal.Source, by actor: UUID, req: Request) async throws -> Outcome {
        let text = String(reasons.trimmingWhitespace().prefix(reasonsLimit))
        return try await req.db.writeTransaction { db in
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
