import Fluent
import Foundation

/// One merge of a duplicate file into the file that stays: the other file is kept as a closed tombstone pointing
/// here, so its number, its audit trail and whoever looks it up still lead to her.
final class FileMerge: Model, @unchecked Sendable {
    static let schema = "file_merges"

    @ID(key: .id) var id: UUID?
    @Field(key: "survivor_id") var survivorID: UUID
    @Field(key: "merged_id") var mergedID: UUID
    /// The fields taken from the merged file, by name (JSON list).
    @Field(key: "chosen") var chosen: String
    /// Rows moved, by table (JSON object).
    @Field(key: "moved") var moved: String
    @Field(key: "merged_by") var mergedBy: UUID
    @Field(key: "merged_at") var mergedAt: Date

    init() {}

    /// The files merged into `survivor`, for her timeline (their audit trail stays under their own ids).
    static func mergedInto(_ survivor: UUID, on db: any Database) async throws -> [UUID] {
        try await FileMerge.query(on: db).filter(\.$survivorID == survivor).all().map(\.mergedID)
    }
}
