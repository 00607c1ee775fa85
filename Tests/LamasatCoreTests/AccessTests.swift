import Testing
@testable import LamasatCore

@Suite("Roles, permissions and branch scope")
struct AccessTests {
    @Test("every role may open the dashboard")
    func everyRoleHasDashboard() {
        for role in Role.allCases { #expect(RolePermissions.allows(role, .viewDashboard), "\(role)") }
    }

    @Test("only administrators manage users, branches and settings")
    func adminOnlyPermissions() {
        for permission in [Permission.manageUsers, .manageBranches, .manageSettings, .viewAuditLog, .viewMetrics] {
            #expect(RolePermissions.roles(without: permission) == Role.allCases.filter { $0 != .admin }, "\(permission)")
        }
    }

    @Test("every permission is granted to some role, and none to all by accident")
    func permissionsAreUsed() {
        for permission in Permission.allCases {
            #expect(Role.allCases.contains { RolePermissions.allows($0, permission) }, "\(permission) is granted to nobody")
        }
        #expect(!RolePermissions.allows(.volunteerCoordinator, .viewBeneficiaries))
        #expect(!RolePermissions.allows(.committeeMember, .editBeneficiaries))
        #expect(RolePermissions.allows(.manager, .viewConfidentialComplaints))
        #expect(!RolePermissions.allows(.relationsOfficer, .viewConfidentialComplaints))
    }

    @Test("own-branch scope reaches only the own branch; all-branches reaches every branch")
    func branchScope() {
        #expect(BranchScope.ownBranch.permits(recordBranch: "JED", userBranch: "JED"))
        #expect(!BranchScope.ownBranch.permits(recordBranch: "DMM", userBranch: "JED"))
        #expect(BranchScope.allBranches.permits(recordBranch: "DMM", userBranch: "JED"))
    }

    @Test("administrators span all branches by default, other roles their own")
    func defaultScopes() {
        #expect(Role.admin.defaultScope == .allBranches)
        for role in Role.allCases where role != .admin { #expect(role.defaultScope == .ownBranch) }
    }
}
