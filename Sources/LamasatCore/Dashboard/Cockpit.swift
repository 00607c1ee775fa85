/// What the home page shows each role ([P-4], [P-9]): the manager the KPIs of the policy, the officer and the
/// branch representative their queues and today's follow-ups, the researcher her referrals and visits, the committee
/// member her next meeting, the service officer what waits for delivery, the administrator the system's health.
public enum Cockpit: String, CaseIterable, Sendable, Encodable {
    case leadership, casework, research, committee, delivery, volunteers, money, system

    public static func of(_ role: Role) -> Cockpit {
        switch role {
        case .admin: .system
        case .manager: .leadership
        case .relationsOfficer, .branchRep: .casework
        case .researcher: .research
        case .committeeMember: .committee
        case .serviceOfficer: .delivery
        case .volunteerCoordinator: .volunteers
        case .donorOfficer, .financeOfficer: .money
        }
    }

    /// The permission whose holder may see the figures of this cockpit; the home page checks it as well as the role.
    public var permission: Permission {
        switch self {
        case .leadership: .viewReports
        case .casework: .takeRequests
        case .research: .writeResearch
        case .committee: .voteInCommittee
        case .delivery: .deliverServices
        case .volunteers: .manageVolunteers
        case .money: .viewFunds
        case .system: .viewMetrics
        }
    }
}
