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
}
