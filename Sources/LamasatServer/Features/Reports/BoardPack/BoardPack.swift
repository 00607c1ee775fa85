import Fluent
import Foundation

/// A generated board pack, kept as rendered: its HTML (styles and charts inline, nothing fetched when opened) and
/// its SHA-256, so the board's copy can be shown again byte for byte and checked.
final class BoardPack: Model, @unchecked Sendable {
    static let schema = "board_packs"

    @ID(key: .id) var id: UUID?
    @Field(key: "period_token") var periodToken: String
    @Field(key: "period_label") var periodLabel: String
    @OptionalField(key: "branch_id") var branchID: UUID?
    @Field(key: "language") var language: String
    @Field(key: "html") var html: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
