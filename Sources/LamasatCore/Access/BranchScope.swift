/// Which branches' records a staff member may see. Every feature filters its records through this rule.
public enum BranchScope: String, CaseIterable, Codable, Sendable {
    case ownBranch
    case allBranches

    public var localizationKey: String { "scope.\(rawValue)" }

    /// Whether a user of `userBranch` with this scope may reach a record held by `recordBranch`.
    public func permits<ID: Equatable>(recordBranch: ID, userBranch: ID) -> Bool {
        switch self {
        case .allBranches: true
        case .ownBranch: recordBranch == userBranch
        }
    }
}
