import Fluent
import LamasatCore
import SQLKit
import Vapor

/// The one branch rule for records that belong to a branch. Lists filter through `withinReach`, pages that
/// take a record id load it through `Request.scoped`: a record of a branch outside the reader's scope does not
/// exist for her (404), and the probe is audited with the record's kind.
extension QueryBuilder {
    @discardableResult
    func withinReach(of staff: StaffContext, _ branch: KeyPath<Model, FieldProperty<Model, UUID>>) -> Self {
        if let own = staff.ownBranchOnly { filter(branch == own) }
        return self
    }

    @discardableResult
    func withinReach(of staff: StaffContext, _ branch: KeyPath<Model, OptionalFieldProperty<Model, UUID>>) -> Self {
        if let own = staff.ownBranchOnly { filter(branch == own) }
        return self
    }

    /// For joined queries whose branch column lives on another model.
    @discardableResult
    func withinReach<Joined: Schema>(of staff: StaffContext, _ joined: Joined.Type,
                                     _ branch: KeyPath<Joined, FieldProperty<Joined, UUID>>) -> Self {
        if let own = staff.ownBranchOnly { filter(joined, branch == own) }
        return self
    }
}

extension StaffContext {
    /// Her branch when her scope stops at it; nil when she reaches every branch.
    var ownBranchOnly: UUID? { user.scope == .ownBranch ? user.$branch.id : nil }

    /// The same rule for a statement written in SQL: `column = her branch`, or nil when she reaches every branch.
    func reachCondition(_ column: String) -> SQLQueryString? {
        ownBranchOnly.map { "\(unsafeRaw: column) = \(bind: $0)" }
    }
}

extension Request {
    /// The record named by `id` if the signed-in staff member's scope reaches its branch; otherwise 404. A refusal
    /// for a record that exists is audited as `access.outOfScope` with its kind, so probes leave a trace.
    func scoped<M: Model>(_ type: M.Type, id raw: String?, branch: KeyPath<M, FieldProperty<M, UUID>>,
                          query: (QueryBuilder<M>) -> Void = { _ in }) async throws -> M where M.IDValue == UUID {
        try await scoped(type, id: raw, reach: { $0[keyPath: branch].value }, query: query)
    }

    func scoped<M: Model>(_ type: M.Type, id raw: String?, optionalBranch: KeyPath<M, OptionalFieldProperty<M, UUID>>,
                          query: (QueryBuilder<M>) -> Void = { _ in }) async throws -> M where M.IDValue == UUID {
        try await scoped(type, id: raw, reach: { $0[keyPath: optionalBranch].value ?? nil }, query: query)
    }

    /// For records whose branch is not a column of their own (a branch itself).
    func scoped<M: Model>(_ type: M.Type, id raw: String?, reach: (M) -> UUID?,
                          query refine: (QueryBuilder<M>) -> Void = { _ in }) async throws -> M where M.IDValue == UUID {
        let staff = try requireStaff()
        guard let raw, let id = UUID(uuidString: raw) else { throw Abort(.notFound) }
        let query = M.query(on: db).filter(\._$id == id)
        refine(query)
        guard let record = try await query.first() else { throw Abort(.notFound) }
        // A record without a branch (e.g. a system message) is reachable only by an all-branches reader.
        let allowed = reach(record).map { staff.mayReach(branch: $0) } ?? (staff.ownBranchOnly == nil)
        guard allowed else {
            try await refusedOutOfScope(M.schema, id: id)
            throw Abort(.notFound)
        }
        return record
    }

    /// Audits a refused by-id probe, for loaders whose branch rule needs a second record (a document's file).
    func refusedOutOfScope(_ kind: String, id: UUID) async throws {
        try await audit("access.outOfScope", record: (kind, id.uuidString), outcome: .denied)
    }
}
