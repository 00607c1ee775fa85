import Fluent
import LamasatCore
import Foundation

/// [P-15] Something the association changed because of what beneficiaries said, linked to the feedback behind it.
final class ImprovementAction: Model, @unchecked Sendable {
    static let schema = "improvement_actions"

    enum Status: String, Codable, CaseIterable, Sendable {
        case planned, inProgress, done
        var localizationKey: String { "improvement.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "branch_id") var branchID: UUID
    @Field(key: "title") var title: String
    /// "You said" and "we did", as the public list shows them.
    @Field(key: "you_said") var youSaid: String
    @Field(key: "we_did") var weDid: String
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @Field(key: "status") var status: Status
    @Field(key: "due_on") var dueOn: String
    @Field(key: "done_on") var doneOn: String
    @Field(key: "is_published") var isPublished: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// The feedback an action answers: a survey comment, a suggestion or a complaint.
final class ImprovementLink: Model, @unchecked Sendable {
    static let schema = "improvement_links"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case surveyComment, suggestion, complaint
        var localizationKey: String { "improvement.link.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "action_id") var actionID: UUID
    @Field(key: "kind") var kind: Kind
    @Field(key: "target_id") var targetID: UUID
    @Field(key: "label") var label: String

    init() {}
}
extension ImprovementAction.Status: LocalizedChoice {}
