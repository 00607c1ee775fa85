import Fluent
import Foundation
import LamasatCore

/// A file attached to a contact (a letter's scan), a complaint, or a library version. Bytes stay in the database.
final class StoredFile: Model, @unchecked Sendable {
    static let schema = "stored_files"

    @ID(key: .id) var id: UUID?
    @Field(key: "owner_type") var ownerType: String
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "display_name") var displayName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(owner: (type: String, id: UUID), name: String, kind: UploadedFileKind, bytes: [UInt8], by: UUID, at: Date) {
        self.id = UUID()
        self.ownerType = owner.type
        self.ownerID = owner.id
        self.displayName = UploadedFileKind.displayName(name)
        self.contentType = kind.contentType
        self.size = bytes.count
        self.sha256 = sha256Hex(bytes)
        self.data = Data(bytes)
        self.createdBy = by
        self.createdAt = at
    }
}
