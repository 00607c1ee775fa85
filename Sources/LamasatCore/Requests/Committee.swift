/// A committee member's vote on one request ([P-22]).
public enum CommitteeVote: String, CaseIterable, Codable, Sendable {
    case approve, reject, abstain
    public var localizationKey: String { "committee.vote.\(rawValue)" }
}

/// The votes cast on one request in one meeting, and what they allow the chair to decide.
public struct CommitteeTally: Sendable, Equatable {
    public private(set) var approvals = 0
    public private(set) var rejections = 0
    public private(set) var abstentions = 0

    /// Members who declared a conflict of interest do not vote, so they never count towards the quorum.
    public init(votes: [CommitteeVote]) {
        for vote in votes {
            switch vote {
            case .approve: approvals += 1
            case .reject: rejections += 1
            case .abstain: abstentions += 1
            }
        }
    }

    public var cast: Int { approvals + rejections + abstentions }

    /// An abstention is a member present and taking part, so it counts towards the quorum.
    public func quorumReached(_ quorum: Int) -> Bool { quorum > 0 && cast >= quorum }
}

/// How many members make a quorum: at least two, never more than the members invited.
public enum CommitteeQuorum {
    public static let minimum = 2

    public static func isValid(_ quorum: Int, members: Int) -> Bool { quorum >= minimum && quorum <= members }

    /// The default is a simple majority of the members invited.
    public static func suggested(members: Int) -> Int { max(minimum, members / 2 + 1) }
}
