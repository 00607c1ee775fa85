/// [P-13] The five-answer rule for everything that shows single answers (a spreadsheet row, a comment): an answer is
/// shown only when the cell it would be read in — its month, branch, service and channel (anonymous answers form a
/// channel of their own) — holds at least `SatisfactionMath.minimumGroup` answers. A group total is not enough: one
/// row in a month of one service at one branch names who wrote it.
public struct SurveyCell: Hashable, Sendable {
    public let month: String
    public let branch: String
    public let service: String
    public let channel: String

    public init(month: String, branch: String, service: String, channel: String?) {
        self.month = month
        self.branch = branch
        self.service = service
        self.channel = channel ?? "anonymous"
    }

    /// The cells holding at least `minimum` of the given answers' cells.
    public static func shareable(_ cells: [SurveyCell], minimum: Int = SatisfactionMath.minimumGroup) -> Set<SurveyCell> {
        Set(Dictionary(grouping: cells, by: { $0 }).filter { $0.value.count >= minimum }.keys)
    }

    /// A comment is read with its month and service only (and the branch of the page): its cell leaves out the channel.
    public var withoutChannel: SurveyCell { SurveyCell(month: month, branch: branch, service: service, channel: "any") }
}
