import Vapor

/// Follow-ups of her low scores follow her file to another branch; her invitations stay with the branch that
/// served her, so results count it.
struct SatisfactionFilePart: FilePart {
    var followingTables: [String] { ["survey_followups"] }
}
