/// The staff roles of the association (see shared/DOMAIN.md). Beneficiaries, volunteers and donors are not staff
/// and never hold one of these.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable {
    case admin
    case manager
    case relationsOfficer
    case researcher
    case committeeMember
    case serviceOfficer
    case branchRep
    case volunteerCoordinator

    /// Key of the role's display name in the localization files.
    public var localizationKey: String { "role.\(rawValue)" }

    /// The branch scope a new user of this role gets unless the administrator chooses otherwise.
    public var defaultScope: BranchScope {
        self == .admin ? .allBranches : .ownBranch
    }
}
