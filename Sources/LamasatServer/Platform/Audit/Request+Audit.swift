import Fluent
import LamasatCore
import Vapor

extension Request {
    /// Writes one audit row for this request: the signed-in staff member (or `actor`, or the volunteer in her area), the client's address and the
    /// injected time. Pass `db` to write inside the caller's transaction.
    func audit(
        _ action: String, record: (type: String, id: String)? = nil, outcome: AuditRecord.Outcome = .success,
        detail: String? = nil, actor: StaffUser? = nil, on db: (any Database)? = nil
    ) async throws {
        let user = actor ?? staff?.user
        let other = user == nil ? auditActor : nil
        let event = AuditChain.Event(
            actorID: user?.id ?? other?.id, actorName: user?.username ?? other?.name,
            actorBranchID: user?.$branch.id ?? other?.branchID, action: action,
            recordType: record?.type, recordID: record?.id, outcome: outcome, address: clientAddress, detail: detail)
        if let db {
            try await AuditChain.append(event, at: now, key: lamasat.secrets.audit, on: db)
        } else {
            try await lamasat.auditWriter.append(event, at: now, key: lamasat.secrets.audit, on: application.db)
        }
    }

    /// Records that the signed-in staff member looked at a sensitive record. Features call it on every view of a
    /// beneficiary's file, documents or anything else protected by the PDPL.
    func auditView(_ recordType: String, id: String) async throws {
        try await audit("view", record: (recordType, id))
    }
}

/// Who acts when no staff member is signed in but someone else is (a volunteer in her own area): set by that
/// session's middleware, named apart from staff usernames (e.g. "volunteer:V-2026-000001").
struct AuditActor: Sendable {
    let id: UUID
    let name: String
    let branchID: UUID?
}

extension Request {
    private struct AuditActorKey: StorageKey { typealias Value = AuditActor }

    var auditActor: AuditActor? {
        get { storage[AuditActorKey.self] }
        set { storage[AuditActorKey.self] = newValue }
    }
}
