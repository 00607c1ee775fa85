import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The one way a request's status changes: the Core state machine decides, a compare-and-set update applies it (so
/// two clicks or two officers never move it twice), and a transition row and an audit entry record it.
enum RequestWorkflow {
    /// The facts every guard may look at, read from the request's records now; a reason is the caller's, from its form.
    static func facts(_ request: SupportRequest, file: Beneficiary, req: Request, on db: any Database) async throws -> SupportRequestFacts {
        var facts = SupportRequestFacts()
        facts.declarationSigned = try await RequestDeclaration.standing(for: request, fileVersion: file.version, on: db) != nil
        facts.checklistComplete = try await checklist(request, file: file, req: req, on: db).isComplete
        facts.researchReportFiled = try await ResearchReport.query(on: db).filter(\.$requestID == request.requireID()).count() > 0
        facts.appealPending = try await RequestAppeal.query(on: db).filter(\.$requestID == request.requireID()).filter(\.$status == .lodged).count() > 0
        return facts
    }

    /// [P-19] The documents this request needs: the file's category's and the support type's.
    static func checklist(_ request: SupportRequest, file: Beneficiary, req: Request, on db: any Database) async throws -> DocumentRequirements {
        let type = try await SupportType.find(request.$supportType.id, on: db)
        return try await DocumentRequirements.evaluate(file, today: req.now, alsoRequired: type?.requiredDocumentCodes ?? [], on: db)
    }

    /// Moves the request by `action`, inside the caller's transaction `db`. Returns the refusal when the machine or a
    /// concurrent change says no; nothing is written then.
    /// `beneficiary` is the beneficiary herself acting from the portal; otherwise the signed-in staff member acts.
    static func apply(_ action: SupportRequestAction, to request: SupportRequest, facts: SupportRequestFacts, note: String,
                      req: Request, beneficiary: UUID? = nil, on db: any Database) async throws -> SupportRequestRefusal? {
        guard let actor = beneficiary ?? req.staff?.userID else { throw Abort(.unauthorized) }
        let from = request.status
        let target: SupportRequestStatus
        switch from.applying(action, facts: facts) {
        case .failure(let refusal): return refusal
        case .success(let next): target = next
        }
        let now = req.now
        let moved = try await db.sql.raw("""
            UPDATE support_requests SET status = \(bind: target.rawValue), updated_at = \(bind: now)
            WHERE id = \(bind: try request.requireID()) AND status = \(bind: from.rawValue) RETURNING id
            """).all()
        guard moved.count == 1 else { return .notAllowed }
        request.status = target
        request.updatedAt = now
        try await RequestTransition(requestID: try request.requireID(), from: from, to: target, action: action.rawValue, actorID: actor,
                                    at: now, note: String(note.prefix(500))).create(on: db)
        try await RequestNotices.moved(request, to: target, actor: req.staff?.userID, now: now, on: db)
        try await req.audit("request.\(action.rawValue)", record: ("support_request", try request.requireID().uuidString),
                            detail: "\(from.rawValue)→\(target.rawValue)", on: db)
        return nil
    }

    /// Audits a refused action; the caller shows the localized refusal and changes nothing.
    static func refused(_ action: SupportRequestAction, _ refusal: SupportRequestRefusal, request: SupportRequest, req: Request) async throws {
        try await req.audit("request.refused", record: ("support_request", try request.requireID().uuidString), outcome: .denied,
                            detail: "\(action.rawValue): \(refusal.rawValue)")
    }

    /// A refusal raised inside a transaction rolls it back and carries the reason out.
    struct Refused: Error { let refusal: SupportRequestRefusal }
}

extension Request {
    /// The request in the URL, reachable only through its file's branch rule; anything else is "not found".
    func reachableRequest(_ parameter: String = "requestID") async throws -> (SupportRequest, Beneficiary) {
        let request = try await scoped(SupportRequest.self, id: parameters.get(parameter), branch: \.$branchID) { $0.with(\.$supportType) }
        guard let file = try await Beneficiary.query(on: db).filter(\.$id == request.$beneficiary.id).with(\.$category).with(\.$branch).first()
        else { throw Abort(.notFound) }
        return (request, file)
    }
}
