/// Everything a staff member can be allowed to do. A route names exactly one; nothing is allowed by default.
public enum Permission: String, CaseIterable, Codable, Sendable, Hashable {
    // Every signed-in staff member.
    case viewDashboard
    // Administration.
    case manageUsers
    case manageBranches
    case manageSettings
    case viewAuditLog
    case viewOutbox
    case viewMetrics
    // Beneficiary work, used by the features built on this foundation.
    case viewBeneficiaries
    case editBeneficiaries
    case takeRequests
    case verifyDocuments
    /// PDPL data-subject export: everything held about one person.
    case exportPersonalData
    case writeResearch
    case voteInCommittee
    /// Seeing the committee's meetings, agendas and minutes.
    case viewCommittee
    /// Calling committee meetings, setting their agenda and following overdue requests.
    case organizeCommittee
    case deliverServices
    /// Recording a contact on any of the eight channels, and following it up.
    case logContacts
    case handleInquiries
    case handleComplaints
    case viewConfidentialComplaints
    case manageVolunteers
    /// Proactive rules, campaigns and call lists.
    case runOutreach
    /// Keeping the officer's library, the FAQ and the canned replies; seeing who has read what.
    case manageLibrary
    case viewReports
    /// Satisfaction results, the follow-ups of low scores, and the survey answers of those who agreed to be contacted.
    case viewSatisfaction
    /// Survey templates and their questions.
    case manageSurveys
    /// Improvement actions and the "you said, we did" list ([P-15]).
    case recordImprovements
    // Donors and money (issue 18).
    /// Donor records, gifts, pledges, receipts, thanks and statements.
    case manageDonors
    /// Funds, the categories entitled to zakat, and the catalog of in-kind items.
    case manageFunds
    /// Fund balances and in-kind stock.
    case viewFunds
    /// Collecting due payments into a batch, exporting it and entering the bank's result (the maker).
    case preparePayments
    /// Approving a batch another prepared (the checker).
    case approvePayments
    /// Donations, fund balances, aid paid by fund and donor retention.
    case viewFinanceReports
    // Data in and out (issue 19).
    /// Importing the association's existing lists; each kind also needs the permission of its own pages.
    case importData
    /// Creating and revoking the API tokens of the association's other systems.
    case manageAPITokens
    // Personal-data duties (issue 20).
    /// The breach register: incidents, the 72-hour clock, notification drafts, closure. Administrators only.
    case manageBreaches
    /// Her rights requests (access, correction, deletion, restriction, copy): the queue, the identity check, the
    /// decision and the answer, within her branch reach.
    case handleRightsRequests
    /// Cancelling an approved request before its full delivery (issue 20).
    case cancelRequests
    /// Publishing a branch's interview slots, booking them for her, and recording who came (issue 20).
    case manageAppointments
    /// Merging a duplicate file into the one that stays (issue 20). Managers only.
    case mergeFiles
    /// The retention schedule, its batches' preview and their approval (issue 20). Administrators only.
    case manageRetention
}

extension Permission {
    /// The permissions of work on beneficiaries' files and requests. A money-only role is answered 404 on them.
    public static let beneficiaryWork: Set<Permission> = [
        .viewBeneficiaries, .editBeneficiaries, .takeRequests, .verifyDocuments, .exportPersonalData, .writeResearch,
        .voteInCommittee, .viewCommittee, .organizeCommittee, .deliverServices, .logContacts, .handleInquiries,
        .handleComplaints, .viewConfidentialComplaints, .runOutreach, .viewSatisfaction, .recordImprovements,
        .manageVolunteers, .viewReports, .handleRightsRequests, .cancelRequests, .manageAppointments, .mergeFiles,
    ]
}
