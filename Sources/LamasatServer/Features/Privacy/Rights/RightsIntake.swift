import Fluent
import Foundation
import LamasatCore
import Vapor

/// Receiving a rights request, from her portal or from an officer: numbered, its deadline set from the day received
/// (the association's holidays included), her identity confirmed at once when she asked from her portal (she signed
/// in with the code sent to her file's mobile) or when the officer saw her ID.
enum RightsIntake {
    static let detailsLimit = 2_000

    struct Asked {
        let kind: RightsRequestKind
        let details: String
        let source: RightsRequest.Source
        let identity: RightsIdentityMethod?
    }

    static func receive(_ asked: Asked, file: Beneficiary, by officer: UUID?, now: Date, on db: any Database) async throws -> RightsRequest {
        let calendar = try await Holiday.calendar(on: db)
        let r = RightsRequest()
        (r.beneficiaryID, r.branchID) = (try file.requireID(), file.$branch.id)
        (r.kind, r.details, r.source, r.receivedAt) = (asked.kind, asked.details, asked.source, now)
        r.dueAt = RightsDeadline(calendar: calendar).due(from: now)
        (r.extensionReason, r.decisionReasons, r.answerMethod, r.answerNote) = ("", "", "", "")
        r.identityMethod = asked.identity?.rawValue ?? ""
        if asked.identity != nil { (r.identityCheckedAt, r.identityCheckedBy) = (now, officer) }
        r.status = asked.identity == nil ? .received : .verified
        r.recordedBy = officer
        r.version = 1
        r.number = try await Counters.next("rights_request", on: db)
        try await r.create(on: db)
        return r
    }

    /// What she typed, checked: a kind she may ask and her words within their length (required for a correction,
    /// which must say what is wrong).
    static func validate(kind: String, details: String, _ req: Request) -> (RightsRequestKind?, FieldErrors) {
        var errors: FieldErrors = [:]
        let chosen = RightsRequestKind(rawValue: kind)
        if chosen == nil { errors["kind"] = req.t("validation.choose") }
        if details.count > detailsLimit { errors["details"] = req.t("validation.tooLong") } else if chosen == .correction && details.isEmpty {
            errors["details"] = req.t("rights.error.correctionDetails")
        }
        return (errors.isEmpty ? chosen : nil, errors)
    }
}
