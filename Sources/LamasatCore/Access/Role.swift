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
    /// Donors, gifts and receipts (تنمية الموارد); never a beneficiary's file.
    case donorOfficer
    /// Funds and payment batches to her IBAN; sees the payment lines, never a beneficiary's file.
    case financeOfficer

    /// Key of the role's display name in the localization files.
    public var localizationKey: String { "role.\(rawValue)" }

    /// The branch scope a new user of this role gets unless the administrator chooses otherwise.
    public var defaultScope: BranchScope {
        self == .admin ? .allBranches : .ownBranch
    }

    /// Roles that work with money only. A route of beneficiary work answers them 404, not 403: they do not learn
    /// that the page, or the file behind it, exists.
    public var worksWithMoneyOnly: Bool { self == .donorOfficer || self == .financeOfficer }
}
