/// The Role → Permission table. Least privilege: a role gets only what its daily work needs.
public enum RolePermissions {
    public static let table: [Role: Set<Permission>] = [
        .admin: [
            .viewDashboard, .manageUsers, .manageBranches, .manageSettings, .viewAuditLog, .viewOutbox, .viewMetrics,
            .viewReports, .manageLibrary, .manageSurveys, .manageFunds, .viewFunds, .viewFinanceReports, .manageAPITokens, .manageBreaches,
            .manageRetention,
        ],
        .manager: [
            .viewDashboard, .viewBeneficiaries, .editBeneficiaries, .takeRequests, .verifyDocuments, .exportPersonalData,
            .handleInquiries, .handleComplaints, .viewConfidentialComplaints, .viewReports, .viewOutbox, .organizeCommittee, .viewCommittee,
            .logContacts, .manageLibrary, .runOutreach, .viewSatisfaction, .recordImprovements, .viewFunds, .approvePayments,
            .viewFinanceReports, .importData, .handleRightsRequests, .cancelRequests, .manageAppointments, .mergeFiles,
        ],
        .relationsOfficer: [
            .viewDashboard, .viewBeneficiaries, .editBeneficiaries, .takeRequests, .verifyDocuments, .exportPersonalData,
            .handleInquiries, .handleComplaints, .logContacts, .handleRightsRequests, .manageAppointments,
        ],
        .researcher: [.viewDashboard, .viewBeneficiaries, .writeResearch, .handleInquiries, .logContacts],
        .committeeMember: [.viewDashboard, .viewBeneficiaries, .voteInCommittee, .viewCommittee],
        .serviceOfficer: [.viewDashboard, .viewBeneficiaries, .deliverServices, .logContacts],
        .branchRep: [.viewDashboard, .viewBeneficiaries, .editBeneficiaries, .takeRequests, .handleInquiries, .logContacts, .manageAppointments],
        .volunteerCoordinator: [.viewDashboard, .manageVolunteers, .importData],
        .donorOfficer: [.viewDashboard, .manageDonors, .viewFunds, .viewFinanceReports, .importData],
        // Maker and checker hold the same permissions; a batch refuses approval by the user who prepared it.
        .financeOfficer: [.viewDashboard, .viewFunds, .preparePayments, .approvePayments, .viewFinanceReports],
    ]

    public static func permissions(of role: Role) -> Set<Permission> {
        table[role] ?? []
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permissions(of: role).contains(permission)
    }

    /// Roles that lack a permission — what the "wrong role" tests sign in as.
    public static func roles(without permission: Permission) -> [Role] {
        Role.allCases.filter { !allows($0, permission) }
    }
}
